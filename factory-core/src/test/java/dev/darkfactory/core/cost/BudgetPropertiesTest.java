package dev.darkfactory.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.budget.Budget;
import dev.darkfactory.api.budget.Charge;
import dev.darkfactory.api.budget.Reservation;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.StopReason;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.core.model.ModelPipeline;
import dev.darkfactory.core.work.MutableClock;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class BudgetPropertiesTest {

  private static final int THREADS = 8;

  /** What one thread did through one budget: settled amounts and still open reservations. */
  private static final class Ledger {
    final String budget;
    Charge settled = Charge.ZERO;
    final List<Reservation> open = new ArrayList<>();

    Ledger(String budget) {
      this.budget = budget;
    }

    Charge openAmount() {
      Charge sum = Charge.ZERO;
      for (Reservation r : open) {
        sum = sum.plus(r.reserved());
      }
      return sum;
    }
  }

  private static Charge randomCharge(Random random, long maxTokens, long maxMicroUsd) {
    return new Charge(
        1 + (long) (random.nextDouble() * maxTokens),
        BigDecimal.valueOf(1 + (long) (random.nextDouble() * maxMicroUsd), 6));
  }

  /** An amount at most {@code reserved} in each part. */
  private static Charge atMost(Random random, Charge reserved) {
    long tokens = (long) (random.nextDouble() * (reserved.tokens() + 1));
    long micro = reserved.costUsd().movePointRight(6).longValueExact();
    return new Charge(tokens, BigDecimal.valueOf((long) (random.nextDouble() * (micro + 1)), 6));
  }

  /**
   * One thread's random work: reserve, or settle (at most what was reserved) or release one of
   * its open reservations; after each step, checks that the watched budget's spent and held
   * amounts fit its limits.
   */
  private static Ledger work(
      Budget budget,
      Random random,
      int steps,
      long maxTokens,
      long maxMicroUsd,
      Budget watched,
      BudgetLimits watchedLimits) {
    Ledger ledger = new Ledger(budget.name());
    for (int i = 0; i < steps; i++) {
      if (ledger.open.isEmpty() || random.nextInt(3) == 0) {
        budget.tryReserve(randomCharge(random, maxTokens, maxMicroUsd)).ifPresent(ledger.open::add);
      } else {
        Reservation r = ledger.open.remove(random.nextInt(ledger.open.size()));
        if (random.nextBoolean()) {
          Charge actual = atMost(random, r.reserved());
          r.settle(actual);
          ledger.settled = ledger.settled.plus(actual);
        } else {
          r.release();
        }
      }
      // spent only grows and a settle never exceeds its hold, so reading spent before the holds
      // can only under-count their sum: if this fails, the limit was really broken.
      Charge spent = watched.spent();
      Charge held = reserved(watched);
      assertThat(fits(spent.plus(held), watchedLimits))
          .as("%s spent %s and holds %s within %s", watched.name(), spent, held, watchedLimits)
          .isTrue();
    }
    return ledger;
  }

  private static Charge reserved(Budget b) {
    return b instanceof SqliteBudget s ? s.reserved() : ((HardBudget) b).reserved();
  }

  private static boolean fits(Charge c, BudgetLimits limits) {
    return Account.fits(Charge.ZERO, c, limits);
  }

  private static List<Ledger> runThreads(List<java.util.concurrent.Callable<Ledger>> work)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(work.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Ledger>> futures = new ArrayList<>();
      for (java.util.concurrent.Callable<Ledger> w : work) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return w.call();
                }));
      }
      start.countDown();
      List<Ledger> ledgers = new ArrayList<>();
      for (Future<Ledger> f : futures) {
        ledgers.add(f.get(2, TimeUnit.MINUTES));
      }
      return ledgers;
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- in memory: a run, two specs, four attempts, eight threads --------------------------

  @Property(tries = 60)
  void concurrentReservationsNeverOverspendAnyLevelAndEveryCentIsAccountedFor(
      @ForAll long seed,
      @ForAll @LongRange(min = 100, max = 100_000) long runTokens,
      @ForAll @LongRange(min = 100, max = 10_000_000) long runMicroUsd,
      @ForAll @IntRange(min = 20, max = 100) int specShare)
      throws Exception {
    BudgetLimits runLimits =
        BudgetLimits.none().withTokens(runTokens).withCostUsd(BigDecimal.valueOf(runMicroUsd, 6));
    BudgetLimits specLimits =
        BudgetLimits.none()
            .withTokens(runTokens * specShare / 100)
            .withCostUsd(BigDecimal.valueOf(runMicroUsd * specShare / 100, 6));
    HardBudget run = HardBudget.builder("run").limits(runLimits).build();
    Map<String, HardBudget> specs = new HashMap<>();
    Map<String, BudgetLimits> limits = new HashMap<>();
    limits.put("run", runLimits);
    List<HardBudget> attempts = new ArrayList<>();
    for (String s : List.of("a", "b")) {
      HardBudget spec = HardBudget.builder("spec:" + s).limits(specLimits).parent(run).build();
      specs.put(s, spec);
      limits.put(spec.name(), specLimits);
      for (int n = 1; n <= 2; n++) {
        attempts.add(HardBudget.builder("attempt:" + s + "#" + n).parent(spec).build());
      }
    }

    List<java.util.concurrent.Callable<Ledger>> work = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      HardBudget attempt = attempts.get(t % attempts.size());
      Random random = new Random(seed + t);
      work.add(() -> work(attempt, random, 150, runTokens / 4, runMicroUsd / 4, run, runLimits));
    }
    List<Ledger> ledgers = runThreads(work);

    Map<String, Charge> settled = new HashMap<>();
    Map<String, Charge> open = new HashMap<>();
    for (Ledger l : ledgers) {
      String spec = "spec:" + l.budget.substring("attempt:".length(), "attempt:".length() + 1);
      for (String level : List.of(l.budget, spec, "run")) {
        settled.merge(level, l.settled, Charge::plus);
        open.merge(level, l.openAmount(), Charge::plus);
      }
    }
    List<HardBudget> levels = new ArrayList<>(attempts);
    levels.addAll(specs.values());
    levels.add(run);
    for (HardBudget level : levels) {
      Charge spent = level.spent();
      assertThat(spent).as(level.name()).isEqualTo(settled.get(level.name()));
      assertThat(level.reserved()).as(level.name()).isEqualTo(open.get(level.name()));
      BudgetLimits own = limits.get(level.name());
      if (own != null) {
        assertThat(fits(spent.plus(level.reserved()), own)).as(level.name()).isTrue();
      }
    }

    ledgers.forEach(l -> l.open.forEach(Reservation::release));
    for (HardBudget level : levels) {
      assertThat(level.reserved()).isEqualTo(Charge.ZERO);
      assertThat(level.spent()).isEqualTo(settled.get(level.name()));
    }
  }

  // ---- the day in SQLite: two instances on one file, as two processes would be ------------

  @Property(tries = 6)
  void theDayNeverOverspendsAcrossTwoInstancesOfOneFileAndSurvivesReopening(
      @ForAll long seed,
      @ForAll @LongRange(min = 50, max = 20_000) long dayTokens,
      @ForAll @LongRange(min = 50, max = 5_000_000) long dayMicroUsd)
      throws Exception {
    Path dir = Files.createTempDirectory("budget-property");
    try {
      Path file = dir.resolve("factory.db");
      MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
      BudgetLimits limits =
          BudgetLimits.none().withTokens(dayTokens).withCostUsd(BigDecimal.valueOf(dayMicroUsd, 6));
      List<Ledger> ledgers;
      try (SqliteBudget a = SqliteBudget.builder(file).limits(limits).clock(clock).open();
          SqliteBudget b = SqliteBudget.builder(file).limits(limits).clock(clock).open()) {
        List<java.util.concurrent.Callable<Ledger>> work = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          SqliteBudget day = t % 2 == 0 ? a : b;
          Random random = new Random(seed + t);
          work.add(() -> work(day, random, 20, dayTokens / 3, dayMicroUsd / 3, day, limits));
        }
        ledgers = runThreads(work);
      }

      Charge settled = Charge.ZERO;
      Charge open = Charge.ZERO;
      for (Ledger l : ledgers) {
        settled = settled.plus(l.settled);
        open = open.plus(l.openAmount());
      }
      try (SqliteBudget reopened = SqliteBudget.builder(file).limits(limits).clock(clock).open()) {
        assertThat(reopened.spent()).isEqualTo(settled);
        assertThat(reopened.reserved()).isEqualTo(open);
        assertThat(fits(settled.plus(open), limits)).isTrue();
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(BudgetPropertiesTest::deleteQuietly);
      }
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // a temporary directory; nothing to do
    }
  }

  // ---- the interceptor ---------------------------------------------------------------------

  @Property(tries = 200)
  void aCallIsSentOnlyWhenItsMaximumFitsAndSpendingNeverPassesTheLimit(
      @ForAll @LongRange(min = 0, max = 200_000) long microUsd,
      @ForAll @IntRange(min = 1, max = 32_000) int maxOutputTokens,
      @ForAll @IntRange(min = 0, max = 20_000) int promptLength,
      @ForAll @IntRange(min = 1, max = 6) int calls)
      throws Exception {
    HardBudget budget =
        HardBudget.builder("attempt:a#1")
            .limits(BudgetLimits.none().withCostUsd(BigDecimal.valueOf(microUsd, 6)))
            .build();
    AtomicInteger sent = new AtomicInteger();
    ModelProvider counting =
        new ModelProvider() {
          @Override
          public String id() {
            return "counting";
          }

          @Override
          public ModelResponse complete(ModelRequest request) {
            sent.incrementAndGet();
            long input = BudgetInterceptor.inputTokensUpperBound(request) / 2;
            Usage usage = Usage.of(input, request.maxOutputTokens() / 2);
            return new ModelResponse(
                "r", request.model(), Message.assistant("ok"), StopReason.END_TURN, usage);
          }
        };
    BudgetInterceptor interceptor = BudgetInterceptor.of(budget, PriceCatalog.bundled());
    ModelProvider model = ModelPipeline.builder(counting).interceptor(interceptor).build();
    ModelRequest request =
        ModelRequest.builder("claude-haiku-4-5")
            .message(Message.user("x".repeat(promptLength)))
            .maxOutputTokens(maxOutputTokens)
            .build();

    for (int i = 0; i < calls; i++) {
      boolean fits = interceptor.maximum(request).fitsWithin(budget.remaining());
      int before = sent.get();
      try {
        model.complete(request);
        assertThat(fits).isTrue();
        assertThat(sent.get()).isEqualTo(before + 1);
      } catch (ModelException e) {
        assertThat(e).isInstanceOf(BudgetExhaustedException.class);
        assertThat(fits).isFalse();
        assertThat(sent.get()).isEqualTo(before);
      }
      assertThat(budget.spent().costUsd()).isLessThanOrEqualTo(BigDecimal.valueOf(microUsd, 6));
      assertThat(budget.reserved()).isEqualTo(Charge.ZERO);
    }
  }

  // ---- prices ------------------------------------------------------------------------------

  @Property(tries = 500)
  void theMaximumBoundsTheCostOfEveryUsageWithinItsInputAndOutput(
      @ForAll @LongRange(min = 0, max = 2_000_000) long inputBound,
      @ForAll @LongRange(min = 0, max = 200_000) long outputBound,
      @ForAll @IntRange(min = 0, max = 100) int cachedPercent,
      @ForAll @IntRange(min = 0, max = 100) int writtenPercent,
      @ForAll @IntRange(min = 0, max = 100) int usedPercent) {
    long total = inputBound * usedPercent / 100;
    long read = total * cachedPercent / 100;
    long written = (total - read) * writtenPercent / 100;
    long output = outputBound * usedPercent / 100;
    Usage usage = new Usage(total - read - written, output, read, written, output / 2);

    for (String model : PriceCatalog.bundled().models()) {
      ModelPrice price = PriceCatalog.bundled().require(model);
      assertThat(price.cost(usage).fitsWithin(price.maximum(inputBound, outputBound)))
          .as(model)
          .isTrue();
    }
  }

  @Property
  void theUtf8LengthIsTheEncodedLengthOfEveryWellFormedString(@ForAll String text) {
    byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
    boolean wellFormed = StandardCharsets.UTF_8.newEncoder().canEncode(text);

    if (wellFormed) {
      assertThat(BudgetInterceptor.utf8Length(text)).isEqualTo(encoded.length);
    } else {
      assertThat(BudgetInterceptor.utf8Length(text)).isGreaterThanOrEqualTo(encoded.length);
    }
  }
}
