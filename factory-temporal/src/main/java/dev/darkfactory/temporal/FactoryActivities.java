package dev.darkfactory.temporal;

import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.core.factory.Factory;
import dev.darkfactory.core.factory.SpecStep;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The activities on one worker: each asks the worker's {@link Factory.Steps} for one step and
 * heartbeats while it runs, so the server learns within a heartbeat timeout that a worker died
 * and retries the step elsewhere; when the server cancels the activity (or its heartbeat is
 * refused) the agent is asked to stop.
 */
final class FactoryActivities implements SpecActivities {

  private static final Logger LOG = LoggerFactory.getLogger(FactoryActivities.class);

  /**
   * One daemon thread sends every heartbeat of this JVM: a heartbeat is a short non-blocking call,
   * and a worker has one activity at a time.
   */
  private static final ScheduledExecutorService HEARTBEATS =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "dark-factory-heartbeat");
            t.setDaemon(true);
            return t;
          });

  private final Factory.Steps steps;

  FactoryActivities(Factory.Steps steps) {
    this.steps = steps;
  }

  @Override
  public SpecState claim(SpecTask task) {
    return beating(task, cancelled -> steps.claim(task.runId(), item(task)));
  }

  @Override
  public SpecState implement(SpecTask task, SpecState state) {
    return step(task, state, SpecStep.Kind.IMPLEMENT);
  }

  @Override
  public SpecState evaluate(SpecTask task, SpecState state) {
    return step(task, state, SpecStep.Kind.EVALUATE);
  }

  @Override
  public SpecState decide(SpecTask task, SpecState state) {
    return step(task, state, SpecStep.Kind.DECIDE);
  }

  @Override
  public SpecState integrate(SpecTask task, SpecState state) {
    return step(task, state, SpecStep.Kind.INTEGRATE);
  }

  @Override
  public SpecState review(SpecTask task, Review review) {
    return beating(
        task,
        cancelled ->
            steps.review(task.runId(), item(task), review.approved(), review.reviewer(), review.reason()));
  }

  private SpecState step(SpecTask task, SpecState state, SpecStep.Kind kind) {
    if (state.step() != kind) {
      throw new IllegalArgumentException(
          "activity " + kind + " of spec " + task.specId() + " was asked to do " + state.step());
    }
    return beating(task, cancelled -> steps.advance(task.runId(), item(task), state.toStep(), cancelled));
  }

  private WorkItem item(SpecTask task) {
    return steps.item(SpecId.of(task.specId()), task.fingerprint());
  }

  /** Runs a step, heartbeating three times per heartbeat timeout until it returns. */
  private SpecState beating(SpecTask task, Body body) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    AtomicBoolean cancelled = new AtomicBoolean();
    long every = Math.max(1, task.settings().heartbeatMillis() / 3);
    ScheduledFuture<?> beat =
        HEARTBEATS.scheduleAtFixedRate(
            () -> {
              if (cancelled.get()) {
                return;
              }
              try {
                context.heartbeat(null);
              } catch (ActivityCompletionException e) {
                LOG.warn("step of spec {} is no longer wanted ({}); asking the agent to stop", task.specId(), e.toString());
                cancelled.set(true);
              } catch (RuntimeException e) {
                LOG.warn("heartbeat of spec {} failed", task.specId(), e);
              }
            },
            0,
            every,
            TimeUnit.MILLISECONDS);
    try {
      return SpecState.of(task.specId(), body.run(cancelled::get));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    } finally {
      beat.cancel(false);
    }
  }

  @FunctionalInterface
  private interface Body {
    SpecStep run(BooleanSupplier cancelled) throws InterruptedException;
  }
}
