package dev.darkfactory.testkit.arbitraries;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.evaluator.calibration.CalibrationConfiguration;
import dev.darkfactory.evaluator.calibration.HumanVerdict;
import dev.darkfactory.evaluator.calibration.LedgerRecord;
import dev.darkfactory.evaluator.calibration.Review;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.arbitraries.ArbitraryDecorator;
import org.apiguardian.api.API;

/**
 * Lists of alignment-ledger records with exactly the review share and agreement rate a test sets;
 * made by {@link LedgerArbitraries#ledgers()} and refined with its methods, each of which returns
 * a new arbitrary.
 *
 * <p>Of {@code n} records, exactly {@code round(reviewedShare × n)} carry reviews (the last one
 * counts; about one in ten has an earlier review of the opposite verdict that it supersedes). Of
 * the reviewed records whose evaluator verdict is not INVALID ({@code d} of them), exactly {@code
 * round(agreementRate × d)} have a last review that agrees with the evaluator: APPROVE for PASS,
 * REJECT for FAIL and SUSPECT, as {@code AlignmentStatistics} counts them. Rounding is to the
 * nearest record, halves up. Candidates are unique, decisions are ten minutes apart in list order,
 * and every review comes after its decision.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class LedgerArbitrary extends ArbitraryDecorator<List<LedgerRecord>> {

  static final Instant START = Instant.parse("2026-01-01T08:00:00Z");
  static final List<String> REVIEWERS = List.of("ada", "grace", "linus", "barbara");
  static final List<String> REASONS =
      List.of("", "looks right", "misses the empty-input case", "the tests were weakened");
  private static final List<String> SPECS = List.of("greeting", "parser", "billing", "search", "auth");
  private static final List<String> LABELS = List.of("backend", "frontend", "security");

  private final int minSize;
  private final int maxSize;
  private final double agreementRate;
  private final double reviewedShare;
  private final CalibrationConfiguration configuration;
  private final String repository;
  private final Instant start;
  private final List<Verdict> verdicts;

  LedgerArbitrary() {
    this(
        0,
        50,
        0.9,
        0.8,
        LedgerArbitraries.CONFIGURATION,
        "default",
        START,
        List.of(
            Verdict.PASS, Verdict.PASS, Verdict.PASS, Verdict.PASS, Verdict.PASS, Verdict.PASS,
            Verdict.FAIL, Verdict.FAIL, Verdict.FAIL, Verdict.SUSPECT, Verdict.INVALID));
  }

  private LedgerArbitrary(
      int minSize,
      int maxSize,
      double agreementRate,
      double reviewedShare,
      CalibrationConfiguration configuration,
      String repository,
      Instant start,
      List<Verdict> verdicts) {
    this.minSize = minSize;
    this.maxSize = maxSize;
    this.agreementRate = agreementRate;
    this.reviewedShare = reviewedShare;
    this.configuration = configuration;
    this.repository = repository;
    this.start = start;
    this.verdicts = verdicts;
  }

  /**
   * Sets how many records a list holds.
   *
   * @param min the fewest; at least 0
   * @param max the most; at least {@code min}
   * @return the refined arbitrary
   */
  public LedgerArbitrary ofSize(int min, int max) {
    Require.atLeast(min, 0, "min");
    if (max < min) {
      throw new IllegalArgumentException("max must be at least min (" + min + ") but was " + max);
    }
    return new LedgerArbitrary(min, max, agreementRate, reviewedShare, configuration, repository, start, verdicts);
  }

  /**
   * Sets the share of reviewed, decided records whose human verdict agrees with the evaluator.
   *
   * @param rate from 0 to 1
   * @return the refined arbitrary
   */
  public LedgerArbitrary agreementRate(double rate) {
    Require.between(rate, 0, 1, "agreementRate");
    return new LedgerArbitrary(minSize, maxSize, rate, reviewedShare, configuration, repository, start, verdicts);
  }

  /**
   * Sets the share of records that carry human reviews.
   *
   * @param share from 0 (nothing reviewed yet) to 1 (everything reviewed)
   * @return the refined arbitrary
   */
  public LedgerArbitrary reviewedShare(double share) {
    Require.between(share, 0, 1, "reviewedShare");
    return new LedgerArbitrary(minSize, maxSize, agreementRate, share, configuration, repository, start, verdicts);
  }

  /**
   * Sets the configuration every record belongs to.
   *
   * @param configuration the configuration; {@link LedgerArbitraries#CONFIGURATION} by default
   * @return the refined arbitrary
   */
  public LedgerArbitrary configuration(CalibrationConfiguration configuration) {
    Require.nonNull(configuration, "configuration");
    return new LedgerArbitrary(minSize, maxSize, agreementRate, reviewedShare, configuration, repository, start, verdicts);
  }

  /**
   * Sets the repository name every record carries.
   *
   * @param repository the name; {@code default} by default, as the factory names a repository
   * @return the refined arbitrary
   */
  public LedgerArbitrary repository(String repository) {
    Require.nonBlank(repository, "repository");
    return new LedgerArbitrary(minSize, maxSize, agreementRate, reviewedShare, configuration, repository, start, verdicts);
  }

  /**
   * Sets when the first decision was made; the others follow ten minutes apart.
   *
   * @param start the first decision's time; {@code 2026-01-01T08:00:00Z} by default
   * @return the refined arbitrary
   */
  public LedgerArbitrary startingAt(Instant start) {
    Require.nonNull(start, "start");
    return new LedgerArbitrary(minSize, maxSize, agreementRate, reviewedShare, configuration, repository, start, verdicts);
  }

  /**
   * Restricts the evaluator verdicts records have, each as likely as the others. By default PASS is
   * six times as likely as SUSPECT or INVALID, and FAIL three times.
   *
   * @param allowed at least one verdict
   * @return the refined arbitrary
   */
  public LedgerArbitrary verdicts(Verdict... allowed) {
    List<Verdict> list = Require.copyOf(List.of(allowed), "verdicts");
    if (list.isEmpty()) {
      throw new IllegalArgumentException("verdicts needs at least one verdict");
    }
    return new LedgerArbitrary(minSize, maxSize, agreementRate, reviewedShare, configuration, repository, start, list);
  }

  @Override
  protected Arbitrary<List<LedgerRecord>> arbitrary() {
    Arbitrary<Decision> decision =
        Combinators.combine(
                Arbitraries.of(SPECS),
                Arbitraries.integers().between(1, 3),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(32),
                Arbitraries.of(verdicts),
                Arbitraries.doubles().between(0, 1).ofScale(2),
                Arbitraries.of(true, false),
                Arbitraries.of(LABELS).set().ofMaxSize(2))
            .as(Decision::new);
    Arbitrary<Human> human =
        Combinators.combine(
                Arbitraries.doubles().between(0, 1),
                Arbitraries.doubles().between(0, 1),
                Arbitraries.of(REVIEWERS),
                Arbitraries.of(REASONS),
                Arbitraries.integers().between(1, 72),
                Arbitraries.frequency(net.jqwik.api.Tuple.of(1, true), net.jqwik.api.Tuple.of(9, false)))
            .as(Human::new);
    return Combinators.combine(decision, human)
        .as(Raw::new)
        .list()
        .ofMinSize(minSize)
        .ofMaxSize(maxSize)
        .map(this::records);
  }

  private record Decision(
      String spec,
      int attempt,
      String commitPrefix,
      Verdict verdict,
      double satisfaction,
      boolean cautious,
      Set<String> labels) {}

  private record Human(
      double reviewKey, double agreeKey, String reviewer, String reason, int hoursLater, boolean revised) {}

  private record Raw(Decision decision, Human human) {}

  private List<LedgerRecord> records(List<Raw> raws) {
    int n = raws.size();
    boolean[] reviewed = new boolean[n];
    List<Integer> byReviewKey = indices(n, i -> raws.get(i).human().reviewKey());
    int reviewedCount = (int) Math.round(reviewedShare * n);
    for (int k = 0; k < reviewedCount; k++) {
      reviewed[byReviewKey.get(k)] = true;
    }
    List<Integer> decided = new ArrayList<>();
    for (int i : indices(n, i -> raws.get(i).human().agreeKey())) {
      if (reviewed[i] && raws.get(i).decision().verdict() != Verdict.INVALID) {
        decided.add(i);
      }
    }
    boolean[] agrees = new boolean[n];
    int agreements = (int) Math.round(agreementRate * decided.size());
    for (int k = 0; k < agreements; k++) {
      agrees[decided.get(k)] = true;
    }
    List<LedgerRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(record(i, raws.get(i), reviewed[i], agrees[i]));
    }
    return out;
  }

  /** Indices 0..n-1 ordered by a key, ties by index. */
  private static List<Integer> indices(int n, java.util.function.IntToDoubleFunction key) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    order.sort(Comparator.<Integer>comparingDouble(key::applyAsDouble).thenComparing(i -> i));
    return order;
  }

  private LedgerRecord record(int index, Raw raw, boolean reviewed, boolean agrees) {
    Decision d = raw.decision();
    Human h = raw.human();
    SpecId spec = SpecId.of(d.spec());
    Candidate candidate =
        new Candidate(
            spec,
            d.attempt(),
            Candidate.branchFor(spec, d.attempt()),
            CommitId.of(d.commitPrefix() + String.format(Locale.ROOT, "%08x", index)),
            CommitId.of("b".repeat(32) + String.format(Locale.ROOT, "%08x", index)));
    Instant decidedAt = start.plus(Duration.ofMinutes(10L * index));
    List<Review> reviews = new ArrayList<>();
    if (reviewed) {
      HumanVerdict last;
      if (d.verdict() == Verdict.INVALID) {
        last = h.agreeKey() < 0.5 ? HumanVerdict.APPROVE : HumanVerdict.REJECT;
      } else {
        boolean evaluatorApproves = d.verdict() == Verdict.PASS;
        last = evaluatorApproves == agrees ? HumanVerdict.APPROVE : HumanVerdict.REJECT;
      }
      Instant at = decidedAt.plus(Duration.ofHours(h.hoursLater()));
      if (h.revised()) {
        HumanVerdict first = last == HumanVerdict.APPROVE ? HumanVerdict.REJECT : HumanVerdict.APPROVE;
        reviews.add(new Review(first, "first-reviewer", "a first look", at));
        at = at.plus(Duration.ofHours(1));
      }
      reviews.add(new Review(last, h.reviewer(), h.reason(), at));
    }
    return new LedgerRecord(
        candidate,
        repository,
        d.labels(),
        configuration,
        d.verdict(),
        satisfaction(d.verdict(), d.satisfaction()),
        action(d.verdict(), d.cautious()),
        decidedAt,
        reviews);
  }

  private static double satisfaction(Verdict verdict, double u) {
    return switch (verdict) {
      case PASS -> 0.5 + u / 2;
      case FAIL, SUSPECT -> u * 0.8;
      case INVALID -> u;
    };
  }

  /** What a policy plausibly did with the verdict; {@code cautious} picks the holding answer. */
  private static MergeDecision.Action action(Verdict verdict, boolean cautious) {
    return switch (verdict) {
      case PASS -> cautious ? MergeDecision.Action.HOLD : MergeDecision.Action.MERGE;
      case FAIL -> cautious ? MergeDecision.Action.REJECT : MergeDecision.Action.RETRY;
      case SUSPECT -> cautious ? MergeDecision.Action.HOLD : MergeDecision.Action.REJECT;
      case INVALID -> cautious ? MergeDecision.Action.HOLD : MergeDecision.Action.RETRY;
    };
  }
}
