package dev.darkfactory.core.cost;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.core.store.SqliteRunStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The budget levels of one run: the day (shared by every run and process using the state
 * directory), the run, each spec and each attempt, nested in that order.
 *
 * <pre>{@code
 * try (Budgets budgets = Budgets.builder()
 *     .day(BudgetLimits.none().withCostUsd("100"))
 *     .run(BudgetLimits.none().withCostUsd("20").withWallClock(Duration.ofHours(2)))
 *     .spec(BudgetLimits.none().withCostUsd("5"))
 *     .attempt(BudgetLimits.none().withTokens(3_000_000).withCostUsd("2"))
 *     .stateDirectory(stateDirectory)
 *     .listener(refusal -> events.emit(...))
 *     .build()) {
 *   Budget budget = budgets.attempt(SpecId.of("greeting"), 1);   // in spec, run and day
 *   ModelProvider guarded = ModelPipeline.builder(provider)
 *       .interceptor(budgets.interceptor(budget)).build();
 * }
 * }</pre>
 *
 * <p>A reservation through an attempt must fit in the attempt, its spec, the run and the day at
 * once. The run's wall clock starts when {@link Builder#build()} returns; a spec's and an
 * attempt's when they are first asked for. The day budget lives in {@code factory.db} in the state
 * directory ({@link SqliteBudget}), so it holds across runs and processes; with no state directory
 * and no day limit there is no day level, and a day limit without a state directory is an error.
 *
 * <p>Thread-safe. Close it to close the day budget's database connection.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class Budgets implements AutoCloseable {

  private final BudgetLimits specLimits;
  private final BudgetLimits attemptLimits;
  private final PriceCatalog prices;
  private final Clock clock;
  private final List<BudgetListener> listeners;
  private final @Nullable SqliteBudget day;
  private final HardBudget run;
  private final ConcurrentMap<SpecId, HardBudget> specs = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, HardBudget> attempts = new ConcurrentHashMap<>();

  private Budgets(Builder b, @Nullable SqliteBudget day) {
    this.specLimits = b.spec;
    this.attemptLimits = b.attempt;
    this.prices = b.prices;
    this.clock = b.clock;
    this.listeners = List.copyOf(b.listeners);
    this.day = day;
    HardBudget.Builder run = level("run", b.run);
    if (day != null) {
      run.parent(day.budget());
    }
    this.run = run.build();
  }

  /** A builder with no limits, the bundled prices and the system clock. */
  public static Builder builder() {
    return new Builder();
  }

  /** The run's budget: in the day's. */
  public HardBudget run() {
    return run;
  }

  /**
   * The budget of {@code spec} in this run, created with the spec limits when first asked for.
   *
   * @param spec the spec
   * @return its budget: in the run's
   */
  public HardBudget spec(SpecId spec) {
    Require.nonNull(spec, "spec");
    return specs.computeIfAbsent(
        spec, s -> level("spec:" + s.value(), specLimits).parent(run).build());
  }

  /**
   * The budget of attempt {@code attempt} of {@code spec}, created with the attempt limits when
   * first asked for.
   *
   * @param spec the spec
   * @param attempt the attempt's number; at least 1
   * @return its budget: in the spec's, the run's and the day's
   */
  public HardBudget attempt(SpecId spec, int attempt) {
    Require.nonNull(spec, "spec");
    Require.atLeast(attempt, 1, "attempt");
    String name = "attempt:" + spec.value() + "#" + attempt;
    return attempts.computeIfAbsent(
        name, n -> level(n, attemptLimits).parent(spec(spec)).build());
  }

  /** The day's budget, shared through the state directory, if there is a day level. */
  public Optional<HardBudget> day() {
    return day == null ? Optional.empty() : Optional.of(day.budget());
  }

  /** The prices calls are reserved and settled at. */
  public PriceCatalog prices() {
    return prices;
  }

  /**
   * An interceptor that reserves every call from {@code budget} at these prices.
   *
   * @param budget a budget, usually one of {@link #attempt}
   * @return the interceptor
   */
  public BudgetInterceptor interceptor(HardBudget budget) {
    return BudgetInterceptor.of(budget, prices);
  }

  /** Closes the day budget's database connection; closing again does nothing. */
  @Override
  public void close() {
    if (day != null) {
      day.close();
    }
  }

  private HardBudget.Builder level(String name, BudgetLimits limits) {
    HardBudget.Builder b = HardBudget.builder(name).limits(limits).clock(clock);
    listeners.forEach(b::listener);
    return b;
  }

  /**
   * Builds {@link Budgets}.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private BudgetLimits run = BudgetLimits.none();
    private BudgetLimits spec = BudgetLimits.none();
    private BudgetLimits attempt = BudgetLimits.none();
    private BudgetLimits day = BudgetLimits.none();
    private PriceCatalog prices = PriceCatalog.bundled();
    private Clock clock = Clock.systemUTC();
    private @Nullable Path dayDatabase;
    private Duration reservationTtl = SqliteBudget.DEFAULT_RESERVATION_TTL;
    private final List<BudgetListener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the run's limits; none by default.
     *
     * @param limits the limits
     * @return this builder
     */
    public Builder run(BudgetLimits limits) {
      this.run = Require.nonNull(limits, "limits");
      return this;
    }

    /**
     * Sets each spec's limits (each spec has its own budget with these limits); none by default.
     *
     * @param limits the limits
     * @return this builder
     */
    public Builder spec(BudgetLimits limits) {
      this.spec = Require.nonNull(limits, "limits");
      return this;
    }

    /**
     * Sets each attempt's limits; none by default.
     *
     * @param limits the limits
     * @return this builder
     */
    public Builder attempt(BudgetLimits limits) {
      this.attempt = Require.nonNull(limits, "limits");
      return this;
    }

    /**
     * Sets the limits per UTC day, across runs and processes; none by default. Needs a state
     * directory.
     *
     * @param limits the limits, in tokens and dollars (not wall clock)
     * @return this builder
     */
    public Builder day(BudgetLimits limits) {
      Require.nonNull(limits, "limits");
      if (limits.maxWallClock() != null) {
        throw new IllegalArgumentException(
            "a day budget has no wall-clock limit (it starts again at UTC midnight) but was given "
                + limits.maxWallClock());
      }
      this.day = limits;
      return this;
    }

    /**
     * Sets the prices; {@link PriceCatalog#bundled()} by default.
     *
     * @param prices the catalog
     * @return this builder
     */
    public Builder prices(PriceCatalog prices) {
      this.prices = Require.nonNull(prices, "prices");
      return this;
    }

    /**
     * Sets the clock of every level's deadline and of the day; the system's by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Require.nonNull(clock, "clock");
      return this;
    }

    /**
     * Keeps the day budget in the factory's state directory, in the run store's file {@value
     * SqliteRunStore#FILE_NAME}.
     *
     * @param stateDirectory the factory's state directory
     * @return this builder
     */
    public Builder stateDirectory(Path stateDirectory) {
      this.dayDatabase =
          Require.nonNull(stateDirectory, "stateDirectory").resolve(SqliteRunStore.FILE_NAME);
      return this;
    }

    /**
     * Sets how long a day reservation counts when its process dies before settling it; {@link
     * SqliteBudget#DEFAULT_RESERVATION_TTL} by default.
     *
     * @param ttl the time to live; positive
     * @return this builder
     */
    public Builder reservationTtl(Duration ttl) {
      this.reservationTtl = Require.positive(ttl, "ttl");
      return this;
    }

    /**
     * Adds a listener that hears every refusal at every level once.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(BudgetListener listener) {
      listeners.add(Require.nonNull(listener, "listener"));
      return this;
    }

    /**
     * The budgets; opens the day budget's database when there is a state directory.
     *
     * @return the budgets; close them when the run ends
     * @throws IllegalStateException when a day limit is set without a state directory
     * @throws dev.darkfactory.core.store.StoreException when the day budget's database cannot be
     *     opened
     */
    public Budgets build() {
      if (dayDatabase == null && !day.isNone()) {
        throw new IllegalStateException(
            "a day budget is kept in the factory's state directory so it holds across runs and"
                + " processes; set stateDirectory(...) or leave the day unlimited");
      }
      SqliteBudget dayBudget = null;
      if (dayDatabase != null) {
        SqliteBudget.Builder b =
            SqliteBudget.builder(dayDatabase)
                .limits(day)
                .clock(clock)
                .reservationTtl(reservationTtl);
        listeners.forEach(b::listener);
        dayBudget = b.open();
      }
      return new Budgets(this, dayBudget);
    }
  }
}
