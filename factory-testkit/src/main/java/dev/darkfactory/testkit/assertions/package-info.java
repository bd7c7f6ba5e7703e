/**
 * AssertJ assertions for what a factory produces: evaluation reports, verdicts, satisfaction,
 * scenario results, merge decisions, agent outcomes, token usage, the events of a run, and the
 * core's {@code RunResult} and {@code SpecOutcome}.
 *
 * <p>Start from {@link dev.darkfactory.testkit.assertions.FactoryAssertions}:
 *
 * <pre>{@code
 * import static dev.darkfactory.testkit.assertions.FactoryAssertions.assertThat;
 *
 * assertThat(report).isFail().scenario("negative-numbers").isHoldout().isFail();
 * assertThat(events).forSpec("add-two").containsInOrder(AttemptStarted.class, Merged.class);
 * }</pre>
 *
 * <p>Every failure message names what was expected, what was found, and the spec, attempt and
 * scenario it is about, so a failing test reads without a debugger.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.testkit.assertions;

import org.jspecify.annotations.NullMarked;
