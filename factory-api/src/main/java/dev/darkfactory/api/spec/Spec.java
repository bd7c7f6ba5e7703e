package dev.darkfactory.api.spec;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.SourceLocation;
import dev.darkfactory.api.internal.Require;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A written specification of one change: the unit of work a factory takes from its queue and a
 * coding agent implements.
 *
 * <p>A spec says what to build ({@link #goal()}), the rules to keep ({@link #constraints()}), the
 * shapes other code relies on ({@link #interfaces()}) and what is out of scope ({@link
 * #nonGoals()}). It names the visible scenarios that show what done looks like ({@link
 * #acceptance()}); holdout scenarios are never named here. Paths in {@link #protectedPaths()}
 * (tests, build and CI files) are restored from the base commit before evaluation, whatever the
 * agent did to them.
 *
 * <p>Section texts are Markdown, normalized on construction: line endings become {@code \n},
 * leading blank lines and trailing whitespace are removed. Build one with {@link #builder(SpecId)}.
 *
 * @param id the spec's identity
 * @param title a one-line title
 * @param summary Markdown before the first section; may be empty
 * @param goal what to build; never blank
 * @param constraints rules the change must keep; may be empty
 * @param interfaces names, signatures and formats other code relies on; may be empty
 * @param nonGoals what the change must not attempt; may be empty
 * @param acceptance ids of visible scenarios that show what done looks like, without repeats
 * @param otherSections sections the library does not interpret, by heading, in file order; kept so
 *     no text is lost
 * @param labels free-form labels for routing and statistics, without repeats
 * @param priority higher is taken first; at least 0
 * @param protectedPaths glob patterns, relative to the repository root, of paths the agent may not
 *     change
 * @param source where the spec was read from, or {@code null} when built in code
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record Spec(
    SpecId id,
    String title,
    String summary,
    String goal,
    String constraints,
    String interfaces,
    String nonGoals,
    List<ScenarioId> acceptance,
    Map<String, String> otherSections,
    Set<String> labels,
    int priority,
    List<String> protectedPaths,
    @Nullable SourceLocation source) {

  /** Headings the library interprets; {@link #otherSections()} may not reuse them. */
  public static final List<String> KNOWN_SECTIONS =
      List.of("Goal", "Constraints", "Interfaces", "Non-goals", "Acceptance");

  private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9._:/-]*");
  private static final Pattern HEADING = Pattern.compile("[^\\s#][^\\n\\r]*");

  /** Checks and normalizes every component; throws naming the first bad one. */
  public Spec {
    Require.nonNull(id, "id");
    title = singleLine(title, "title");
    summary = text(summary, "summary");
    goal = text(goal, "goal");
    if (goal.isEmpty()) {
      throw new IllegalArgumentException("goal must not be blank (spec " + id + ")");
    }
    constraints = text(constraints, "constraints");
    interfaces = text(interfaces, "interfaces");
    nonGoals = text(nonGoals, "nonGoals");
    acceptance = List.copyOf(Require.distinct(acceptance, "acceptance"));
    otherSections = sections(otherSections);
    labels = Require.distinct(labels, "labels");
    for (String label : labels) {
      Require.matches(label, LABEL, "label", "lowercase, starting with a letter or digit");
    }
    Require.atLeast(priority, 0, "priority");
    protectedPaths = List.copyOf(Require.distinct(protectedPaths, "protectedPaths"));
    for (String path : protectedPaths) {
      checkRelativePath(path, "protected path");
    }
  }

  /** A builder for a spec with this id. */
  public static Builder builder(SpecId id) {
    return new Builder(id);
  }

  /** A builder for a spec with this id. */
  public static Builder builder(String id) {
    return new Builder(SpecId.of(id));
  }

  /** A builder holding this spec's values, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder(id);
    b.title = title;
    b.summary = summary;
    b.goal = goal;
    b.constraints = constraints;
    b.interfaces = interfaces;
    b.nonGoals = nonGoals;
    b.acceptance.addAll(acceptance);
    b.otherSections.putAll(otherSections);
    b.labels.addAll(labels);
    b.priority = priority;
    b.protectedPaths.addAll(protectedPaths);
    b.source = source;
    return b;
  }

  /** Where the spec was read from, if it was read. */
  public Optional<SourceLocation> sourceLocation() {
    return Optional.ofNullable(source);
  }

  /**
   * Checks that {@code path} is a relative path or glob inside the repository: not absolute, no
   * {@code ..} segment, no backslash.
   *
   * @param path the path to check
   * @param field the name to use in the error message
   * @return {@code path}
   */
  public static String checkRelativePath(String path, String field) {
    Require.nonBlank(path, field);
    boolean bad =
        path.startsWith("/")
            || path.contains("\\")
            || path.matches("^[A-Za-z]:.*")
            || ("/" + path + "/").contains("/../")
            || !path.strip().equals(path);
    if (bad) {
      throw new IllegalArgumentException(
          field
              + " must be a relative path inside the repository (no leading '/', no '..', no"
              + " backslash) but was "
              + Require.quote(path));
    }
    return path;
  }

  /**
   * Normalizes Markdown section text: {@code \n} line endings, no leading blank lines, no trailing
   * whitespace.
   */
  static String normalize(String text) {
    String lf = text.replace("\r\n", "\n").replace('\r', '\n');
    int start = 0;
    int i = 0;
    while (i < lf.length()) {
      char c = lf.charAt(i);
      if (c == '\n') {
        start = i + 1;
      } else if (c != ' ' && c != '\t') {
        break;
      }
      i++;
    }
    return lf.substring(i == lf.length() ? lf.length() : start).stripTrailing();
  }

  private static String text(String value, String field) {
    return normalize(Require.nonNull(value, field));
  }

  private static String singleLine(String value, String field) {
    Require.nonBlank(value, field);
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException(
          field + " must be a single line but was " + Require.quote(value));
    }
    return value.strip();
  }

  /**
   * The key under which a section heading is recognized: lowercase letters and digits only, so
   * {@code "Non-goals"}, {@code "Non goals"} and {@code "NON_GOALS"} are one section. Two headings
   * with the same key are the same section.
   *
   * @param heading a section heading
   * @return its key
   */
  public static String sectionKey(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
  }

  private static Map<String, String> sections(Map<String, String> sections) {
    Map<String, String> copy = new LinkedHashMap<>();
    Map<String, String> seen = new LinkedHashMap<>();
    for (String known : KNOWN_SECTIONS) {
      seen.put(sectionKey(known), known);
    }
    Require.copyOf(sections, "otherSections")
        .forEach(
            (heading, body) -> {
              String name = singleLine(heading, "section heading");
              Require.matches(
                  name, HEADING, "section heading", "text not starting with '#' or a space");
              if (sectionKey(name).isEmpty()) {
                throw new IllegalArgumentException(
                    "section heading must contain a letter or digit but was " + Require.quote(name));
              }
              String previous = seen.putIfAbsent(sectionKey(name), name);
              if (previous != null) {
                throw new IllegalArgumentException(
                    "section heading " + Require.quote(name) + " repeats " + Require.quote(previous));
              }
              copy.put(name, normalize(body));
            });
    return Collections.unmodifiableMap(copy);
  }

  /**
   * Builds a {@link Spec}; {@link #build()} checks every value and names the first bad one.
   *
   * @since 0.1.0
   */
  @API(status = STABLE, since = "0.1.0")
  public static final class Builder {
    private final SpecId id;
    private @Nullable String title;
    private String summary = "";
    private @Nullable String goal;
    private String constraints = "";
    private String interfaces = "";
    private String nonGoals = "";
    private final List<ScenarioId> acceptance = new ArrayList<>();
    private final Map<String, String> otherSections = new LinkedHashMap<>();
    private final List<String> labels = new ArrayList<>();
    private int priority;
    private final List<String> protectedPaths = new ArrayList<>();
    private @Nullable SourceLocation source;

    private Builder(SpecId id) {
      this.id = Require.nonNull(id, "id");
    }

    /** Sets the one-line title (required). */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /** Sets the Markdown before the first section. */
    public Builder summary(String summary) {
      this.summary = summary;
      return this;
    }

    /** Sets what to build (required). */
    public Builder goal(String goal) {
      this.goal = goal;
      return this;
    }

    /** Sets the rules the change must keep. */
    public Builder constraints(String constraints) {
      this.constraints = constraints;
      return this;
    }

    /** Sets the interfaces other code relies on. */
    public Builder interfaces(String interfaces) {
      this.interfaces = interfaces;
      return this;
    }

    /** Sets what the change must not attempt. */
    public Builder nonGoals(String nonGoals) {
      this.nonGoals = nonGoals;
      return this;
    }

    /** Adds visible scenario ids to the acceptance list. */
    public Builder acceptance(ScenarioId... ids) {
      acceptance.addAll(Arrays.asList(ids));
      return this;
    }

    /** Adds visible scenario ids to the acceptance list. */
    public Builder acceptance(Collection<ScenarioId> ids) {
      acceptance.addAll(ids);
      return this;
    }

    /** Adds a section the library does not interpret. */
    public Builder otherSection(String heading, String body) {
      if (otherSections.containsKey(heading)) {
        throw new IllegalArgumentException(
            "section " + Require.quote(heading) + " was already set");
      }
      otherSections.put(heading, body);
      return this;
    }

    /** Adds labels. */
    public Builder labels(String... labels) {
      this.labels.addAll(Arrays.asList(labels));
      return this;
    }

    /** Adds labels. */
    public Builder labels(Collection<String> labels) {
      this.labels.addAll(labels);
      return this;
    }

    /** Sets the priority; higher is taken first. */
    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    /** Adds protected path globs. */
    public Builder protectedPaths(String... globs) {
      protectedPaths.addAll(Arrays.asList(globs));
      return this;
    }

    /** Adds protected path globs. */
    public Builder protectedPaths(Collection<String> globs) {
      protectedPaths.addAll(globs);
      return this;
    }

    /** Sets where the spec was read from. */
    public Builder source(@Nullable SourceLocation source) {
      this.source = source;
      return this;
    }

    /** The spec; throws {@link IllegalArgumentException} or {@link NullPointerException} naming the bad value. */
    public Spec build() {
      return new Spec(
          id,
          Require.nonNull(title, "title"),
          summary,
          Require.nonNull(goal, "goal"),
          constraints,
          interfaces,
          nonGoals,
          acceptance,
          otherSections,
          Require.distinct(labels, "labels"),
          priority,
          protectedPaths,
          source);
    }
  }
}
