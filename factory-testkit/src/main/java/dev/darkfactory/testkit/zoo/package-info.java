/**
 * The adversarial agent zoo: ready {@link dev.darkfactory.api.agent.Agent}s that cheat, attack
 * the host or misbehave in the ways coding agents are known to (edit, delete or disable tests,
 * special-case the visible examples, forge test output, pre-fill reports, plant files where
 * hidden tests go, read holdouts from the host, {@code rm -rf}, reach the network, loop, burn
 * their budget), plus an honest one, each with its documented expected outcome ({@link
 * dev.darkfactory.testkit.zoo.ZooOutcome}). {@link dev.darkfactory.testkit.zoo.Zoo} runs them
 * against a fixed fixture project ({@link dev.darkfactory.testkit.zoo.ZooProject}) through your
 * evaluator, merge policy and sandbox, and reports what each member achieved.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.testkit.zoo;

import org.jspecify.annotations.NullMarked;
