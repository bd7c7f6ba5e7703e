package dev.darkfactory.core.git;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import java.time.Instant;
import org.apiguardian.api.API;

/**
 * Lands merged candidates on the target branch the way a human merge would, and only with a
 * compare-and-swap: the branch moves only if it still points where the factory last saw it.
 *
 * <p>The factory never calls {@link #compareAndSwap} for a candidate the {@code MergePolicy} did
 * not approve, and never for one evaluated on another base: when {@link #head()} differs from the
 * candidate's base, the candidate is rebased and evaluated again first.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public interface Integrator {

  /**
   * The target branch's name.
   *
   * @return the name, without {@code refs/heads/}
   */
  String targetBranch();

  /**
   * Where the target branch points now (for a remote target, after fetching it).
   *
   * @return the commit
   * @throws GitException when it cannot be read
   * @throws InterruptedException when interrupted
   */
  CommitId head() throws InterruptedException;

  /**
   * The commit the target branch will point at once {@code candidate} merges: the candidate
   * itself for a fast-forward, or a new merge commit whose parents are the candidate's base and
   * the candidate.
   *
   * @param candidate an approved candidate whose base is the current head
   * @param identity the committer of a merge commit
   * @param when the date of a merge commit
   * @return the commit to land
   * @throws InterruptedException when interrupted
   */
  CommitId landing(Candidate candidate, Identity identity, Instant when)
      throws InterruptedException;

  /**
   * Moves the target branch from {@code expected} to {@code head}, only if it still points at
   * {@code expected}.
   *
   * @param expected where the branch must point
   * @param head where it will point
   * @return {@code true} when moved, {@code false} when the branch no longer pointed at {@code
   *     expected} (nothing changed)
   * @throws GitException when the update failed for another reason
   * @throws InterruptedException when interrupted
   */
  boolean compareAndSwap(CommitId expected, CommitId head) throws InterruptedException;

  /**
   * Whether the target branch's history holds a commit; how a resumed factory learns whether a
   * merge it was making landed.
   *
   * @param commit the commit
   * @return whether it is the target's head or one of its ancestors
   * @throws InterruptedException when interrupted
   */
  boolean contains(CommitId commit) throws InterruptedException;
}
