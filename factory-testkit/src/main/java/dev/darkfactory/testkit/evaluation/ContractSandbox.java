package dev.darkfactory.testkit.evaluation;

import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.sandbox.SandboxHealth;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * The sandbox the evaluator contract lends an evaluator: the user's sandbox, with every request
 * recorded, and two ways to misbehave on purpose (refuse every command, or hold every command until
 * its thread is interrupted).
 */
final class ContractSandbox implements Sandbox {

  enum Mode {
    RUN,
    REFUSE,
    HOLD
  }

  static final String REFUSAL =
      "the evaluator contract's sandbox refuses every command here, to see the evaluator say INVALID";

  private final Sandbox delegate;
  private final List<ExecRequest> requests = new CopyOnWriteArrayList<>();
  private volatile Mode mode = Mode.RUN;
  private volatile CountDownLatch held = new CountDownLatch(1);

  ContractSandbox(Sandbox delegate) {
    this.delegate = delegate;
  }

  void refuse() {
    mode = Mode.REFUSE;
  }

  /** Holds every command until interrupted, counting {@code signal} down when one arrives. */
  void hold(CountDownLatch signal) {
    held = signal;
    mode = Mode.HOLD;
  }

  List<ExecRequest> requests() {
    return List.copyOf(requests);
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public SandboxHealth doctor() {
    return delegate.doctor();
  }

  @Override
  public ExecResult exec(ExecRequest request) throws SandboxException, InterruptedException {
    requests.add(request);
    switch (mode) {
      case REFUSE -> throw new SandboxException(REFUSAL);
      case HOLD -> {
        held.countDown();
        new CountDownLatch(1).await(); // until the evaluator's thread is interrupted
        throw new IllegalStateException("unreachable: a latch nobody counts down was released");
      }
      default -> {
        return delegate.exec(request);
      }
    }
  }
}
