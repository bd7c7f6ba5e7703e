package dev.darkfactory.api.merge;

import static dev.darkfactory.api.Fixtures.candidate;
import static dev.darkfactory.api.Fixtures.report;
import static dev.darkfactory.api.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.workspace.Candidate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MergeTypesTest {

  @Nested
  class Decisions {

    @Test
    void eachFactoryMakesItsKindWithItsReasons() {
      MergeDecision merge = MergeDecision.merge("all passed");
      MergeDecision hold = MergeDecision.hold("low confidence", "first run");
      MergeDecision reject = MergeDecision.reject("tampering");
      MergeDecision retry = MergeDecision.retry("holdouts failed");

      assertThat(merge).isInstanceOf(MergeDecision.Merge.class);
      assertThat(hold).isInstanceOf(MergeDecision.Hold.class);
      assertThat(reject).isInstanceOf(MergeDecision.Reject.class);
      assertThat(retry).isInstanceOf(MergeDecision.Retry.class);
      assertThat(List.of(merge, hold, reject, retry))
          .extracting(MergeDecision::action)
          .containsExactly(
              MergeDecision.Action.MERGE,
              MergeDecision.Action.HOLD,
              MergeDecision.Action.REJECT,
              MergeDecision.Action.RETRY);
      assertThat(hold.reasons()).containsExactly("low confidence", "first run");
    }

    @Test
    void needsAReason() {
      assertThatThrownBy(() -> MergeDecision.merge())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("a merge decision needs at least one reason");
      assertThatThrownBy(() -> new MergeDecision.Hold(List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at least one reason");
      assertThatThrownBy(() -> MergeDecision.reject())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at least one reason");
      assertThatThrownBy(() -> new MergeDecision.Retry(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("reasons");
    }

    @Test
    void rejectsABlankOrMissingReasonNamingItsPosition() {
      assertThatThrownBy(() -> MergeDecision.retry("fine", " "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("reasons[1] must not be blank but was ' '");
      assertThatThrownBy(() -> new MergeDecision.Merge(Arrays.asList("fine", null)))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("reasons[1]");
    }

    @Test
    void copiesItsReasons() {
      List<String> reasons = new ArrayList<>(List.of("all passed"));
      MergeDecision.Merge merge = new MergeDecision.Merge(reasons);
      reasons.add("and more");

      assertThat(merge.reasons()).containsExactly("all passed");
      assertThatThrownBy(() -> merge.reasons().add("x"))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Nested
  class Contexts {

    private final Spec spec = spec("greeting");
    private final Candidate second = candidate("greeting", 2);
    private final EvaluationReport report = report(second, Verdict.FAIL, 0.2);

    @Test
    void buildsForOneCandidateAndSaysWhetherAttemptsRemain() {
      EvaluationReport earlier = report(candidate("greeting", 1), Verdict.FAIL, 0.1);

      MergeContext context = new MergeContext(spec, second, report, 3, List.of(earlier));

      assertThat(context.attemptsRemain()).isTrue();
      assertThat(context.earlierReports()).containsExactly(earlier);
      assertThat(new MergeContext(spec, second, report, 2, List.of()).attemptsRemain()).isFalse();
    }

    @Test
    void rejectsAReportForAnotherCandidate() {
      EvaluationReport forFirst = report(candidate("greeting", 1), Verdict.PASS, 1.0);

      assertThatThrownBy(() -> new MergeContext(spec, second, forFirst, 3, List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("report candidate must be")
          .hasMessageContaining("attempt=2")
          .hasMessageContaining("attempt=1");
    }

    @Test
    void rejectsACandidateOfAnotherSpec() {
      Candidate other = candidate("other", 2);

      assertThatThrownBy(
              () -> new MergeContext(spec, other, report(other, Verdict.FAIL, 0), 3, List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("candidate spec id must be 'greeting' but was 'other'");
    }

    @Test
    void rejectsFewerMaxAttemptsThanTheCandidatesAttempt() {
      assertThatThrownBy(() -> new MergeContext(spec, second, report, 1, List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxAttempts must be at least 2 but was 1");
    }

    @Test
    void rejectsMissingParts() {
      assertThatThrownBy(() -> new MergeContext(null, second, report, 3, List.of()))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("spec");
      assertThatThrownBy(() -> new MergeContext(spec, null, report, 3, List.of()))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("candidate");
      assertThatThrownBy(() -> new MergeContext(spec, second, null, 3, List.of()))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("report");
      assertThatThrownBy(() -> new MergeContext(spec, second, report, 3, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("earlierReports");
    }

    @Test
    void copiesEarlierReports() {
      List<EvaluationReport> earlier = new ArrayList<>();
      MergeContext context = new MergeContext(spec, second, report, 3, earlier);
      earlier.add(report(candidate("greeting", 1), Verdict.FAIL, 0));

      assertThat(context.earlierReports()).isEmpty();
      assertThatThrownBy(() -> context.earlierReports().add(report))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }
}
