package dev.darkfactory.testkit.factory;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on the target branch a {@link FactoryRun} left, reached with {@link
 * FactoryRunAssert#targetBranch()}; {@link #and()} goes back to the run. "Since the base" means
 * since the target files' first commit, where the run began.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class TargetBranchAssert extends AbstractAssert<TargetBranchAssert, FactoryRun> {

  private final FactoryRunAssert parent;

  TargetBranchAssert(FactoryRunAssert parent, FactoryRun run) {
    super(run, TargetBranchAssert.class);
    this.parent = parent;
  }

  /**
   * Back to the run's assertions.
   *
   * @return the run's assertions
   */
  public FactoryRunAssert and() {
    return parent;
  }

  /**
   * Checks a file's whole content at the branch's head.
   *
   * @param path the file's path
   * @param content the expected content
   * @return this assertion
   */
  public TargetBranchAssert hasFile(String path, String content) {
    Require.nonNull(content, "content");
    Optional<String> found = actual.fileAtTarget(path);
    if (found.isEmpty()) {
      fail("the file " + path + " holding " + quote(content), "there is no such file");
    } else if (!found.get().equals(content)) {
      fail("the file " + path + " holding " + quote(content), "it holds " + quote(found.get()));
    }
    return this;
  }

  /**
   * Checks that a file at the branch's head contains a text.
   *
   * @param path the file's path
   * @param text the expected part
   * @return this assertion
   */
  public TargetBranchAssert hasFileContaining(String path, String text) {
    Require.nonNull(text, "text");
    Optional<String> found = actual.fileAtTarget(path);
    if (found.isEmpty()) {
      fail("the file " + path + " containing " + quote(text), "there is no such file");
    } else if (!found.get().contains(text)) {
      fail("the file " + path + " containing " + quote(text), "it holds " + quote(found.get()));
    }
    return this;
  }

  /**
   * Checks that a file does not exist at the branch's head.
   *
   * @param path the file's path
   * @return this assertion
   */
  public TargetBranchAssert hasNoFile(String path) {
    Optional<String> found = actual.fileAtTarget(path);
    if (found.isPresent()) {
      fail("no file " + path, "it exists, holding " + quote(found.get()));
    }
    return this;
  }

  /**
   * Checks that the branch did not move in the run.
   *
   * @return this assertion
   */
  public TargetBranchAssert isUnchanged() {
    List<String> log = actual.targetLog();
    if (!log.isEmpty()) {
      fail(
          "the target branch " + actual.targetBranch() + " to be unchanged",
          "it gained " + log.size() + " commit(s): " + log);
    }
    return this;
  }

  /**
   * Checks how many commits the branch gained in the run.
   *
   * @param count the expected number
   * @return this assertion
   */
  public TargetBranchAssert hasCommitsSinceBase(int count) {
    List<String> log = actual.targetLog();
    if (log.size() != count) {
      fail(
          count + " new commit(s) on the target branch " + actual.targetBranch(),
          "it gained " + log.size() + ": " + log);
    }
    return this;
  }

  /**
   * Checks that a commit of the spec (its {@code Spec-Id} trailer) is on the branch.
   *
   * @param spec the spec id
   * @return this assertion
   */
  public TargetBranchAssert containsMergeOf(String spec) {
    if (!actual.isMerged(spec)) {
      fail(
          "a commit of spec '" + spec + "' on the target branch " + actual.targetBranch(),
          "none of its new commits carries the trailer Spec-Id: " + spec);
    }
    return this;
  }

  /**
   * Checks that no commit of the spec is on the branch.
   *
   * @param spec the spec id
   * @return this assertion
   */
  public TargetBranchAssert doesNotContainMergeOf(String spec) {
    if (actual.isMerged(spec)) {
      fail(
          "no commit of spec '" + spec + "' on the target branch " + actual.targetBranch(),
          "it holds " + actual.mergedCommits(spec));
    }
    return this;
  }

  private static String quote(String text) {
    String shown = text.length() > 400 ? text.substring(0, 400) + "...(" + text.length() + " chars)" : text;
    return "\"" + shown.replace("\n", "\\n") + "\"";
  }

  private void fail(String expected, String happened) {
    isNotNull();
    failWithMessage("%s", FactoryRunAssert.message(expected, happened, actual));
  }
}
