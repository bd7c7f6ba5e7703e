package dev.darkfactory.api.spec;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * How a scenario is checked: run a command, run a test suite, ask a model judge, or a kind a user
 * adds.
 *
 * <p>The library's kinds are {@link CommandCheck}, {@link TestSuiteCheck} and {@link
 * ModelJudgeCheck}. To add a kind, implement this interface with a record, register it with the
 * scenario reader under its {@link #kind()} name, and register a runner for it with the
 * evaluator.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public interface Check {

  /**
   * The name of this kind of check as written in scenario files ({@code kind: command}); lowercase
   * words joined by {@code -}.
   */
  String kind();
}
