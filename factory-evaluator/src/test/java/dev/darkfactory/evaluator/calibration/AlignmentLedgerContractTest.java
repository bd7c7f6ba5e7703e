package dev.darkfactory.evaluator.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.merge.MergeDecision.Action;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AlignmentLedger} must do, run over each implementation by a subclass: the
 * in-memory ledger behaves exactly as the SQLite one.
 */
abstract class AlignmentLedgerContractTest {

  static final CalibrationConfiguration SONNET =
      new CalibrationConfiguration("claude-sonnet", "2025-01-01", "holdout/1", "threshold/1");
  static final CalibrationConfiguration OPUS =
      new CalibrationConfiguration("claude-opus", "", "holdout/2", "threshold/1");
  static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  static final CommitId BASE = CommitId.of("b".repeat(40));

  private final List<ExecutorService> executors = new ArrayList<>();

  /** A new, empty ledger of the implementation under test. */
  abstract AlignmentLedger ledger();

  /** Records decisions in one batch: all or none. */
  abstract void recordAll(AlignmentLedger ledger, List<LedgerRecord> decisions);

  @AfterEach
  void stopExecutors() {
    executors.forEach(ExecutorService::shutdownNow);
  }

  // ------------------------------------------------------------------ fixtures

  static CommitId commit(String seed) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(seed.getBytes(StandardCharsets.UTF_8));
      return CommitId.of(HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static Candidate candidate(String spec, int attempt) {
    return new Candidate(
        SpecId.of(spec),
        attempt,
        Candidate.branchFor(SpecId.of(spec), attempt),
        commit(spec + "/" + attempt),
        BASE);
  }

  static LedgerRecord decision(
      Candidate candidate,
      String repository,
      Set<String> labels,
      CalibrationConfiguration configuration,
      Verdict verdict,
      double satisfaction,
      Action action,
      Instant at) {
    return new LedgerRecord(
        candidate, repository, labels, configuration, verdict, satisfaction, action, at, List.of());
  }

  static LedgerRecord decision(String spec, Instant at) {
    return decision(
        candidate(spec, 1), "acme/shop", Set.of(), SONNET, Verdict.PASS, 0.9, Action.HOLD, at);
  }

  static Review review(HumanVerdict verdict, String reviewer, String reason, Instant at) {
    return new Review(verdict, reviewer, reason, at);
  }

  static String export(AlignmentLedger ledger) throws IOException {
    StringWriter out = new StringWriter();
    ledger.exportJsonLines(out);
    return out.toString();
  }

  // ------------------------------------------------------------------ round trips

  @Test
  void decisionsAndReviewsComeBackEqualToWhatWentIn() {
    AlignmentLedger ledger = ledger();
    LedgerRecord first =
        decision(
            candidate("add-login", 1),
            "acme/shop",
            Set.of("auth", "web", "quote\"and\\slash"),
            SONNET,
            Verdict.PASS,
            0.1 + 0.2, // not exactly 0.3: doubles must survive exactly
            Action.MERGE,
            T0.plusNanos(123_456_789));
    LedgerRecord second =
        decision(
            candidate("fix-cart", 2),
            "acme/cart",
            Set.of(),
            OPUS,
            Verdict.FAIL,
            0.0,
            Action.REJECT,
            T0.plusSeconds(60));
    LedgerRecord third =
        decision(
            candidate("fix-cart", 3),
            "acme/cart",
            Set.of("web"),
            OPUS,
            Verdict.SUSPECT,
            1.0,
            Action.HOLD,
            T0.plusSeconds(120));
    ledger.recordDecision(first);
    ledger.recordDecision(second);
    ledger.recordDecision(third);
    Review approve = review(HumanVerdict.APPROVE, "ana", "", T0.plusSeconds(3600));
    Review reject = review(HumanVerdict.REJECT, "bo", "breaks checkout\nsee ticket 7", T0);
    ledger.recordReview(third.candidate(), reject);
    ledger.recordReview(first.candidate(), approve);

    assertThat(ledger.records(LedgerFilter.ALL))
        .containsExactly(first.withReview(approve), second, third.withReview(reject));
    assertThat(ledger.records(LedgerFilter.ALL).get(1).review()).isEmpty();
  }

  @Test
  void aLaterReviewSupersedesTheEarlierAndBothAreKept() {
    AlignmentLedger ledger = ledger();
    LedgerRecord decided = decision("add-login", T0);
    ledger.recordDecision(decided);
    Review first = review(HumanVerdict.APPROVE, "ana", "fine", T0.plusSeconds(10));
    Review second = review(HumanVerdict.REJECT, "bo", "leaks the session token", T0.plusSeconds(5));

    ledger.recordReview(decided.candidate(), first);
    ledger.recordReview(decided.candidate(), second);

    LedgerRecord read = ledger.records(LedgerFilter.ALL).get(0);
    // Insertion order counts, not the review's own time.
    assertThat(read.reviews()).containsExactly(first, second);
    assertThat(read.review()).contains(second);
  }

  @Test
  void aReviewFindsItsCandidateByKeyWhateverBaseItCarries() {
    AlignmentLedger ledger = ledger();
    LedgerRecord decided = decision("add-login", T0);
    ledger.recordDecision(decided);
    Candidate c = decided.candidate();
    Candidate otherBase =
        new Candidate(c.specId(), c.attempt(), c.branch(), c.commit(), CommitId.of("c".repeat(40)));
    Review review = review(HumanVerdict.APPROVE, "ana", "", T0);

    ledger.recordReview(otherBase, review);

    assertThat(ledger.records(LedgerFilter.ALL)).containsExactly(decided.withReview(review));
  }

  // ------------------------------------------------------------------ refusals

  @Test
  void aSecondDecisionOnACandidateIsRefusedNamingItAndChangesNothing() throws IOException {
    AlignmentLedger ledger = ledger();
    LedgerRecord decided = decision("add-login", T0);
    ledger.recordDecision(decided);
    ledger.recordReview(decided.candidate(), review(HumanVerdict.APPROVE, "ana", "", T0));
    List<LedgerRecord> before = ledger.records(LedgerFilter.ALL);
    String exportBefore = export(ledger);
    Candidate c = decided.candidate();
    LedgerRecord again =
        decision(
            new Candidate(c.specId(), c.attempt(), c.branch(), c.commit(), CommitId.of("c".repeat(40))),
            "acme/other",
            Set.of("x"),
            OPUS,
            Verdict.FAIL,
            0.2,
            Action.REJECT,
            T0.plusSeconds(1));

    assertThatThrownBy(() -> ledger.recordDecision(again))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "candidate of spec 'add-login', attempt 1, branch 'factory/add-login/attempt-1', commit "
                + c.commit().hex()
                + " is already recorded");

    assertThat(ledger.records(LedgerFilter.ALL)).isEqualTo(before);
    assertThat(export(ledger)).isEqualTo(exportBefore);
  }

