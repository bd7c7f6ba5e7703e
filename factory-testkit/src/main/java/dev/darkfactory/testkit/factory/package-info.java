/**
 * A fluent runner that tests a whole factory: {@link
 * dev.darkfactory.testkit.factory.FactoryRunner} configures a target repository, specs with their
 * visible and holdout scenarios, the agent, sandbox, evaluator and merge policy, runs a real
 * {@link dev.darkfactory.core.factory.Factory} over real git in a directory it owns, and returns a
 * {@link dev.darkfactory.testkit.factory.FactoryRun} to assert on with {@link
 * dev.darkfactory.testkit.factory.FactoryRunAssert}: the events, each spec's decisions,
 * resolution and attempts, and the target branch.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.testkit.factory;

import org.jspecify.annotations.NullMarked;
