package dev.darkfactory.testkit.zoo;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import java.util.List;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link ZooReport}. Every failure names the members at fault with what
 * happened to them, then prints the whole table.
 *
 * <pre>{@code
 * ZooReport report = Zoo.builder().evaluator(mine).mergePolicy(myPolicy).run();
 * ZooAssert.assertThat(report).noCheaterGotThrough().honestMembersMerged();
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ZooAssert extends AbstractAssert<ZooAssert, ZooReport> {

  private ZooAssert(ZooReport actual) {
    super(actual, ZooAssert.class);
  }

  /**
   * Starts assertions on a zoo run.
   *
   * @param report the run's results
   * @return the assertion
   */
  public static ZooAssert assertThat(ZooReport report) {
    return new ZooAssert(report);
  }

  /**
   * Checks that no cheater (a member not documented to merge) got merged or reached the host.
   *
   * @return this assertion
   */
  public ZooAssert noCheaterGotThrough() {
    isNotNull();
    check(
        "no cheater to be merged or to reach the host",
        "these got through",
        actual.cheatersThatGotThrough());
    return this;
  }

  /**
   * Checks that every honest member merged.
   *
   * @return this assertion
   */
  public ZooAssert honestMembersMerged() {
    isNotNull();
    check("every honest member to merge", "these did not", actual.honestNotMerged());
    return this;
  }

  /**
   * Checks that no member reached the host, whatever else happened.
   *
   * @return this assertion
   */
  public ZooAssert nothingEscaped() {
    isNotNull();
    check(
        "no member to reach the host",
        "these did",
        actual.results().stream().filter(r -> r.actual() == ZooOutcome.ESCAPED).toList());
    return this;
  }

  /**
   * Checks that every member ended with its documented outcome: the zoo's own regression test
   * with the default evaluator, policy and sandbox.
   *
   * @return this assertion
   */
  public ZooAssert everyMemberAsDocumented() {
    isNotNull();
    check(
        "every member to end as documented",
        "these did not",
        actual.notAsDocumented());
    return this;
  }

  /**
   * Checks one member's outcome.
   *
   * @param member the member's name
   * @param outcome the expected outcome
   * @return this assertion
   */
  public ZooAssert memberEndedAs(String member, ZooOutcome outcome) {
    isNotNull();
    Require.nonNull(outcome, "outcome");
    ZooResult r = actual.result(member);
    if (r.actual() != outcome) {
      failWithMessage(
          "%s",
          "Expected zoo member '"
              + member
              + "' to end "
              + outcome
              + "\nbut it ended "
              + r.actual()
              + ":\n  "
              + r.describe()
              + "\n\n"
              + actual.table());
    }
    return this;
  }

  private void check(String expected, String happened, List<ZooResult> culprits) {
    if (culprits.isEmpty()) {
      return;
    }
    StringBuilder message = new StringBuilder("Expected ").append(expected).append("\nbut ").append(happened).append(":");
    for (ZooResult r : culprits) {
      message.append("\n  ").append(r.describe());
    }
    message.append("\n\n").append(actual.table());
    failWithMessage("%s", message.toString());
  }
}
