package dev.darkfactory.core.cost;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.budget.Budget;
import dev.darkfactory.api.budget.Charge;
import dev.darkfactory.api.budget.Reservation;
import dev.darkfactory.api.internal.Require;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Budget} that holds: limited in tokens, US dollars and wall-clock time, and nested in
 * parent budgets (an attempt in its spec, the spec in the run, the run in the day).
 *
 * <pre>{@code
 * HardBudget run = HardBudget.builder("run").limits(BudgetLimits.none().withCostUsd("20")).build();
 * HardBudget attempt = HardBudget.builder("attempt:greeting#1")
 *     .limits(BudgetLimits.none().withTokens(2_000_000))
 *     .parent(run)
 *     .build();
 * }</pre>
 *
 * <h2>Reserving</h2>
 *
 * <p>A reservation must fit in this budget and in every ancestor: what each has spent, what its
 * open reservations hold and the new amount together within each of its limits. It is taken in
 * every level or in none. A budget and all its descendants share one lock (one lock per tree), so
 * concurrent reservations through different children of a shared parent never deadlock and never
 * both take the parent's last dollar. After a level's deadline (its creation plus {@link
 * BudgetLimits#maxWallClock()}, on its {@link Clock}) every reservation through it is refused.
 *
 * <p>A refused reservation is an answer, not an exception: {@link #tryReserve} is empty and {@link
 * #reserve} says which budget refused and what it had left; every {@link BudgetListener} of the
 * budget and its ancestors hears it once.
 *
 * <h2>Settling</h2>
 *
 * <p>{@link Reservation#settle(Charge)} replaces the held amount with what the call really cost,
 * in every level. A call that cost more than was held is counted in full (so {@link #spent()} may
 * pass the limit; every later reservation is then refused) and logged as a warning, never hidden.
 * {@link Reservation#release()} gives the hold back for a call that was not sent. A reservation is
 * settled or released once: as {@link Reservation} promises, doing either again does nothing
 * (and is logged as a warning, since it is a caller's mistake). {@link Reservation#close()}
 * releases it unless it was settled or released already.
 *
 * <p>Instances are thread-safe.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class HardBudget implements Budget {

  /**
   * The dollars {@link #remaining()} reports for a budget with no money limit anywhere in its
   * chain: the same figure {@link Budget#unlimited()} reports.
   */
  public static final BigDecimal NO_LIMIT_USD = BigDecimal.valueOf(Long.MAX_VALUE);

  private static final Logger LOG = LoggerFactory.getLogger(HardBudget.class);

  private final String name;
  private final BudgetLimits limits;
  private final @Nullable Instant deadline;
  private final Clock clock;
  private final @Nullable HardBudget parent;
  private final Object lock;
  private final Account account;
  private final List<BudgetListener> listeners;

  HardBudget(Builder b, Account account) {
    this.name = b.name;
    this.limits = b.limits;
    this.parent = b.parent;
    this.clock = b.clock != null ? b.clock : parent != null ? parent.clock : Clock.systemUTC();
    this.lock = parent != null ? parent.lock : new Object();
    this.account = account;
    this.listeners = List.copyOf(b.listeners);
    Instant end = b.deadline;
    Duration wallClock = limits.maxWallClock();
    if (wallClock != null) {
      Instant fromLimit = clock.instant().plus(wallClock);
      end = end == null || fromLimit.isBefore(end) ? fromLimit : end;
    }
    this.deadline = end;
  }

  /**
   * A builder for a budget named {@code name}.
   *
   * @param name a short name for events and reports, such as {@code run} or {@code
   *     attempt:greeting#2}
   * @return the builder
   */
  public static Builder builder(String name) {
    return new Builder(Require.nonBlank(name, "name"));
  }

  @Override
  public String name() {
    return name;
  }

  /** This budget's own limits (its ancestors have theirs). */
  public BudgetLimits limits() {
    return limits;
  }

  /** The instant after which every reservation is refused, if there is one. */
  public Optional<Instant> deadline() {
    return Optional.ofNullable(deadline);
  }

  /** The budget this one is nested in, if any. */
  public Optional<HardBudget> parent() {
    return Optional.ofNullable(parent);
  }

  /** Whether this budget or one of its ancestors limits money. */
  public boolean limitsCost() {
    for (HardBudget b = this; b != null; b = b.parent) {
      if (b.limits.maxCostUsd() != null) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Optional<Reservation> tryReserve(Charge maximum) {
    Decision d = reserve(maximum);
    return d instanceof Decision.Granted g ? Optional.of(g.reservation()) : Optional.empty();
  }

  /**
   * Like {@link #tryReserve}, but says which budget refused and why.
   *
   * @param maximum the most the coming call could cost
   * @return the reservation, or the refusal (the call must not be sent)
   */
  public Decision reserve(Charge maximum) {
    Require.nonNull(maximum, "maximum");
    List<HardBudget> chain = chain();
    BudgetRefusal refusal = null;
    Held held = null;
    synchronized (lock) {
      for (HardBudget level : chain) {
        if (level.pastDeadline()) {
          refusal = new BudgetRefusal(
              level.name, maximum, Charge.ZERO, BudgetRefusal.Reason.DEADLINE);
          break;
        }
      }
      if (refusal == null) {
        List<Hold> holds = new ArrayList<>(chain.size());
        try {
          for (HardBudget level : chain) {
            Object token = level.account.hold(maximum, level.limits);
            if (token == null) {
              Charge left = level.ownRemaining();
              BudgetRefusal.Reason reason =
                  maximum.tokens() > left.tokens()
                      ? BudgetRefusal.Reason.TOKENS
                      : BudgetRefusal.Reason.COST;
              refusal = new BudgetRefusal(level.name, maximum, left, reason);
              break;
            }
            holds.add(new Hold(level, token));
          }
        } catch (RuntimeException e) {
          undo(holds);
          throw e;
        }
        if (refusal != null) {
          undo(holds);
        } else {
          held = new Held(maximum, holds);
        }
      }
    }
    if (held != null) {
      return new Decision.Granted(held);
    }
    LOG.debug("{}", refusal.describe());
    for (BudgetListener l : listenersOfChain(chain)) {
      try {
        l.refused(refusal);
      } catch (RuntimeException e) {
        LOG.warn("budget listener {} failed; ignored", l.getClass().getName(), e);
      }
    }
    return new Decision.Refused(refusal);
  }

  private static void undo(List<Hold> holds) {
    for (int i = holds.size() - 1; i >= 0; i--) {
      Hold h = holds.get(i);
      try {
        h.level.account.release(h.token);
      } catch (RuntimeException e) {
        // A shared account that cannot release keeps the hold until it expires: the safe side.
        LOG.warn("cannot give back a partial hold in budget '{}'", h.level.name, e);
      }
    }
  }

  /** What is settled in this budget, not counting open reservations. */
  @Override
  public Charge spent() {
    synchronized (lock) {
      return account.spent();
    }
  }

  /** What this budget's open reservations hold. */
  public Charge reserved() {
    synchronized (lock) {
      return account.held();
    }
  }

  /**
   * What may still be reserved through this budget: for tokens and dollars, the least any level
   * of its chain has left (its limit minus what it spent and holds, never below 0); {@link
   * Charge#ZERO} once any level is past its deadline. A dimension no level limits reports {@link
   * Long#MAX_VALUE} tokens or {@link #NO_LIMIT_USD} dollars.
   */
  @Override
  public Charge remaining() {
    synchronized (lock) {
      long tokens = Long.MAX_VALUE;
      BigDecimal usd = NO_LIMIT_USD;
      for (HardBudget level : chain()) {
        Charge left = level.ownRemaining();
        tokens = Math.min(tokens, left.tokens());
        usd = usd.min(left.costUsd());
      }
      return new Charge(tokens, usd);
    }
  }

  /** This level's own remaining; call under the lock. */
  private Charge ownRemaining() {
    if (pastDeadline()) {
      return Charge.ZERO;
    }
    Charge used = account.spent().plus(account.held());
    Long maxTokens = limits.maxTokens();
    long tokens = maxTokens == null ? Long.MAX_VALUE : Math.max(0, maxTokens - used.tokens());
    BigDecimal maxCost = limits.maxCostUsd();
    BigDecimal usd =
        maxCost == null ? NO_LIMIT_USD : maxCost.subtract(used.costUsd()).max(BigDecimal.ZERO);
    return new Charge(tokens, usd);
  }

  private boolean pastDeadline() {
    return deadline != null && !clock.instant().isBefore(deadline);
  }

  private List<HardBudget> chain() {
    List<HardBudget> chain = new ArrayList<>();
    for (HardBudget b = this; b != null; b = b.parent) {
      chain.add(b);
    }
    return chain;
  }

  private static Set<BudgetListener> listenersOfChain(List<HardBudget> chain) {
    Set<BudgetListener> all = Collections.newSetFromMap(new IdentityHashMap<>());
    for (HardBudget level : chain) {
      all.addAll(level.listeners);
    }
    return all;
  }

  @Override
  public String toString() {
    String in = parent == null ? "" : ", in " + parent.name;
    return "HardBudget[" + name + ", " + limits + in + "]";
  }

  /** One level's part of a reservation. */
  private record Hold(HardBudget level, Object token) {}

  private enum State {
    OPEN,
    SETTLED,
    RELEASED
  }

  /** A reservation across every level of the chain. */
  private final class Held implements Reservation {
    private final Charge reserved;
    private final List<Hold> holds;
    private State state = State.OPEN; // guarded by lock

    Held(Charge reserved, List<Hold> holds) {
      this.reserved = reserved;
      this.holds = List.copyOf(holds);
    }

    @Override
    public Charge reserved() {
      return reserved;
    }

    @Override
    public void settle(Charge actual) {
      Require.nonNull(actual, "actual");
      RuntimeException failure = null;
      synchronized (lock) {
        if (!close(State.SETTLED)) {
          return;
        }
        for (Hold h : holds) {
          try {
            h.level.account.settle(h.token, actual);
          } catch (RuntimeException e) {
            if (failure == null) {
              failure = e;
            } else {
              failure.addSuppressed(e);
            }
          }
        }
      }
      if (!actual.fitsWithin(reserved)) {
        LOG.warn(
            "budget '{}': a call reserved {} but cost {}; the whole cost is counted as spent",
            name,
            BudgetRefusal.amount(reserved),
            BudgetRefusal.amount(actual));
        for (BudgetListener l : listenersOfChain(chain())) {
          try {
            l.overran(name, reserved, actual);
          } catch (RuntimeException e) {
            LOG.warn("budget listener {} failed; ignored", l.getClass().getName(), e);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    }

    @Override
    public void release() {
      synchronized (lock) {
        if (close(State.RELEASED)) {
          undo(holds);
        }
      }
    }

    @Override
    public void close() {
      synchronized (lock) {
        if (state == State.OPEN) {
          release();
        }
      }
    }

    /**
     * Marks the reservation closed. When it already was, the call does nothing, as {@link
     * Reservation} promises; a second settle or release is a caller's mistake, so it is logged.
     */
    private boolean close(State to) {
      if (state != State.OPEN) {
        LOG.warn(
            "the reservation of {} in budget '{}' was already {}; this {} does nothing",
            BudgetRefusal.amount(reserved),
            name,
            state.name().toLowerCase(java.util.Locale.ROOT),
            to == State.SETTLED ? "settle" : "release");
        return false;
      }
      state = to;
      return true;
    }
  }

  /**
   * What {@link #reserve} decided.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public sealed interface Decision {

    /**
     * The reservation was taken in every level.
     *
     * @param reservation the reservation; settle or release it
     * @since 0.1.0
     */
    @API(status = EXPERIMENTAL, since = "0.1.0")
    record Granted(Reservation reservation) implements Decision {
      /** Checks the component. */
      public Granted {
        Require.nonNull(reservation, "reservation");
      }
    }

    /**
     * The reservation was refused and nothing was held.
     *
     * @param refusal which budget refused and why
     * @since 0.1.0
     */
    @API(status = EXPERIMENTAL, since = "0.1.0")
    record Refused(BudgetRefusal refusal) implements Decision {
      /** Checks the component. */
      public Refused {
        Require.nonNull(refusal, "refusal");
      }
    }
  }

  /**
   * Builds a {@link HardBudget}.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private final String name;
    private BudgetLimits limits = BudgetLimits.none();
    private @Nullable Instant deadline;
    private @Nullable Clock clock;
    private @Nullable HardBudget parent;
    private final List<BudgetListener> listeners = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets the limits; none by default. A wall-clock limit starts when the budget is built.
     *
     * @param limits the limits
     * @return this builder
     */
    public Builder limits(BudgetLimits limits) {
      this.limits = Require.nonNull(limits, "limits");
      return this;
    }

    /**
     * Sets a deadline: from this instant on, every reservation is refused. With a wall-clock
     * limit too, the earlier of the two counts.
     *
     * @param deadline the deadline
     * @return this builder
     */
    public Builder deadline(Instant deadline) {
      this.deadline = Require.nonNull(deadline, "deadline");
      return this;
    }

    /**
     * Sets the clock the deadline is read on; the parent's, or the system's UTC clock, by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Require.nonNull(clock, "clock");
      return this;
    }

    /**
     * Nests the budget in {@code parent}: every reservation must fit in both, and in the parent's
     * ancestors. The budget shares its parent's lock.
     *
     * @param parent the parent
     * @return this builder
     */
    public Builder parent(HardBudget parent) {
      this.parent = Require.nonNull(parent, "parent");
      return this;
    }

    /**
     * Adds a listener for refusals of reservations made through this budget (its ancestors'
     * listeners hear them too).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(BudgetListener listener) {
      listeners.add(Require.nonNull(listener, "listener"));
      return this;
    }

    /** The budget, kept in this process's memory. */
    public HardBudget build() {
      return new HardBudget(this, new Account.InMemory());
    }

    /** The budget, kept in {@code account}. */
    HardBudget build(Account account) {
      return new HardBudget(this, account);
    }
  }
}
