package dev.darkfactory.api.work;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The factory's work queue: hands out specs one at a time and learns how each ended.
 *
 * <p>{@link #next()} claims an item so no other factory takes it; the claim ends with {@link
 * #complete} when the spec reaches a terminal state, or {@link #release} when this factory stops
 * before finishing it. An implementation shared by several factories must make claims atomic and
 * leased, so a crashed claimant's items come back. Implementations must be thread-safe.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public interface WorkSource {

  /**
   * Claims the next item, highest priority first.
   *
   * @return the claimed item, or empty when no work is waiting
   * @throws InterruptedException when the thread is interrupted while claiming
   */
  Optional<WorkItem> next() throws InterruptedException;

  /**
   * Records that a claimed item reached a terminal state; it will not be handed out again.
   *
   * @param item an item this source handed out
   * @param resolution how it ended
   */
  void complete(WorkItem item, Resolution resolution);

  /**
   * Gives a claimed item back unfinished, so it can be handed out again.
   *
   * @param item an item this source handed out
   */
  void release(WorkItem item);
}
