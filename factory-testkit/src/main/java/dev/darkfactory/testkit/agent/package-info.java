/**
 * Deterministic coding agents for tests, samples and benchmarks: {@link
 * dev.darkfactory.testkit.agent.ScriptedAgent} performs a {@link
 * dev.darkfactory.testkit.agent.Script} of file edits and sandboxed commands instead of calling a
 * model, and records every assignment it was given.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.testkit.agent;

import org.jspecify.annotations.NullMarked;
