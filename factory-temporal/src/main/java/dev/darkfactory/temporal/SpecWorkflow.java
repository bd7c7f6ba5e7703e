package dev.darkfactory.temporal;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * One spec's way through the factory as a durable Temporal workflow: claim, then implement,
 * evaluate, decide and integrate as the journal says, each an activity on whichever worker takes
 * it, until the spec ends. A held spec waits for a {@link #review} signal under a durable timer.
 *
 * <p>The workflow id is derived from the spec id ({@link TemporalFactory#workflowId}), so a second
 * start of a spec whose workflow is running is rejected by the server.
 *
 * @since 0.2.0
 */
@API(status = EXPERIMENTAL, since = "0.2.0")
@WorkflowInterface
public interface SpecWorkflow {

  /** The workflow type's name, fixed so renaming the class never breaks running workflows. */
  String TYPE = "DarkFactorySpec";

  /**
   * Runs a spec to its end.
   *
   * @param task the spec and the settings
   * @return how it ended (held, when no review came before the hold's timer fired)
   */
  @WorkflowMethod(name = TYPE)
  SpecState run(SpecTask task);

  /**
   * A human's review of the held spec; ignored unless the spec is held.
   *
   * @param review the review
   */
  @SignalMethod(name = "review")
  void review(Review review);

  /**
   * Where the spec stands now.
   *
   * @return the state, or null before the spec is claimed
   */
  @QueryMethod(name = "state")
  @Nullable SpecState state();
}
