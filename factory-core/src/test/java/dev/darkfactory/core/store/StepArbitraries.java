package dev.darkfactory.core.store;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Satisfaction;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik arbitraries for every step, entry and run, honouring the records' invariants. */
final class StepArbitraries {

  private static final long TWO_TO_53 = 1L << 53;

  private StepArbitraries() {}

  /** Any text, including control characters and unpaired surrogates. */
  static Arbitrary<String> text() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(30),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30));
  }

  static Arbitrary<String> nonBlank() {
    return text().filter(s -> !s.isBlank());
  }

  static Arbitrary<SpecId> specIds() {
    return Arbitraries.strings()
        .withChars("abcdefghijklmnopqrstuvwxyz0123456789")
        .ofMinLength(1)
        .ofMaxLength(12)
        .list()
        .ofMinSize(1)
        .ofMaxSize(3)
        .map(parts -> SpecId.of(String.join("-", parts)));
  }

  static Arbitrary<CommitId> commits() {
    return Arbitraries.of(40, 64)
        .flatMap(n -> Arbitraries.strings().withChars("0123456789abcdef").ofLength(n))
        .map(CommitId::of);
  }

  static Arbitrary<Candidate> candidates() {
    return Combinators.combine(
            specIds(), Arbitraries.integers().between(1, Integer.MAX_VALUE), nonBlank(), commits(),
            commits())
        .as(Candidate::new);
  }

  static Arbitrary<Usage> usages() {
    Arbitrary<Long> count = Arbitraries.longs().between(0, Long.MAX_VALUE);
    return Combinators.combine(count, count, count, count)
        .flatAs(
            (in, out, read, write) ->
                Arbitraries.longs().between(0, out).map(r -> new Usage(in, out, read, write, r)));
  }

  /** Durations over the whole range, down to the nanosecond. */
  static Arbitrary<Duration> durations() {
    return Combinators.combine(
            Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L),
            Arbitraries.integers().between(0, 999_999_999))
        .as(Duration::ofSeconds);
  }

  static Arbitrary<Duration> nonNegativeDurations() {
    return durations().map(Duration::abs);
  }

  static Arbitrary<Instant> instants() {
    return Combinators.combine(
            Arbitraries.longs().between(-62_000_000_000L, 253_000_000_000L),
            Arbitraries.integers().between(0, 999_999_999))
        .as(Instant::ofEpochSecond);
  }

  /** Doubles from 0 to 1 at full precision, with the ends. */
  static Arbitrary<Double> unit() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, Arbitraries.longs().between(0, TWO_TO_53).map(l -> l / (double) TWO_TO_53)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(0.0, 1.0, 0.5, 0.1)));
  }

  static Arbitrary<Satisfaction> satisfactions() {
    Arbitrary<Double> open =
        Arbitraries.longs().between(1, TWO_TO_53 - 1).map(l -> l / (double) TWO_TO_53);
    return Combinators.combine(unit(), unit(), unit(), open)
        .as(
            (score, l, u, confidence) ->
                new Satisfaction(
                    score,
                    Math.min(score, score * l),
                    Math.max(score, Math.min(1.0, score + (1 - score) * u)),
                    confidence));
  }

  static Arbitrary<TrialResult> trial(int number) {
    return Combinators.combine(Arbitraries.of(Verdict.class), text(), nonNegativeDurations())
        .as((v, detail, elapsed) -> new TrialResult(number, v, detail, elapsed));
  }

  static Arbitrary<ScenarioResult> scenario(int index) {
    Arbitrary<List<TrialResult>> trials =
        Arbitraries.integers()
            .between(1, 4)
            .flatMap(
                n -> {
                  List<Arbitrary<TrialResult>> each = new ArrayList<>();
                  for (int i = 1; i <= n; i++) {
                    each.add(trial(i));
                  }
                  return Combinators.combine(each).as(list -> list);
                });
    Arbitrary<Double> weight =
        Arbitraries.longs().between(1, 0x7FEFFFFFFFFFFFFFL).map(Double::longBitsToDouble);
    return Combinators.combine(
            Arbitraries.of(Visibility.class), Arbitraries.of(true, false), weight, trials)
        .flatAs(
            (visibility, required, w, ts) -> {
              boolean anyPass = ts.stream().anyMatch(t -> t.verdict() == Verdict.PASS);
              Arbitrary<Verdict> verdict =
                  anyPass
                      ? Arbitraries.of(Verdict.class)
                      : Arbitraries.of(Verdict.FAIL, Verdict.INVALID, Verdict.SUSPECT);
              return verdict.map(
                  v ->
                      new ScenarioResult(
                          ScenarioId.of("scenario-" + index), visibility, required, w, ts, v));
            });
  }

  static Arbitrary<List<ScenarioResult>> scenarios() {
    return Arbitraries.integers()
        .between(0, 4)
        .flatMap(
            n -> {
              List<Arbitrary<ScenarioResult>> each = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                each.add(scenario(i));
              }
              return Combinators.combine(each).as(list -> list);
            });
  }

  static Arbitrary<EvaluationReport> reports() {
    Arbitrary<List<String>> lines = nonBlank().list().ofMaxSize(3);
    return Combinators.combine(
            candidates(), satisfactions(), scenarios(), lines, lines, usages(), durations(),
            Arbitraries.of(Verdict.class))
        .as(
            (candidate, satisfaction, scenarios, tamper, notes, usage, elapsed, wanted) -> {
              Verdict verdict = wanted;
              boolean canPass =
                  !scenarios.isEmpty()
                      && scenarios.stream()
                          .allMatch(r -> !r.required() || r.verdict() == Verdict.PASS);
              List<String> n = notes;
              if (!tamper.isEmpty()) {
                verdict = Verdict.SUSPECT;
              } else if (verdict == Verdict.SUSPECT || (verdict == Verdict.PASS && !canPass)) {
                verdict = Verdict.FAIL;
              }
              if (verdict == Verdict.INVALID && n.isEmpty()) {
                n = List.of("could not decide");
              }
              return new EvaluationReport(
                  candidate, verdict, satisfaction, scenarios, tamper, n, usage, elapsed);
            });
  }

  static Arbitrary<MergeDecision> decisions() {
    return Combinators.combine(
            Arbitraries.of(MergeDecision.Action.class), nonBlank().list().ofMinSize(1).ofMaxSize(3))
        .as(
            (action, reasons) ->
                switch (action) {
                  case MERGE -> new MergeDecision.Merge(reasons);
                  case HOLD -> new MergeDecision.Hold(reasons);
                  case REJECT -> new MergeDecision.Reject(reasons);
                  case RETRY -> new MergeDecision.Retry(reasons);
                });
  }

  static Arbitrary<Step> steps() {
    return Arbitraries.oneOf(
        List.of(
            nonBlank().map(Step.Claimed::new),
            Combinators.combine(nonBlank(), commits()).as(Step.AttemptStarted::new),
            Combinators.combine(nonBlank(), usages()).as(Step.ModelCalled::new),
            Combinators.combine(nonBlank(), nonBlank(), text(), text().list().ofMaxSize(3), usages())
                .as(Step.AgentFinished::new),
            candidates().map(Step.CandidateCommitted::new),
            nonBlank().map(Step.NoCandidate::new),
            Combinators.combine(nonBlank(), reports()).as(Step.Evaluated::new),
            Combinators.combine(candidates(), decisions()).as(Step.Decided::new),
            Combinators.combine(candidates(), nonBlank(), commits(), commits())
                .as(Step.MergeIntent::new),
            Combinators.combine(candidates(), nonBlank(), commits()).as(Step.Merged::new),
            Combinators.combine(candidates(), candidates()).as(Step.Rebased::new),
            Combinators.combine(candidates(), commits(), text()).as(Step.RebaseConflict::new),
            Combinators.combine(Arbitraries.of(Resolution.class), nonBlank())
                .as(Step.SpecFinished::new)));
  }

  static Arbitrary<JournalEntry> entries() {
    return Combinators.combine(
            Arbitraries.longs().between(0, Long.MAX_VALUE),
            nonBlank(),
            specIds(),
            nonBlank(),
            Arbitraries.integers().between(0, Integer.MAX_VALUE),
            instants(),
            steps())
        .as(JournalEntry::new);
  }

  static Arbitrary<RunRecord> runs() {
    return Combinators.combine(
            nonBlank(),
            nonBlank(),
            instants(),
            instants().injectNull(0.3),
            Arbitraries.integers().between(0, Integer.MAX_VALUE))
        .as(RunRecord::new);
  }
}