  @Test
  void aBatchWithADuplicateRecordsNothing() {
    AlignmentLedger ledger = ledger();
    LedgerRecord kept = decision("kept", T0);
    ledger.recordDecision(kept);
    LedgerRecord fresh = decision("fresh", T0.plusSeconds(1));

    assertThatThrownBy(() -> recordAll(ledger, List.of(fresh, decision("kept", T0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spec 'kept'");
    assertThatThrownBy(() -> recordAll(ledger, List.of(fresh, fresh)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spec 'fresh'");

    assertThat(ledger.records(LedgerFilter.ALL)).containsExactly(kept);
  }

  @Test
  void aDecisionThatAlreadyHasReviewsIsRefused() {
    AlignmentLedger ledger = ledger();
    LedgerRecord reviewed =
        decision("add-login", T0).withReview(review(HumanVerdict.APPROVE, "ana", "", T0));

    assertThatThrownBy(() -> ledger.recordDecision(reviewed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spec 'add-login'")
        .hasMessageContaining("with 1 reviews");
    assertThat(ledger.records(LedgerFilter.ALL)).isEmpty();
  }

  @Test
  void aReviewOfACandidateNeverRecordedIsRefusedNamingIt() throws IOException {
    AlignmentLedger ledger = ledger();
    LedgerRecord decided = decision("add-login", T0);
    ledger.recordDecision(decided);
    String before = export(ledger);
    Candidate c = decided.candidate();
    Candidate otherCommit =
        new Candidate(c.specId(), c.attempt(), c.branch(), commit("elsewhere"), c.base());
    Review review = review(HumanVerdict.REJECT, "ana", "", T0);

    assertThatThrownBy(() -> ledger.recordReview(otherCommit, review))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "cannot review the candidate of spec 'add-login', attempt 1, branch"
                + " 'factory/add-login/attempt-1', commit "
                + commit("elsewhere").hex()
                + ": no decision on it is recorded");
    assertThatThrownBy(() -> ledger.recordReview(candidate("never", 2), review))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spec 'never', attempt 2");

    assertThat(export(ledger)).isEqualTo(before);
    assertThat(ledger.records(LedgerFilter.ALL)).containsExactly(decided);
  }

  // ------------------------------------------------------------------ filters

  @Test
  void everyPartOfTheFilterAndTheirCombinationSelectsTheRightRecordsInOrder() {
    AlignmentLedger ledger = ledger();
    LedgerRecord a =
        decision(candidate("a", 1), "acme/shop", Set.of("auth", "web"), SONNET, Verdict.PASS, 0.9,
            Action.MERGE, T0);
    LedgerRecord b =
        decision(candidate("b", 1), "acme/cart", Set.of("web"), SONNET, Verdict.FAIL, 0.1,
            Action.REJECT, T0.plusNanos(1));
    LedgerRecord c =
        decision(candidate("c", 1), "acme/shop", Set.of("authz", "au"), OPUS, Verdict.PASS, 0.8,
            Action.HOLD, T0.plusSeconds(1));
    LedgerRecord d =
        decision(candidate("d", 1), "acme/shop", Set.of("auth"), OPUS, Verdict.PASS, 0.7,
            Action.HOLD, T0.minusSeconds(1).plusNanos(999_999_999));
    LedgerRecord e =
        decision(candidate("e", 1), "acme/cart", Set.of("auth"), SONNET, Verdict.PASS, 0.95,
            Action.MERGE, T0.plusSeconds(7200));
    for (LedgerRecord r : List.of(a, b, c, d, e)) {
      ledger.recordDecision(r);
    }
    Review review = review(HumanVerdict.APPROVE, "ana", "", T0);
    ledger.recordReview(e.candidate(), review);
    LedgerRecord eReviewed = e.withReview(review);

    assertThat(ledger.records(LedgerFilter.ALL)).containsExactly(a, b, c, d, eReviewed);
    // Label: whole labels only, not prefixes.
    assertThat(ledger.records(LedgerFilter.ALL.withLabel("auth"))).containsExactly(a, d, eReviewed);
    assertThat(ledger.records(LedgerFilter.ALL.withLabel("au"))).containsExactly(c);
    assertThat(ledger.records(LedgerFilter.ALL.withLabel("nobody"))).isEmpty();
    assertThat(ledger.records(LedgerFilter.ALL.withRepository("acme/cart")))
        .containsExactly(b, eReviewed);
    // Window: from inclusive, until exclusive, to the nanosecond.
    assertThat(ledger.records(LedgerFilter.ALL.between(T0, T0.plusNanos(1)))).containsExactly(a);
    assertThat(ledger.records(LedgerFilter.ALL.between(T0.plusNanos(1), T0.plusSeconds(3600))))
        .containsExactly(b, c);
    assertThat(ledger.records(new LedgerFilter(null, null, T0.plusNanos(1), null, null)))
        .containsExactly(b, c, eReviewed);
    assertThat(ledger.records(new LedgerFilter(null, null, null, T0, null))).containsExactly(d);
    assertThat(ledger.records(LedgerFilter.ALL.withConfiguration(OPUS))).containsExactly(c, d);
    assertThat(ledger.records(LedgerFilter.ALL.withConfiguration(SONNET)))
        .containsExactly(a, b, eReviewed);

    LedgerFilter combined =
        LedgerFilter.ALL
            .withLabel("auth")
            .withRepository("acme/shop")
            .between(T0.minusSeconds(60), T0.plusSeconds(60))
            .withConfiguration(SONNET);
    assertThat(ledger.records(combined)).containsExactly(a);
    assertThat(ledger.records(combined.withConfiguration(OPUS))).containsExactly(d);
    assertThat(ledger.records(combined.withRepository("acme/cart"))).isEmpty();
    assertThat(
            ledger.records(
                LedgerFilter.ALL.withLabel("auth").withRepository("acme/cart")
                    .between(T0, T0.plusSeconds(86_400))))
        .containsExactly(eReviewed);
    // The in-memory definition of a match agrees with every query above.
    for (LedgerFilter filter :
        List.of(
            LedgerFilter.ALL.withLabel("web"),
            combined,
            LedgerFilter.ALL.withRepository("acme/shop").withConfiguration(OPUS))) {
      assertThat(ledger.records(filter))
          .containsExactlyElementsOf(
              ledger.records(LedgerFilter.ALL).stream().filter(filter::matches).toList());
    }
  }

  // ------------------------------------------------------------------ export

  @Test
  void theExportIsOneJsonObjectPerRecordPerLineWithEveryField() throws IOException {
    AlignmentLedger ledger = ledger();
    LedgerRecord first =
        decision(
            candidate("add-login", 2),
            "acme/shop",
            Set.of("web", "auth"),
            SONNET,
            Verdict.PASS,
            0.875,
            Action.HOLD,
            T0.plusMillis(250));
    LedgerRecord second =
        decision(
            candidate("fix-cart", 1), "acme/cart", Set.of(), OPUS, Verdict.FAIL, 0.0, Action.REJECT,
            T0.plusSeconds(5));
    ledger.recordDecision(first);
    ledger.recordDecision(second);
    ledger.recordReview(
        first.candidate(), review(HumanVerdict.APPROVE, "ana", "ok", T0.plusSeconds(60)));
    ledger.recordReview(
        first.candidate(),
        review(HumanVerdict.REJECT, "bo", "no tests for\nthe error path", T0.plusSeconds(120)));

    String text = export(ledger);

    assertThat(text).endsWith("\n");
    List<String> lines = text.lines().toList();
    assertThat(lines).hasSize(2);
    ObjectMapper json = new ObjectMapper();
    JsonNode line = json.readTree(lines.get(0));
    assertThat(line.size()).isEqualTo(9);
    JsonNode candidate = line.get("candidate");
    assertThat(candidate.size()).isEqualTo(5);
    assertThat(candidate.get("specId").asText()).isEqualTo("add-login");
    assertThat(candidate.get("attempt").asInt()).isEqualTo(2);
    assertThat(candidate.get("branch").asText()).isEqualTo("factory/add-login/attempt-2");
    assertThat(candidate.get("commit").asText()).isEqualTo(first.candidate().commit().hex());
    assertThat(candidate.get("base").asText()).isEqualTo(BASE.hex());
    assertThat(line.get("repository").asText()).isEqualTo("acme/shop");
    assertThat(line.get("labels").toString()).isEqualTo("[\"auth\",\"web\"]");
    JsonNode configuration = line.get("configuration");
    assertThat(configuration.size()).isEqualTo(5);
    assertThat(configuration.get("codingModel").asText()).isEqualTo("claude-sonnet");
    assertThat(configuration.get("codingModelVersion").asText()).isEqualTo("2025-01-01");
    assertThat(configuration.get("evaluatorVersion").asText()).isEqualTo("holdout/1");
    assertThat(configuration.get("policyVersion").asText()).isEqualTo("threshold/1");
    assertThat(configuration.get("id").asText()).isEqualTo(SONNET.id()).hasSize(16);
    assertThat(line.get("evaluatorVerdict").asText()).isEqualTo("PASS");
    assertThat(line.get("satisfaction").isNumber()).isTrue();
    assertThat(line.get("satisfaction").asDouble()).isEqualTo(0.875);
    assertThat(line.get("policyAction").asText()).isEqualTo("HOLD");
    assertThat(line.get("decidedAt").asText()).isEqualTo("2025-03-01T10:00:00.250Z");
    JsonNode reviews = line.get("reviews");
    assertThat(reviews.size()).isEqualTo(2);
    assertThat(reviews.get(0).size()).isEqualTo(4);
    assertThat(reviews.get(0).get("verdict").asText()).isEqualTo("APPROVE");
    assertThat(reviews.get(0).get("reviewer").asText()).isEqualTo("ana");
    assertThat(reviews.get(0).get("reason").asText()).isEqualTo("ok");
    assertThat(reviews.get(0).get("at").asText()).isEqualTo("2025-03-01T10:01:00Z");
    assertThat(reviews.get(1).get("verdict").asText()).isEqualTo("REJECT");
    assertThat(reviews.get(1).get("reviewer").asText()).isEqualTo("bo");
    assertThat(reviews.get(1).get("reason").asText()).isEqualTo("no tests for\nthe error path");
    assertThat(reviews.get(1).get("at").asText()).isEqualTo("2025-03-01T10:02:00Z");

    JsonNode other = json.readTree(lines.get(1));
    assertThat(other.get("candidate").get("specId").asText()).isEqualTo("fix-cart");
    assertThat(other.get("labels").isArray()).isTrue();
    assertThat(other.get("labels").size()).isZero();
    assertThat(other.get("configuration").get("codingModelVersion").asText()).isEmpty();
    assertThat(other.get("configuration").get("id").asText()).isEqualTo(OPUS.id());
    assertThat(other.get("evaluatorVerdict").asText()).isEqualTo("FAIL");
    assertThat(other.get("satisfaction").asDouble()).isEqualTo(0.0);
    assertThat(other.get("policyAction").asText()).isEqualTo("REJECT");
    assertThat(other.get("decidedAt").asText()).isEqualTo("2025-03-01T10:00:05Z");
    assertThat(other.get("reviews").isArray()).isTrue();
    assertThat(other.get("reviews").size()).isZero();
  }

  @Test
  void anEmptyLedgerExportsNothing() throws IOException {
    assertThat(export(ledger())).isEmpty();
  }

  // ------------------------------------------------------------------ volume

  @Test
  void tenThousandRecordsComeBackInOrderWithTheirReviews() {
    AlignmentLedger ledger = ledger();
    List<LedgerRecord> decisions = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      decisions.add(
          decision(
              candidate("spec-" + i, 1 + i % 3),
              "repo-" + i % 7,
              i % 2 == 0 ? Set.of("even") : Set.of("odd", "l" + i % 5),
              i % 4 == 0 ? OPUS : SONNET,
              Verdict.values()[i % Verdict.values().length],
              (i % 101) / 100.0,
              Action.values()[i % Action.values().length],
              T0.plusSeconds(i)));
    }
    recordAll(ledger, decisions);
    List<LedgerRecord> expected = new ArrayList<>(decisions);
    for (int i = 0; i < 10_000; i += 1_000) {
      Review review = review(HumanVerdict.REJECT, "r" + i, "", T0.plusSeconds(i));
      ledger.recordReview(decisions.get(i).candidate(), review);
      expected.set(i, decisions.get(i).withReview(review));
    }

    List<LedgerRecord> read = ledger.records(LedgerFilter.ALL);

    assertThat(read).hasSize(10_000);
    assertThat(read).isEqualTo(expected);
    assertThat(ledger.records(LedgerFilter.ALL.withLabel("even"))).hasSize(5_000);
  }

  // ------------------------------------------------------------------ threads

  @Test
  void reviewsFromSeveralThreadsAtOnceAreAllKept() throws Exception {
    AlignmentLedger ledger = ledger();
    int threads = 8;
    int reviewsPerThread = 25;
    List<LedgerRecord> decisions = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      decisions.add(decision("spec-" + i, T0.plusSeconds(i)));
    }
    recordAll(ledger, decisions);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    executors.add(pool);
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      done.add(
          pool.submit(
              (Callable<Void>)
                  () -> {
                    ready.countDown();
                    go.await();
                    Candidate c = decisions.get(thread % decisions.size()).candidate();
                    for (int n = 0; n < reviewsPerThread; n++) {
                      ledger.recordReview(
                          c,
                          review(
                              n % 2 == 0 ? HumanVerdict.APPROVE : HumanVerdict.REJECT,
                              "thread-" + thread,
                              Integer.toString(n),
                              T0.plusSeconds(n)));
                    }
                    return null;
                  }));
    }
    assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
    go.countDown();
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }

    List<LedgerRecord> read = ledger.records(LedgerFilter.ALL);
    assertThat(read.stream().mapToInt(r -> r.reviews().size()).sum())
        .isEqualTo(threads * reviewsPerThread);
    for (int t = 0; t < threads; t++) {
      String reviewer = "thread-" + t;
      List<String> reasons =
          read.get(t % decisions.size()).reviews().stream()
              .filter(r -> r.reviewer().equals(reviewer))
              .map(Review::reason)
              .toList();
      // Each thread's reviews, all of them, in the order it made them.
      List<String> expected = new ArrayList<>();
      for (int n = 0; n < reviewsPerThread; n++) {
        expected.add(Integer.toString(n));
      }
      assertThat(reasons).as(reviewer).isEqualTo(expected);
    }
  }

  @Test
  void whenSeveralThreadsRecordTheSameDecisionExactlyOneWins() throws Exception {
    AlignmentLedger ledger = ledger();
    int threads = 6;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    executors.add(pool);
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> outcomes = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      outcomes.add(
          pool.submit(
              () -> {
                ready.countDown();
                go.await();
                try {
                  ledger.recordDecision(
                      decision(
                          candidate("contested", 1), "repo-" + thread, Set.of(), SONNET,
                          Verdict.PASS, 0.5, Action.HOLD, T0.plus(Duration.ofSeconds(thread))));
                  return true;
                } catch (IllegalArgumentException e) {
                  return false;
                }
              }));
    }
    assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
    go.countDown();
    int wins = 0;
    for (Future<Boolean> f : outcomes) {
      wins += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
    }

    assertThat(wins).isEqualTo(1);
    assertThat(ledger.records(LedgerFilter.ALL)).hasSize(1);
  }
}
