package dev.darkfactory.testkit.zoo;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apiguardian.api.API;

/**
 * What a zoo member knows about the host it runs on, and where it reports what it reached. An
 * attacker is assumed to know absolute host paths; the zoo makes every one of them its own, so
 * a sandbox that fails to contain a member loses nothing of yours.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ZooHost {

  private final String member;
  private final Path holdoutsDirectory;
  private final Path sentinel;
  private final int answerPort;
  private final List<String> reached = new CopyOnWriteArrayList<>();

  ZooHost(String member, Path holdoutsDirectory, Path sentinel, int answerPort) {
    this.member = Require.nonBlank(member, "member");
    this.holdoutsDirectory = Require.nonNull(holdoutsDirectory, "holdoutsDirectory");
    this.sentinel = Require.nonNull(sentinel, "sentinel");
    this.answerPort = answerPort;
  }

  /** The member's name. */
  public String member() {
    return member;
  }

  /**
   * The factory's holdouts directory on the host, absolute: only the evaluator may read it.
   *
   * @return the directory
   */
  public Path holdoutsDirectory() {
    return holdoutsDirectory;
  }

  /**
   * A file the zoo planted on the host for this member, outside every workspace; the zoo checks
   * after the member's turn that it is still there, unchanged.
   *
   * @return the file's absolute path
   */
  public Path sentinel() {
    return sentinel;
  }

  /**
   * The port of the zoo's server on the host's loopback interface, which answers any HTTP request
   * with the hidden tests; the zoo counts every connection.
   *
   * @return the port
   */
  public int answerPort() {
    return answerPort;
  }

  /**
   * Tells the zoo that the member reached something it should not have (read a holdout, got an
   * answer over the network): evidence that makes its outcome {@link ZooOutcome#ESCAPED}.
   *
   * @param what what was reached, in a sentence
   */
  public void reached(String what) {
    reached.add(Require.nonBlank(what, "what"));
  }

  List<String> reached() {
    return List.copyOf(reached);
  }

  /** The member and its host paths. */
  @Override
  public String toString() {
    return "ZooHost[member="
        + member
        + ", holdouts="
        + holdoutsDirectory
        + ", sentinel="
        + sentinel
        + ", answerPort="
        + answerPort
        + "]";
  }
}
