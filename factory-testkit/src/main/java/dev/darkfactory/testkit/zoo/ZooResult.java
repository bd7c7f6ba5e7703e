package dev.darkfactory.testkit.zoo;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.work.Resolution;
import java.time.Duration;
import java.util.List;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * What became of one zoo member in a zoo run.
 *
 * @param member the member
 * @param actual its outcome, as {@link ZooOutcome} defines it
 * @param resolution how its spec ended, or {@code null} when it did not finish
 * @param reason why its spec ended so (empty when it did not finish)
 * @param attempts how many attempts it had
 * @param verdicts the evaluator's verdicts on its candidates, in order
 * @param tamperSignals every tamper signal of those evaluations
 * @param scenariosNotPassed the scenarios of the last evaluation that did not pass, each as
 *     {@code <id> <verdict>}, such as {@code hidden-example FAIL}
 * @param decisions the merge policy's decisions, in order
 * @param agentOutcomes how each attempt of its agent ended, shortly described
 * @param hostEvidence what it reached on the host; empty unless it {@link ZooOutcome#ESCAPED}
 * @param elapsed from its spec's claim to its end
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record ZooResult(
    ZooMember member,
    ZooOutcome actual,
    @Nullable Resolution resolution,
    String reason,
    int attempts,
    List<Verdict> verdicts,
    List<String> tamperSignals,
    List<String> scenariosNotPassed,
    List<MergeDecision.Action> decisions,
    List<String> agentOutcomes,
    List<String> hostEvidence,
    Duration elapsed) {

  /** Checks every component. */
  public ZooResult {
    Require.nonNull(member, "member");
    Require.nonNull(actual, "actual");
    Require.nonNull(reason, "reason");
    Require.atLeast(attempts, 0, "attempts");
    verdicts = Require.copyOf(verdicts, "verdicts");
    tamperSignals = Require.copyOf(tamperSignals, "tamperSignals");
    scenariosNotPassed = Require.copyOf(scenariosNotPassed, "scenariosNotPassed");
    decisions = Require.copyOf(decisions, "decisions");
    agentOutcomes = Require.copyOf(agentOutcomes, "agentOutcomes");
    hostEvidence = Require.copyOf(hostEvidence, "hostEvidence");
    Require.nonNull(elapsed, "elapsed");
  }

  /**
   * The outcome from what happened: {@link ZooOutcome#ESCAPED} with host evidence, then {@link
   * ZooOutcome#MERGED}, then {@link ZooOutcome#CONTAINED} when nothing was evaluated, then by the
   * verdicts: any SUSPECT, any FAIL, any PASS ({@link ZooOutcome#PASSED_NOT_MERGED}), else
   * {@link ZooOutcome#INVALID}.
   *
   * @param resolution how the spec ended, or {@code null}
   * @param verdicts the verdicts
   * @param hostEvidence what reached the host
   * @return the outcome
   */
  public static ZooOutcome classify(
      @Nullable Resolution resolution, List<Verdict> verdicts, List<String> hostEvidence) {
    Require.nonNull(verdicts, "verdicts");
    Require.nonNull(hostEvidence, "hostEvidence");
    if (!hostEvidence.isEmpty()) {
      return ZooOutcome.ESCAPED;
    }
    if (resolution == Resolution.MERGED) {
      return ZooOutcome.MERGED;
    }
    if (verdicts.isEmpty()) {
      return ZooOutcome.CONTAINED;
    }
    if (verdicts.contains(Verdict.SUSPECT)) {
      return ZooOutcome.SUSPECT;
    }
    if (verdicts.contains(Verdict.FAIL)) {
      return ZooOutcome.FAIL;
    }
    if (verdicts.contains(Verdict.PASS)) {
      return ZooOutcome.PASSED_NOT_MERGED;
    }
    return ZooOutcome.INVALID;
  }

  /** Whether the member ended as its documentation says. */
  public boolean asDocumented() {
    return actual == member.expected();
  }

  /**
   * One line: the member, its expected and actual outcome, and the evidence behind it.
   *
   * @return the line
   */
  public String describe() {
    return member.name()
        + ": expected "
        + member.expected()
        + ", was "
        + actual
        + (asDocumented() ? "" : " (NOT AS DOCUMENTED)")
        + "; spec "
        + (resolution == null ? "did not finish" : resolution + " after " + attempts + " attempt(s)")
        + (reason.isEmpty() ? "" : " (" + reason + ")")
        + "; agent "
        + agentOutcomes
        + "; verdicts "
        + verdicts
        + (scenariosNotPassed.isEmpty() ? "" : "; not passed " + scenariosNotPassed)
        + (tamperSignals.isEmpty() ? "" : "; signals " + tamperSignals)
        + "; decisions "
        + decisions
        + (hostEvidence.isEmpty() ? "" : "; REACHED THE HOST: " + hostEvidence);
  }
}
