package dev.darkfactory.evaluator.policy;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.merge.MergeContext;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.api.workspace.FileChange;
import dev.darkfactory.evaluator.PathGlobs;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Sends risky changes to a human whatever the evaluation says: changes to sensitive paths (the
 * spec's protected paths and any globs given here), changes larger than a limit in files or lines,
 * and specs carrying a label that needs review. Otherwise it agrees to a merge, so it is meant to
 * be combined with a policy that judges the evaluation ({@link MergePolicies#allOf}).
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class RiskPolicy implements MergePolicy {

  private final List<String> sensitivePaths;
  private final int maxFiles;
  private final int maxLines;
  private final Set<String> holdLabels;

  private RiskPolicy(Builder b) {
    this.sensitivePaths = List.copyOf(b.sensitivePaths);
    this.maxFiles = b.maxFiles;
    this.maxLines = b.maxLines;
    this.holdLabels = Set.copyOf(b.holdLabels);
  }

  /** A builder: no sensitive paths beyond the spec's protected ones, no size limits, no labels. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public MergeDecision decide(MergeContext context) {
    Require.nonNull(context, "context");
    List<String> reasons = new ArrayList<>();
    List<String> globs = new ArrayList<>(sensitivePaths);
    globs.addAll(context.spec().protectedPaths());
    List<String> touched =
        context.changes().stream()
            .map(FileChange::path)
            .filter(p -> PathGlobs.matchesAny(globs, p))
            .toList();
    if (!touched.isEmpty()) {
      reasons.add("changes sensitive paths: " + touched);
    }
    if (context.changes().size() > maxFiles) {
      reasons.add("changes " + context.changes().size() + " files, more than the " + maxFiles + " allowed without review");
    }
    if (context.linesChanged() > maxLines) {
      reasons.add("changes " + context.linesChanged() + " lines, more than the " + maxLines + " allowed without review");
    }
    Set<String> labels = new LinkedHashSet<>(context.spec().labels());
    labels.retainAll(holdLabels);
    if (!labels.isEmpty()) {
      reasons.add("the spec is labelled " + labels + ", which always needs review");
    }
    return reasons.isEmpty()
        ? MergeDecision.merge("no risk found: " + context.changes().size() + " files, " + context.linesChanged() + " lines, no sensitive path or label")
        : new MergeDecision.Hold(reasons);
  }

  /**
   * Builds a {@link RiskPolicy}.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private final List<String> sensitivePaths = new ArrayList<>();
    private int maxFiles = Integer.MAX_VALUE;
    private int maxLines = Integer.MAX_VALUE;
    private final Set<String> holdLabels = new LinkedHashSet<>();

    private Builder() {}

    /**
     * Adds globs of sensitive paths, such as {@code .github/**} or {@code **}{@code /security/**}.
     *
     * @param globs the globs, relative to the repository root
     * @return this builder
     */
    public Builder sensitivePaths(String... globs) {
      for (String g : globs) {
        sensitivePaths.add(Require.nonBlank(g, "sensitive path glob"));
      }
      return this;
    }

    /**
     * Sets the most files a change may touch without review.
     *
     * @param maxFiles at least 1
     * @return this builder
     */
    public Builder maxFiles(int maxFiles) {
      this.maxFiles = Require.atLeast(maxFiles, 1, "maxFiles");
      return this;
    }

    /**
     * Sets the most lines (added plus removed) a change may touch without review.
     *
     * @param maxLines at least 1
     * @return this builder
     */
    public Builder maxLines(int maxLines) {
      this.maxLines = Require.atLeast(maxLines, 1, "maxLines");
      return this;
    }

    /**
     * Adds spec labels that always send a candidate to review.
     *
     * @param labels the labels
     * @return this builder
     */
    public Builder holdLabels(String... labels) {
      for (String l : labels) {
        holdLabels.add(Require.nonBlank(l, "label"));
      }
      return this;
    }

    /** The policy. */
    public RiskPolicy build() {
      return new RiskPolicy(this);
    }
  }
}
