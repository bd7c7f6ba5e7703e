package dev.darkfactory.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.darkfactory.api.budget.Budget;
import dev.darkfactory.api.budget.Charge;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelException.Kind;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.Role;
import dev.darkfactory.api.model.StopReason;
import dev.darkfactory.api.model.ToolSpec;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.core.model.AnthropicProvider;
import dev.darkfactory.core.model.ModelPipeline;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BudgetInterceptorTest {

  private static final String MODEL = "claude-sonnet-4-5";
  private static final PriceCatalog PRICES = PriceCatalog.bundled();

  private MockWebServer server;
  private final List<BudgetRefusal> refusals = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ModelProvider guarded(Budget budget) {
    ModelProvider anthropic =
        AnthropicProvider.builder()
            .apiKey("sk-ant-test-key")
            .baseUrl(server.url("/").toString())
            .timeout(Duration.ofSeconds(10))
            .build();
    return ModelPipeline.builder(anthropic)
        .interceptor(BudgetInterceptor.of(budget, PRICES))
        .build();
  }

  private HardBudget budget(BudgetLimits limits) {
    return HardBudget.builder("attempt:greeting#1").limits(limits).listener(refusals::add).build();
  }

  private static ModelRequest request(String model) {
    return ModelRequest.builder(model)
        .system("You are terse.")
        .message(Message.user("Say hello."))
        .maxOutputTokens(1_000)
        .build();
  }

  private void answer(String usageJson) {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body(
                """
                {"id":"msg_01","type":"message","role":"assistant",
                 "model":"claude-sonnet-4-5-20250929",
                 "content":[{"type":"text","text":"Hello."}],
                 "stop_reason":"end_turn","stop_sequence":null,"usage":%s}"""
                    .formatted(usageJson))
            .build());
  }

  // ---- refusals ----------------------------------------------------------------------------

  @Test
  void aCallTheBudgetCannotHoldIsRefusedAndNeverSent() {
    HardBudget budget = budget(BudgetLimits.none().withCostUsd("0.01"));
    ModelProvider model = guarded(budget);

    BudgetExhaustedException e =
        catchThrowableOfType(
            () -> model.complete(request(MODEL)), BudgetExhaustedException.class);

    assertThat(server.getRequestCount()).isZero();
    assertThat(e.kind()).isEqualTo(Kind.REFUSED);
    assertThat(e.retryable()).isFalse();
    assertThat(e.model()).isEqualTo(MODEL);
    Charge maximum = BudgetInterceptor.of(budget, PRICES).maximum(request(MODEL));
    assertThat(e.refusal())
        .isEqualTo(
            new BudgetRefusal(
                "attempt:greeting#1",
                maximum,
                new Charge(Long.MAX_VALUE, new BigDecimal("0.01")),
                BudgetRefusal.Reason.COST));
    assertThat(e)
        .hasMessage(
            "REFUSED: the budget 'attempt:greeting#1' has unlimited tokens and $0.01 left but the"
                + " call may need "
                + maximum.tokens()
                + " tokens and $"
                + maximum.costUsd().toPlainString()
                + "; the call to 'claude-sonnet-4-5' was not sent");
    assertThat(refusals).containsExactly(e.refusal());
    assertThat(budget.reserved()).isEqualTo(Charge.ZERO);
  }

  @Test
  void aCallAnAncestorCannotHoldIsRefusedAndNeverSent() {
    HardBudget run =
        HardBudget.builder("run").limits(BudgetLimits.none().withTokens(2_000)).build();
    HardBudget attempt = HardBudget.builder("attempt:greeting#1").parent(run).build();
    ModelProvider model = guarded(attempt);

    BudgetExhaustedException e =
        catchThrowableOfType(
            () -> model.complete(request(MODEL)), BudgetExhaustedException.class);

    assertThat(server.getRequestCount()).isZero();
    assertThat(e.refusal().budget()).isEqualTo("run");
    assertThat(e.refusal().reason()).isEqualTo(BudgetRefusal.Reason.TOKENS);
  }

  @Test
  void aModelWithNoPriceIsRefusedWhileMoneyIsLimitedAndNeverSent() {
    ModelProvider model = guarded(budget(BudgetLimits.none().withCostUsd("100")));

    ModelException e =
        catchThrowableOfType(
            () -> model.complete(request("claude-nova-9")), ModelException.class);

    assertThat(server.getRequestCount()).isZero();
    assertThat(e.kind()).isEqualTo(Kind.REFUSED);
    assertThat(e)
        .hasMessageContaining("'claude-nova-9' has no known price")
        .hasMessageContaining("PriceCatalog.with('claude-nova-9', ModelPrice.of(")
        .hasMessageContaining("The budget 'attempt:greeting#1' limits money");
  }

  @Test
  void aModelWithNoPriceIsCountedInTokensWhenOnlyTokensAreLimited() throws Exception {
    HardBudget budget = budget(BudgetLimits.none().withTokens(100_000));
    answer("{\"input_tokens\":40,\"output_tokens\":12}");

    guarded(budget).complete(request("claude-nova-9"));

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(budget.spent()).isEqualTo(Charge.tokens(52));
  }

  @Test
  void aCallTheDayCannotHoldIsRefusedAndNeverSent(@TempDir Path dir) {
    try (SqliteBudget day =
        SqliteBudget.builder(dir.resolve("factory.db"))
            .limits(BudgetLimits.none().withCostUsd("0.02"))
            .open()) {
      day.tryReserve(new Charge(1, new BigDecimal("0.015"))).orElseThrow()
          .settle(new Charge(1, new BigDecimal("0.015")));

      BudgetExhaustedException e =
          catchThrowableOfType(
              () -> guarded(day).complete(request(MODEL)), BudgetExhaustedException.class);

      assertThat(server.getRequestCount()).isZero();
      assertThat(e.refusal().budget()).isEqualTo("day");
      assertThat(e.refusal().remaining().costUsd()).isEqualByComparingTo("0.005");
    }
  }

  @Test
  void anUnlimitedBudgetLetsAnUnpricedModelThroughAndCountsItsTokens() throws Exception {
    Budget unlimited = Budget.unlimited();
    answer("{\"input_tokens\":40,\"output_tokens\":12}");

    guarded(unlimited).complete(request("claude-nova-9"));

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(unlimited.spent()).isEqualTo(Charge.tokens(52));
  }

  // ---- settling ----------------------------------------------------------------------------

  @Test
  void anAnsweredCallIsSettledWithItsRealUsageAtTheCatalogsPrices() throws Exception {
    HardBudget budget = budget(BudgetLimits.none().withCostUsd("1"));
    answer(
        """
        {"input_tokens":1200,"cache_creation_input_tokens":500,"cache_read_input_tokens":2000,
         "output_tokens":300}""");

    ModelResponse response = guarded(budget).complete(request(MODEL));

    assertThat(response.usage()).isEqualTo(new Usage(1_200, 300, 2_000, 500, 0));
    // 1,200 x $3 + 300 x $15 + 2,000 x $0.30 + 500 x $3.75 = 10,575 micro-dollars
    assertThat(budget.spent()).isEqualTo(new Charge(4_000, new BigDecimal("0.010575")));
    assertThat(budget.reserved()).isEqualTo(Charge.ZERO);
  }

  @Test
  void theReservationIsTheMostTheCallCouldCostToTheLastToken() throws Exception {
    ModelRequest request = request(MODEL);
    Charge maximum = BudgetInterceptor.of(Budget.unlimited(), PRICES).maximum(request);
    answer("{\"input_tokens\":20,\"output_tokens\":3}");

    guarded(budget(BudgetLimits.none().withTokens(maximum.tokens()))).complete(request);
    ModelException refused =
        catchThrowableOfType(
            () -> guarded(budget(BudgetLimits.none().withTokens(maximum.tokens() - 1)))
                .complete(request),
            BudgetExhaustedException.class);

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(refused).isNotNull();
    long bytes = "You are terse.".length() + "Say hello.".length();
    assertThat(maximum.tokens())
        .isEqualTo(BudgetInterceptor.REQUEST_OVERHEAD_TOKENS
            + 2 * BudgetInterceptor.ITEM_OVERHEAD_TOKENS + bytes + 1_000);
    assertThat(maximum)
        .isEqualTo(PRICES.require(MODEL).maximum(maximum.tokens() - 1_000, 1_000));
  }

  @Test
  void aCallTheProviderRejectedReleasesItsReservation() {
    HardBudget budget = budget(BudgetLimits.none().withCostUsd("1"));
    server.enqueue(
        new MockResponse.Builder()
            .code(400)
            .addHeader("Content-Type", "application/json")
            .body(
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                    + "\"message\":\"max_tokens: too large\"}}")
            .build());

    ModelException e =
        catchThrowableOfType(() -> guarded(budget).complete(request(MODEL)), ModelException.class);

    assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(budget.reserved()).isEqualTo(Charge.ZERO);
    assertThat(budget.spent()).isEqualTo(Charge.ZERO);
  }

  @Test
  void aCallThatMayHaveBeenBilledWithoutAUsageIsCountedAtItsReservation() {
    HardBudget budget = budget(BudgetLimits.none().withCostUsd("1"));
    ModelProvider timingOut =
        ModelPipeline.builder(failing(new ModelException(Kind.TIMEOUT, "no answer in 10 min")))
            .interceptor(BudgetInterceptor.of(budget, PRICES))
            .build();
    Charge maximum = BudgetInterceptor.of(budget, PRICES).maximum(request(MODEL));

    ModelException e =
        catchThrowableOfType(() -> timingOut.complete(request(MODEL)), ModelException.class);

    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(budget.spent()).isEqualTo(maximum);
    assertThat(budget.reserved()).isEqualTo(Charge.ZERO);
  }

  @Test
  void aCallThatFailedInsideThisProcessReleasesItsReservation() {
    HardBudget budget = budget(BudgetLimits.none().withCostUsd("1"));
    ModelProvider broken =
        ModelPipeline.builder(
                new ModelProvider() {
                  @Override
                  public String id() {
                    return "broken";
                  }

                  @Override
                  public ModelResponse complete(ModelRequest request) {
                    throw new IllegalStateException("bug");
                  }
                })
            .interceptor(BudgetInterceptor.of(budget, PRICES))
            .build();

    catchThrowableOfType(() -> broken.complete(request(MODEL)), IllegalStateException.class);

    assertThat(budget.reserved()).isEqualTo(Charge.ZERO);
    assertThat(budget.spent()).isEqualTo(Charge.ZERO);
  }

  @Test
  void aSuppliedBudgetIsAskedForAtEachCall() throws Exception {
    HardBudget first = budget(BudgetLimits.none());
    HardBudget second = budget(BudgetLimits.none());
    AtomicReference<Budget> current = new AtomicReference<>(first);
    ModelProvider model =
        ModelPipeline.builder(answering(Usage.of(10, 5)))
            .interceptor(BudgetInterceptor.of(current::get, PRICES))
            .build();

    model.complete(request(MODEL));
    current.set(second);
    model.complete(request(MODEL));
    model.complete(request(MODEL));

    assertThat(first.spent().tokens()).isEqualTo(15);
    assertThat(second.spent().tokens()).isEqualTo(30);
  }

  // ---- the input bound ---------------------------------------------------------------------

  @Test
  void theInputBoundCountsTheUtf8BytesOfEveryTextTheRequestCarries() {
    String system = "Réponds brièvement.";
    String user = "中文 and emoji 😀";
    ContentBlock.ToolCall call =
        new ContentBlock.ToolCall("call_1", "read_file", "{\"path\":\"ü\"}");
    ContentBlock.ToolResult result = new ContentBlock.ToolResult("call_1", "contents: ß", false);
    ContentBlock.Thinking thinking = new ContentBlock.Thinking("hmm", "sig==");
    ToolSpec tool = new ToolSpec("read_file", "Reads a file", "{\"type\":\"object\"}");
    ModelRequest request =
        ModelRequest.builder(MODEL)
            .system(system)
            .message(Message.user(user))
            .message(new Message(Role.ASSISTANT, List.of(thinking, call)))
            .message(new Message(Role.USER, List.of(result)))
            .tool(tool)
            .responseSchema("{\"type\":\"object\"}")
            .build();

    long bytes =
        utf8(system) + utf8(user) + utf8("hmm") + utf8("sig==") + utf8("call_1")
            + utf8("read_file") + utf8("{\"path\":\"ü\"}") + utf8("call_1")
            + utf8("contents: ß") + utf8("read_file") + utf8("Reads a file")
            + utf8("{\"type\":\"object\"}") + utf8("{\"type\":\"object\"}");
    long items = 3 /* messages */ + 4 /* blocks */ + 1 /* tool */;

    assertThat(BudgetInterceptor.inputTokensUpperBound(request))
        .isEqualTo(BudgetInterceptor.REQUEST_OVERHEAD_TOKENS
            + BudgetInterceptor.ITEM_OVERHEAD_TOKENS * items + bytes);
    assertThat(utf8(user)).isGreaterThan(user.length());
  }

  private static long utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static ModelProvider failing(ModelException e) {
    return new ModelProvider() {
      @Override
      public String id() {
        return "failing";
      }

      @Override
      public ModelResponse complete(ModelRequest request) throws ModelException {
        throw e;
      }
    };
  }

  static ModelProvider answering(Usage usage) {
    return new ModelProvider() {
      @Override
      public String id() {
        return "stub";
      }

      @Override
      public ModelResponse complete(ModelRequest request) {
        return new ModelResponse(
            "r", request.model(), Message.assistant("ok"), StopReason.END_TURN, usage);
      }
    };
  }
}
