package dev.darkfactory.testkit.assertions;

import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Satisfaction;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.core.factory.SpecOutcome;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/** The wording of failure messages: short, one-line descriptions of the library's values. */
final class Describe {

  /** Longest free text (a reason, a trial's detail) quoted in a message. */
  private static final int TEXT_LIMIT = 160;

  /** Most events listed in a message; the rest are counted. */
  private static final int EVENT_LIMIT = 60;

  private Describe() {}

  /** A number without noise: at most four decimals, no trailing zeros. */
  static String number(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    return BigDecimal.valueOf(value)
        .setScale(4, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }

  /** Free text on one line, cut to a readable length, in quotes. */
  static String text(String value) {
    String oneLine = value.strip().replaceAll("\\s*\\R\\s*", " / ");
    if (oneLine.length() > TEXT_LIMIT) {
      oneLine = oneLine.substring(0, TEXT_LIMIT) + "...";
    }
    return "\"" + oneLine + "\"";
  }

  /** Texts as a list, or {@code none}. */
  static String texts(Collection<String> values) {
    if (values.isEmpty()) {
      return "none";
    }
    return values.stream().map(Describe::text).collect(Collectors.joining(", ", "[", "]"));
  }

  /** Which spec and attempt a candidate belongs to. */
  static String candidate(Candidate candidate) {
    return "spec " + candidate.specId() + " (attempt " + candidate.attempt() + ")";
  }

  /** Who a report is about: {@code the evaluation of spec x (attempt n)}. */
  static String reportSubject(EvaluationReport report) {
    return "the evaluation of " + candidate(report.candidate());
  }

  /** The satisfaction with its interval. */
  static String satisfaction(Satisfaction s) {
    return number(s.score())
        + " (interval "
        + number(s.lower())
        + " to "
        + number(s.upper())
        + " at "
        + number(s.confidence() * 100)
        + "% confidence)";
  }

  /** A report over several lines: verdict, satisfaction, scenarios, tamper signals, notes. */
  static String report(EvaluationReport report) {
    StringBuilder out = new StringBuilder();
    out.append("  verdict: ").append(report.verdict());
    out.append("\n  satisfaction: ").append(satisfaction(report.satisfaction()));
    out.append("\n  scenarios:");
    if (report.scenarios().isEmpty()) {
      out.append(" none");
    }
    for (ScenarioResult r : report.scenarios()) {
      out.append("\n    - ").append(scenario(r));
    }
    out.append("\n  tamper signals: ").append(texts(report.tamperSignals()));
    out.append("\n  notes: ").append(texts(report.notes()));
    return out.toString();
  }

  /** One scenario on one line: id, visibility, requirement, verdict, trials. */
  static String scenario(ScenarioResult r) {
    return r.id()
        + " ("
        + r.visibility().name().toLowerCase(java.util.Locale.ROOT)
        + (r.required() ? ", required" : ", optional")
        + "): "
        + r.verdict()
        + ", "
        + trials(r);
  }

  /** Passed over total trials, with the detail of the first trial that did not pass. */
  static String trials(ScenarioResult r) {
    StringBuilder out = new StringBuilder();
    out.append(r.passed()).append('/').append(r.trials().size()).append(" trials passed");
    for (TrialResult t : r.trials()) {
      if (t.verdict() != Verdict.PASS && !t.detail().isBlank()) {
        out.append("; trial ").append(t.trial()).append(' ').append(t.verdict());
        out.append(": ").append(text(t.detail()));
        break;
      }
    }
    return out.toString();
  }

  /** The kind of a decision with its reasons. */
  static String decision(MergeDecision decision) {
    return decision.action() + " " + texts(decision.reasons());
  }

  /** The kind of an outcome, in words, with its text. */
  static String outcome(AgentOutcome outcome) {
    if (outcome instanceof AgentOutcome.Finished f) {
      return "finished: " + text(f.summary());
    } else if (outcome instanceof AgentOutcome.GaveUp g) {
      return "gave up: " + text(g.reason());
    } else if (outcome instanceof AgentOutcome.LimitReached l) {
      return "reached limit " + l.limit() + ": " + text(l.detail());
    } else if (outcome instanceof AgentOutcome.Failed f) {
      return "failed: " + text(f.error());
    } else if (outcome instanceof AgentOutcome.Aborted a) {
      return "was aborted with cause " + a.cause() + ": " + text(a.detail());
    }
    return outcome.toString();
  }

  /** The text every outcome kind carries: summary, reason, detail or error. */
  static String outcomeText(AgentOutcome outcome) {
    if (outcome instanceof AgentOutcome.Finished f) {
      return f.summary();
    } else if (outcome instanceof AgentOutcome.GaveUp g) {
      return g.reason();
    } else if (outcome instanceof AgentOutcome.LimitReached l) {
      return l.detail();
    } else if (outcome instanceof AgentOutcome.Failed f) {
      return f.error();
    } else if (outcome instanceof AgentOutcome.Aborted a) {
      return a.detail();
    }
    return outcome.toString();
  }

  /** Every count of a usage. */
  static String usage(Usage u) {
    return "input "
        + u.inputTokens()
        + ", output "
        + u.outputTokens()
        + ", cache read "
        + u.cacheReadTokens()
        + ", cache write "
        + u.cacheWriteTokens()
        + ", reasoning "
        + u.reasoningTokens()
        + "; total "
        + u.totalTokens();
  }

  /** A spec's outcome on one line. */
  static String specOutcome(SpecOutcome o) {
    return o.specId()
        + " "
        + o.resolution()
        + " after "
        + o.attempts()
        + (o.attempts() == 1 ? " attempt: " : " attempts: ")
        + text(o.reason());
  }

  /** The spec an event is about, if it is about one. */
  static Optional<SpecId> specOf(FactoryEvent e) {
    if (e instanceof FactoryEvent.SpecClaimed x) {
      return Optional.of(x.specId());
    } else if (e instanceof FactoryEvent.AttemptStarted x) {
      return Optional.of(x.specId());
    } else if (e instanceof FactoryEvent.NoCandidate x) {
      return Optional.of(x.specId());
    } else if (e instanceof FactoryEvent.AgentNoted x) {
      return Optional.of(x.specId());
    } else if (e instanceof FactoryEvent.ModelCalled x) {
      return Optional.of(x.specId());
    } else if (e instanceof FactoryEvent.AgentFinished x) {
      return Optional.of(x.specId());
    } else if (e instanceof FactoryEvent.SpecFinished x) {
      return Optional.of(x.specId());
    }
    return candidateOf(e).map(Candidate::specId);
  }

  /** The attempt an event is about, if it is about one. */
  static OptionalInt attemptOf(FactoryEvent e) {
    if (e instanceof FactoryEvent.AttemptStarted x) {
      return OptionalInt.of(x.attempt());
    } else if (e instanceof FactoryEvent.NoCandidate x) {
      return OptionalInt.of(x.attempt());
    } else if (e instanceof FactoryEvent.AgentNoted x) {
      return OptionalInt.of(x.attempt());
    } else if (e instanceof FactoryEvent.AgentFinished x) {
      return OptionalInt.of(x.attempt());
    }
    return candidateOf(e).map(c -> OptionalInt.of(c.attempt())).orElse(OptionalInt.empty());
  }

  private static Optional<Candidate> candidateOf(FactoryEvent e) {
    if (e instanceof FactoryEvent.CandidateReviewed x) {
      return Optional.of(x.candidate());
    } else if (e instanceof FactoryEvent.EvaluationStarted x) {
      return Optional.of(x.candidate());
    } else if (e instanceof FactoryEvent.CandidateRebased x) {
      return Optional.of(x.to());
    } else if (e instanceof FactoryEvent.RebaseConflicted x) {
      return Optional.of(x.candidate());
    } else if (e instanceof FactoryEvent.MergeStarted x) {
      return Optional.of(x.candidate());
    } else if (e instanceof FactoryEvent.CandidateCommitted x) {
      return Optional.of(x.candidate());
    } else if (e instanceof FactoryEvent.EvaluationFinished x) {
      return Optional.of(x.report().candidate());
    } else if (e instanceof FactoryEvent.DecisionMade x) {
      return Optional.of(x.candidate());
    } else if (e instanceof FactoryEvent.Merged x) {
      return Optional.of(x.candidate());
    }
    return Optional.empty();
  }

  /** One event on one line: its kind, spec, attempt and what it says. */
  static String event(FactoryEvent e) {
    List<String> parts = new ArrayList<>();
    specOf(e).ifPresent(s -> parts.add("spec " + s));
    attemptOf(e).ifPresent(a -> parts.add("attempt " + a));
    String what = eventDetail(e);
    String head = e.getClass().getSimpleName();
    String where = parts.isEmpty() ? "" : " " + String.join(", ", parts);
    return head + where + (what.isEmpty() ? "" : ": " + what);
  }

  private static String eventDetail(FactoryEvent e) {
    if (e instanceof FactoryEvent.RunStarted x) {
      return "run " + x.runId();
    } else if (e instanceof FactoryEvent.NoCandidate x) {
      return text(x.reason());
    } else if (e instanceof FactoryEvent.AgentNoted x) {
      return text(x.note());
    } else if (e instanceof FactoryEvent.CandidateReviewed x) {
      return (x.approved() ? "approved" : "rejected")
          + " by "
          + x.reviewer()
          + (x.reason().isBlank() ? "" : " " + text(x.reason()));
    } else if (e instanceof FactoryEvent.EvaluationStarted x) {
      return "by " + x.evaluator();
    } else if (e instanceof FactoryEvent.CandidateRebased x) {
      return "from attempt " + x.from().attempt() + " onto " + x.to().base().abbreviated();
    } else if (e instanceof FactoryEvent.RebaseConflicted x) {
      return "with target " + x.target().abbreviated();
    } else if (e instanceof FactoryEvent.MergeStarted x) {
      return "into " + x.targetBranch();
    } else if (e instanceof FactoryEvent.ModelCalled x) {
      return x.model() + ", " + usage(x.usage());
    } else if (e instanceof FactoryEvent.AgentFinished x) {
      return outcome(x.outcome());
    } else if (e instanceof FactoryEvent.CandidateCommitted x) {
      return "commit " + x.candidate().commit().abbreviated();
    } else if (e instanceof FactoryEvent.EvaluationFinished x) {
      return x.report().verdict().toString();
    } else if (e instanceof FactoryEvent.DecisionMade x) {
      return decision(x.decision());
    } else if (e instanceof FactoryEvent.Merged x) {
      return "into " + x.targetBranch() + " at " + x.head().abbreviated();
    } else if (e instanceof FactoryEvent.BudgetExhausted x) {
      return "budget "
          + x.budget()
          + " refused "
          + x.requested().tokens()
          + " tokens with "
          + x.remaining().tokens()
          + " left";
    } else if (e instanceof FactoryEvent.SpecFinished x) {
      return x.resolution().toString();
    } else if (e instanceof FactoryEvent.RunFinished x) {
      return x.specsFinished() + (x.specsFinished() == 1 ? " spec" : " specs") + " finished";
    }
    return "";
  }

  /** Every event, numbered from 1, one a line; long lists are cut. */
  static String events(List<? extends FactoryEvent> events) {
    StringBuilder out = new StringBuilder();
    int shown = Math.min(events.size(), EVENT_LIMIT);
    for (int i = 0; i < shown; i++) {
      if (i > 0) {
        out.append('\n');
      }
      out.append("  ").append(i + 1).append(". ").append(event(events.get(i)));
    }
    if (events.size() > shown) {
      out.append("\n  ... and ").append(events.size() - shown).append(" more");
    }
    return out.toString();
  }

  /** {@code 1 event} or {@code n events}. */
  static String eventCount(int n) {
    return n + (n == 1 ? " event" : " events");
  }
}
