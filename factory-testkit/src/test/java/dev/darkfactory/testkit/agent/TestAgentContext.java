package dev.darkfactory.testkit.agent;

import dev.darkfactory.api.agent.AgentContext;
import dev.darkfactory.api.budget.Budget;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.api.workspace.Workspace;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;

/** The context of one test attempt; {@link #requestStop()} makes it ask the agent to stop. */
final class TestAgentContext implements AgentContext {

  private final Workspace workspace;
  private final Sandbox sandbox;
  private final SandboxPolicy policy =
      SandboxPolicy.builder().allowEnvironment("HOME").maxProcesses(64).build();
  private final Budget budget = Budget.unlimited();
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final AtomicBoolean stop = new AtomicBoolean();

  TestAgentContext(Workspace workspace, Sandbox sandbox) {
    this.workspace = workspace;
    this.sandbox = sandbox;
  }

  void requestStop() {
    stop.set(true);
  }

  @Override
  public Workspace workspace() {
    return workspace;
  }

  @Override
  public Sandbox sandbox() {
    return sandbox;
  }

  @Override
  public SandboxPolicy sandboxPolicy() {
    return policy;
  }

  @Override
  public Budget budget() {
    return budget;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public boolean stopRequested() {
    return stop.get();
  }
}
