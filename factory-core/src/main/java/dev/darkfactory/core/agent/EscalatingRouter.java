package dev.darkfactory.core.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.agent.Feedback;
import dev.darkfactory.api.internal.Require;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ModelRouter} that starts each attempt with a cheap model and escalates to a strong one
 * for the rest of the attempt when it gets into trouble:
 *
 * <ul>
 *   <li>from the first turn, when an earlier attempt at the spec was sent back (every attempt
 *       with feedback was: a failed evaluation, nothing to evaluate, a conflict), or only when it
 *       {@linkplain RoutingContext#score scored} below {@link Builder#minEarlierScore};
 *   <li>after a loop warning ({@link Builder#escalateOnLoopWarning});
 *   <li>after a streak of failed tool rounds, rounds where every call got an error result ({@link
 *       Builder#failedRoundStreak}).
 * </ul>
 *
 * <p>Optionally ({@link Builder#routeBySteps}, off by default) it also routes by step: the cheap
 * model after a round that only explored (read, listed, searched), the strong one after a round
 * that edited or ran commands; the model that acted decides the next step, so the cheap model may
 * make the first edit of a stretch. Every step switch costs a prompt-cache miss on the model
 * switched to (caches are per model), so a model is kept at least {@link
 * Builder#minTurnsPerModel} turns before a step switch; escalations switch at once.
 *
 * <pre>{@code
 * ToolLoopAgent agent = ToolLoopAgent.builder()
 *     .provider(provider)
 *     .router(EscalatingRouter.builder("claude-haiku-4-5", "claude-sonnet-4-5")
 *         .failedRoundStreak(3)
 *         .build())
 *     .build();
 * }</pre>
 *
 * <p>Stateless: everything it decides on is in the {@link RoutingContext}, so one router serves
 * any number of concurrent attempts.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class EscalatingRouter implements ModelRouter {

  private final String cheap;
  private final String strong;
  private final boolean afterEarlierAttempts;
  private final @Nullable Double minEarlierScore;
  private final boolean onLoopWarning;
  private final int failedRoundStreak;
  private final boolean bySteps;
  private final int minTurnsPerModel;
  private final Set<String> models;

  private EscalatingRouter(Builder b) {
    this.cheap = b.cheap;
    this.strong = b.strong;
    this.afterEarlierAttempts = b.afterEarlierAttempts;
    this.minEarlierScore = b.minEarlierScore;
    this.onLoopWarning = b.onLoopWarning;
    this.failedRoundStreak = b.failedRoundStreak;
    this.bySteps = b.bySteps;
    this.minTurnsPerModel = b.minTurnsPerModel;
    this.models = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(cheap, strong)));
  }

  /**
   * A builder with the defaults: escalate after any earlier attempt, on a loop warning and after
   * 3 failed rounds in a row; no routing by step.
   *
   * @param cheap the model to start with
   * @param strong the model to escalate to; may equal {@code cheap}
   * @return the builder
   */
  public static Builder builder(String cheap, String strong) {
    return new Builder(Require.nonBlank(cheap, "cheap"), Require.nonBlank(strong, "strong"));
  }

  /**
   * The model it starts with.
   *
   * @return the cheap model
   */
  public String cheap() {
    return cheap;
  }

  /**
   * The model it escalates to.
   *
   * @return the strong model
   */
  public String strong() {
    return strong;
  }

  /** The cheap model, then the strong one. */
  @Override
  public Set<String> models() {
    return models;
  }

  @Override
  public Route route(RoutingContext context) {
    Require.nonNull(context, "context");
    String escalation = escalation(context);
    if (escalation != null) {
      return new Route(strong, escalation);
    }
    String current = context.currentModel();
    if (!bySteps) {
      return new Route(cheap, "the cheap model, as long as nothing calls for the strong one");
    }
    if (current == null || (!current.equals(cheap) && !current.equals(strong))) {
      return new Route(cheap, "start with the cheap model");
    }
    String wanted;
    String why;
    switch (context.step()) {
      case EXPLORING -> {
        wanted = cheap;
        why = "the last round only explored (" + names(context) + ")";
      }
      case EDITING -> {
        wanted = strong;
        why = "the last round edited or ran commands (" + names(context) + ")";
      }
      default -> {
        return new Route(current, "no tool round to judge; stay");
      }
    }
    if (wanted.equals(current)) {
      return new Route(current, why);
    }
    if (context.turnsOnCurrentModel() < minTurnsPerModel) {
      return new Route(
          current,
          why
              + ", but "
              + current
              + " answered only "
              + context.turnsOnCurrentModel()
              + " of at least "
              + minTurnsPerModel
              + " turns; a switch would miss the prompt cache");
    }
    return new Route(wanted, why);
  }

  /** Why the attempt needs the strong model from now on, or null. */
  private @Nullable String escalation(RoutingContext c) {
    if (afterEarlierAttempts) {
      Optional<Feedback> latest = c.latestEarlierAttempt();
      if (latest.isPresent()) {
        Feedback f = latest.get();
        double score = c.score(f);
        String summary = f.summary().isBlank() ? "" : ": " + oneLine(f.summary());
        if (minEarlierScore == null) {
          return "escalated: attempt " + f.attempt() + " was sent back" + summary;
        }
        if (score < minEarlierScore) {
          return "escalated: attempt "
              + f.attempt()
              + " scored "
              + percent(score)
              + ", below "
              + percent(minEarlierScore)
              + summary;
        }
      }
    }
    if (onLoopWarning && c.loopWarnings() > 0) {
      return "escalated: the loop warned the model about repeated tool calls";
    }
    if (failedRoundStreak > 0 && c.longestFailedRoundStreak() >= failedRoundStreak) {
      return "escalated: "
          + c.longestFailedRoundStreak()
          + " tool rounds in a row had only failed calls";
    }
    return null;
  }

  private static String names(RoutingContext c) {
    return String.join(", ", c.lastRound().stream().map(RoutingContext.Call::name).toList());
  }

  private static String oneLine(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.0f%%", share * 100);
  }

  /** The models and the settings. */
  @Override
  public String toString() {
    return "EscalatingRouter[cheap="
        + cheap
        + ", strong="
        + strong
        + ", afterEarlierAttempts="
        + afterEarlierAttempts
        + (minEarlierScore == null ? "" : " below " + minEarlierScore)
        + ", onLoopWarning="
        + onLoopWarning
        + ", failedRoundStreak="
        + failedRoundStreak
        + ", bySteps="
        + bySteps
        + ", minTurnsPerModel="
        + minTurnsPerModel
        + "]";
  }

  /**
   * Builds an {@link EscalatingRouter}.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private final String cheap;
    private final String strong;
    private boolean afterEarlierAttempts = true;
    private @Nullable Double minEarlierScore;
    private boolean onLoopWarning = true;
    private int failedRoundStreak = 3;
    private boolean bySteps;
    private int minTurnsPerModel = 3;

    private Builder(String cheap, String strong) {
      this.cheap = cheap;
      this.strong = strong;
    }

    /**
     * Whether an attempt after one that was sent back starts with the strong model; default yes.
     *
     * @param escalate whether to
     * @return this builder
     */
    public Builder escalateAfterEarlierAttempts(boolean escalate) {
      this.afterEarlierAttempts = escalate;
      return this;
    }

    /**
     * Escalates after an earlier attempt only when the latest one {@linkplain
     * RoutingContext#score scored} below {@code score}; by default any earlier attempt escalates.
     *
     * @param score from 0 to 1
     * @return this builder
     */
    public Builder minEarlierScore(double score) {
      this.minEarlierScore = Require.between(score, 0.0, 1.0, "score");
      return this;
    }

    /**
     * Whether a loop warning escalates; default yes.
     *
     * @param escalate whether to
     * @return this builder
     */
    public Builder escalateOnLoopWarning(boolean escalate) {
      this.onLoopWarning = escalate;
      return this;
    }

    /**
     * Escalates after this many tool rounds in a row whose calls all failed; 0 turns it off;
     * default 3.
     *
     * @param rounds at least 0
     * @return this builder
     */
    public Builder failedRoundStreak(int rounds) {
      this.failedRoundStreak = Require.atLeast(rounds, 0, "rounds");
      return this;
    }

    /**
     * Whether to route by step: cheap after exploring rounds, strong after editing ones; default
     * no, since every switch misses the prompt cache.
     *
     * @param route whether to
     * @return this builder
     */
    public Builder routeBySteps(boolean route) {
      this.bySteps = route;
      return this;
    }

    /**
     * How many turns in a row a model answers before a step switch; escalations do not wait;
     * default 3.
     *
     * @param turns at least 1
     * @return this builder
     */
    public Builder minTurnsPerModel(int turns) {
      this.minTurnsPerModel = Require.atLeast(turns, 1, "turns");
      return this;
    }

    /**
     * The router.
     *
     * @return the router
     */
    public EscalatingRouter build() {
      return new EscalatingRouter(this);
    }
  }
}
