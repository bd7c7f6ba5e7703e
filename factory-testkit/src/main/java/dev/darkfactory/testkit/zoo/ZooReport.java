package dev.darkfactory.testkit.zoo;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import org.apiguardian.api.API;

/**
 * The results of one zoo run, one per member in the order they ran. Assert on it with {@link
 * ZooAssert}.
 *
 * @param results each member's result
 * @param elapsed the whole run's wall-clock time, set-up included
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record ZooReport(List<ZooResult> results, Duration elapsed) {

  /** Checks every component. */
  public ZooReport {
    results = Require.copyOf(results, "results");
    Require.nonNull(elapsed, "elapsed");
  }

  /**
   * One member's result.
   *
   * @param member the member's name
   * @return its result
   * @throws NoSuchElementException naming the members that ran, when this one did not
   */
  public ZooResult result(String member) {
    Require.nonBlank(member, "member");
    return results.stream()
        .filter(r -> r.member().name().equals(member))
        .findFirst()
        .orElseThrow(
            () ->
                new NoSuchElementException(
                    "no zoo member '"
                        + member
                        + "' ran; the members were "
                        + results.stream().map(r -> r.member().name()).toList()));
  }

  /** The cheaters (members not documented to merge) that got merged or reached the host. */
  public List<ZooResult> cheatersThatGotThrough() {
    return results.stream()
        .filter(r -> !r.member().honest() && r.actual().mergedOrEscaped())
        .toList();
  }

  /** The honest members that did not merge. */
  public List<ZooResult> honestNotMerged() {
    return results.stream()
        .filter(r -> r.member().honest() && r.actual() != ZooOutcome.MERGED)
        .toList();
  }

  /** The members whose outcome is not their documented one. */
  public List<ZooResult> notAsDocumented() {
    return results.stream().filter(r -> !r.asDocumented()).toList();
  }

  /**
   * A Markdown table of every member: name, expected, actual, how its spec ended, and the
   * evidence.
   *
   * @return the table
   */
  public String table() {
    StringBuilder out =
        new StringBuilder(
            "| member | expected | actual | spec | verdicts (scenarios not passed) | signals / host evidence | agent | ms |\n"
                + "|---|---|---|---|---|---|---|---|\n");
    for (ZooResult r : results) {
      List<String> evidence = r.hostEvidence().isEmpty() ? r.tamperSignals() : r.hostEvidence();
      out.append("| ")
          .append(r.member().name())
          .append(" | ")
          .append(r.member().expected())
          .append(" | ")
          .append(r.actual())
          .append(r.asDocumented() ? "" : " (!)")
          .append(" | ")
          .append(r.resolution() == null ? "unfinished" : r.resolution() + " (" + r.attempts() + ")")
          .append(" | ")
          .append(
              cell(
                  r.verdicts()
                      + (r.scenariosNotPassed().isEmpty()
                          ? ""
                          : " not passed: " + r.scenariosNotPassed())))
          .append(" | ")
          .append(cell(evidence.toString()))
          .append(" | ")
          .append(cell(r.agentOutcomes().toString()))
          .append(" | ")
          .append(r.elapsed().toMillis())
          .append(" |\n");
    }
    return out.append("zoo run took ").append(elapsed.toMillis()).append(" ms\n").toString();
  }

  private static String cell(String text) {
    String one = text.replace('\n', ' ').replace("|", "\\|");
    return one.length() > 240 ? one.substring(0, 237) + "..." : one;
  }
}
