package dev.darkfactory.api.work;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.spec.SpecId;

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

  /**
   * Makes a completed item work again, so {@link #next()} hands it out once more; used when a
   * human approves a candidate the factory held, so that the factory merges it through its normal
   * path. Every source sharing the same state sees the item open again. Reopening an item that
   * is not completed changes nothing.
   *
   * @param id the spec of the item
   * @throws IllegalArgumentException when the source has no item for the spec
   * @throws UnsupportedOperationException when the source cannot reopen items (the default)
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  default void reopen(SpecId id) {
    throw new UnsupportedOperationException(
        getClass().getName() + " cannot reopen completed items, so spec '" + id
            + "' cannot be merged after a review; use a work source that supports reopen");
  }

  /**
   * The item for a spec, claimed or not, done or not; how a worker of a distributed engine (such
   * as the Temporal module) that did not claim a spec itself finds the work it is asked to do.
   *
   * @param id the spec
   * @return the item with the spec's content as this source knows it, or empty when it has none
   * @throws UnsupportedOperationException when the source cannot look items up (the default)
   * @since 0.2.0
   */
  @API(status = EXPERIMENTAL, since = "0.2.0")
  default Optional<WorkItem> find(SpecId id) {
    throw new UnsupportedOperationException(
        getClass().getName() + " cannot look up spec '" + id
            + "' by id; a distributed engine needs a work source that implements find");
  }
}
