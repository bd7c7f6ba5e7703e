package dev.darkfactory.temporal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.darkfactory.api.work.Resolution;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * The {@link SpecWorkflow}: routes a spec from step to step as its activities answer. It decides
 * nothing itself (the journal, through the activities, does), so its code is deterministic by
 * construction: no clock, no randomness, no I/O; its only timer is the hold's.
 *
 * <p>Registered by {@link FactoryWorker}; public only because Temporal instantiates it.
 *
 * @since 0.2.0
 */
@API(status = INTERNAL, since = "0.2.0")
public final class SpecWorkflowImpl implements SpecWorkflow {

  private static final Logger LOG = Workflow.getLogger(SpecWorkflowImpl.class);

  private @Nullable SpecState state;
  private @Nullable Review review;

  /** Made by Temporal. */
  public SpecWorkflowImpl() {}

  @Override
  public SpecState run(SpecTask task) {
    SpecTask.Settings s = task.settings();
    SpecActivities steps = Workflow.newActivityStub(SpecActivities.class, options(s));
    SpecState now = steps.claim(task);
    state = now;
    while (true) {
      now =
          switch (now.step()) {
            case IMPLEMENT -> steps.implement(task, now);
            case EVALUATE -> steps.evaluate(task, now);
            case DECIDE -> steps.decide(task, now);
            case INTEGRATE -> steps.integrate(task, now);
            case FINISHED -> {
              if (now.resolution() != Resolution.HELD || s.holdMillis() == 0) {
                yield null;
              }
              state = now.awaitingReview(true);
              boolean reviewed = Workflow.await(Duration.ofMillis(s.holdMillis()), () -> review != null);
              if (!reviewed) {
                LOG.info("spec {}: no review within the hold; it waits in the hold queue", task.specId());
                yield null;
              }
              Review r = review;
              review = null;
              yield steps.review(task, r);
            }
          };
      if (now == null) {
        SpecState end = state.awaitingReview(false);
        state = end;
        return end;
      }
      state = now;
    }
  }

  @Override
  public void review(Review review) {
    SpecState now = state;
    if (now == null || !now.awaitingReview()) {
      LOG.warn("a review by {} came while the spec was not held for one; ignored", review.reviewer());
      return;
    }
    this.review = review;
  }

  @Override
  public @Nullable SpecState state() {
    return state;
  }

  private static ActivityOptions options(SpecTask.Settings s) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMillis(s.stepTimeoutMillis()))
        .setHeartbeatTimeout(Duration.ofMillis(s.heartbeatMillis()))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofMillis(s.retryIntervalMillis()))
                .setBackoffCoefficient(2)
                .setMaximumInterval(Duration.ofMillis(s.retryIntervalMillis() * 10))
                .setMaximumAttempts(s.maxStepAttempts())
                // A step asked of a spec in the wrong state, or a review of a spec not held:
                // trying again cannot help.
                .setDoNotRetry(IllegalArgumentException.class.getName())
                .build())
        .build();
  }
}
