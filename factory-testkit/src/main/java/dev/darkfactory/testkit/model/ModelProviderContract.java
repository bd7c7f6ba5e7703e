package dev.darkfactory.testkit.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.darkfactory.core.model.ModelPipeline;
import dev.darkfactory.core.model.RetryInterceptor;
import dev.darkfactory.core.model.StructuredOutput;
import dev.darkfactory.testkit.model.ProviderStage.Capability;
import dev.darkfactory.testkit.model.ProviderStage.Failure;
import dev.darkfactory.testkit.model.ProviderStage.SentRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every {@link ModelProvider} must do: send the whole conversation, the tools and the limits;
 * answer with the assistant's text and tool calls; round-trip tool calls over several turns, in
 * parallel too; account every token by kind; send thinking back unchanged; carry a structured-
 * output schema; report each failure with the right {@link Kind} and retry hint; give up at its
 * timeout; stop when interrupted; and serve several threads at once.
 *
 * <p>To check your own provider, write a {@link ProviderStage} that plays your vendor's side (for
 * an HTTP API, a loopback server that answers in the vendor's wire format) and extend this class:
 *
 * <pre>{@code
 * class MyProviderContractTest extends ModelProviderContract {
 *   @Override
 *   protected ProviderStage stage() {
 *     return new MyVendorStage(); // started, with nothing queued
 *   }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh stage from {@link #stage()} and closes it afterwards. Tests of a
 * feature the stage's {@link ProviderStage#capabilities()} leave out are skipped, not passed.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public abstract class ModelProviderContract {

  /** How long to wait for something that should happen at once. */
  private static final Duration PROMPTLY = Duration.ofSeconds(10);

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final ToolSpec READ_FILE =
      new ToolSpec(
          "read_file",
          "Reads a file of the workspace.",
          "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},"
              + "\"required\":[\"path\"]}");

  private static final ToolSpec LIST_FILES =
      new ToolSpec(
          "list_files",
          "Lists files matching a glob.",
          "{\"type\":\"object\",\"properties\":{\"glob\":{\"type\":\"string\"}},"
              + "\"required\":[\"glob\"]}");

  private @Nullable ProviderStage stage;
  private @Nullable ModelProvider provider;

  /**
   * A new, started stage with nothing queued; called once per test.
   *
   * @return the stage
   */
  protected abstract ProviderStage stage();

  /** Opens the stage for one test. */
  @BeforeEach
  final void openStage() {
    stage = stage();
    provider = stage.provider(PROMPTLY);
  }

  /** Closes the stage after one test. */
  @AfterEach
  final void closeStage() {
    if (stage != null) {
      stage.close();
    }
  }

  private ProviderStage theStage() {
    if (stage == null) {
      throw new IllegalStateException("the stage is not open");
    }
    return stage;
  }

  private ModelProvider theProvider() {
    if (provider == null) {
      throw new IllegalStateException("the stage is not open");
    }
    return provider;
  }

  private ModelRequest.Builder request(String userText) {
    return ModelRequest.builder(theStage().model())
        .system("You are a careful engineer.")
        .maxOutputTokens(256)
        .message(Message.user(userText));
  }

  private SentRequest sent() throws InterruptedException {
    return theStage().takeRequest(PROMPTLY);
  }

  private void assumeCapable(Capability capability) {
    assumeThat(theStage().capabilities())
        .as("the stage does not claim %s", capability)
        .contains(capability);
  }

  /** The provider's id is short, stable and not blank. */
  @Test
  void hasAStableId() {
    assertThat(theProvider().id()).isNotBlank().isEqualTo(theProvider().id());
  }

  /** A text answer comes back as the assistant's text, with its usage, and the request carried
   * the model, the system prompt, the message and the output limit. */
  @Test
  void answersWithText() throws Exception {
    theStage().replyText("Hello from the stage.", Usage.of(12, 5));

    ModelResponse response = theProvider().complete(request("Say hello.").build());

    assertThat(response.message().role()).isEqualTo(Role.ASSISTANT);
    assertThat(response.message().text()).isEqualTo("Hello from the stage.");
    assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(response.toolCalls()).isEmpty();
    assertThat(response.usage()).isEqualTo(Usage.of(12, 5));
    assertThat(response.model()).isNotBlank();
    SentRequest sent = sent();
    assertThat(sent.model()).isEqualTo(theStage().model());
    assertThat(sent.system()).isEqualTo("You are a careful engineer.");
    assertThat(sent.texts()).containsExactly("Say hello.");
    assertThat(sent.maxOutputTokens()).isEqualTo(256);
  }

  /** Every message of the conversation is sent, in order, whoever wrote it. */
  @Test
  void sendsTheWholeConversationInOrder() throws Exception {
    theStage().replyText("four", Usage.of(30, 1));

    theProvider()
        .complete(
            request("one")
                .message(Message.assistant("two"))
                .message(Message.user("three"))
                .build());

    assertThat(sent().texts()).containsExactly("one", "two", "three");
  }

  /**
   * A tool call comes back with its name and arguments; its result goes back matched to its id;
   * and this holds over several turns, an error result included.
   */
  @Test
  void roundTripsToolCallsOverSeveralTurns() throws Exception {
    assumeCapable(Capability.TOOLS);
    ProviderStage stage = theStage();
    stage.replyToolCalls(
        List.of(new ContentBlock.ToolCall("call_1", "read_file", "{\"path\":\"a.txt\"}")),
        Usage.of(50, 10));
    stage.replyToolCalls(
        List.of(new ContentBlock.ToolCall("call_2", "read_file", "{\"path\":\"b.txt\"}")),
        Usage.of(70, 10));
    stage.replyText("a.txt says alpha; b.txt is missing.", Usage.of(90, 12));

    List<Message> conversation = new ArrayList<>();
    conversation.add(Message.user("Read a.txt and b.txt."));
    ModelResponse first = theProvider().complete(withTools(conversation));
    assertThat(first.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(first.toolCalls()).hasSize(1);
    ContentBlock.ToolCall call1 = first.toolCalls().get(0);
    assertThat(call1.name()).isEqualTo("read_file");
    assertSameJson(call1.argumentsJson(), "{\"path\":\"a.txt\"}");
    SentRequest sent1 = sent();
    assertThat(sent1.toolNames()).containsExactly("read_file", "list_files");

    conversation.add(first.message());
    conversation.add(toolResults(new ContentBlock.ToolResult(call1.id(), "alpha", false)));
    ModelResponse second = theProvider().complete(withTools(conversation));
    ContentBlock.ToolCall call2 = second.toolCalls().get(0);
    assertSameJson(call2.argumentsJson(), "{\"path\":\"b.txt\"}");
    assertThat(call2.id()).isNotEqualTo(call1.id());
    SentRequest sent2 = sent();
    assertThat(sent2.toolCalls()).extracting(ContentBlock.ToolCall::id).containsExactly(call1.id());
    assertThat(sent2.toolResults())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.toolCallId()).isEqualTo(call1.id());
              assertThat(r.content()).contains("alpha");
            });

    conversation.add(second.message());
    conversation.add(
        toolResults(new ContentBlock.ToolResult(call2.id(), "no such file: b.txt", true)));
    ModelResponse third = theProvider().complete(withTools(conversation));
    assertThat(third.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(third.message().text()).isEqualTo("a.txt says alpha; b.txt is missing.");
    SentRequest sent3 = sent();
    assertThat(sent3.toolCalls())
        .extracting(ContentBlock.ToolCall::id)
        .containsExactly(call1.id(), call2.id());
    assertThat(sent3.toolResults())
        .extracting(ContentBlock.ToolResult::toolCallId)
        .containsExactly(call1.id(), call2.id());
    assertThat(sent3.toolResults().get(1).content()).contains("no such file: b.txt");
    assertThat(sent3.texts()).contains("Read a.txt and b.txt.");
  }

  /** Several tool calls in one answer keep their order and distinct ids; all results go back. */
  @Test
  void answersParallelToolCallsTogether() throws Exception {
    assumeCapable(Capability.PARALLEL_TOOLS);
    ProviderStage stage = theStage();
    stage.replyToolCalls(
        List.of(
            new ContentBlock.ToolCall("call_a", "read_file", "{\"path\":\"a.txt\"}"),
            new ContentBlock.ToolCall("call_b", "list_files", "{\"glob\":\"src/**\"}"),
            new ContentBlock.ToolCall("call_c", "read_file", "{\"path\":\"c.txt\"}")),
        Usage.of(40, 30));
    stage.replyText("done", Usage.of(80, 2));

    List<Message> conversation = new ArrayList<>(List.of(Message.user("Look around.")));
    ModelResponse first = theProvider().complete(withTools(conversation));

    assertThat(first.stopReason()).isEqualTo(StopReason.TOOL_USE);
    List<ContentBlock.ToolCall> calls = first.toolCalls();
    assertThat(calls).extracting(ContentBlock.ToolCall::name)
        .containsExactly("read_file", "list_files", "read_file");
    assertSameJson(calls.get(1).argumentsJson(), "{\"glob\":\"src/**\"}");
    assertThat(new HashSet<>(calls.stream().map(ContentBlock.ToolCall::id).toList())).hasSize(3);
    sent();

    conversation.add(first.message());
    conversation.add(
        toolResults(
            new ContentBlock.ToolResult(calls.get(0).id(), "alpha", false),
            new ContentBlock.ToolResult(calls.get(1).id(), "src/Main.java", false),
            new ContentBlock.ToolResult(calls.get(2).id(), "gamma", false)));
    assertThat(theProvider().complete(withTools(conversation)).message().text()).isEqualTo("done");
    SentRequest sent = sent();
    assertThat(sent.toolResults())
        .extracting(ContentBlock.ToolResult::toolCallId)
        .containsExactly(calls.get(0).id(), calls.get(1).id(), calls.get(2).id());
    assertThat(sent.toolResults().get(1).content()).contains("src/Main.java");
  }

  /** Usage keeps uncached input, output, cache reads, cache writes and reasoning apart. */
  @Test
  void accountsEveryKindOfToken() throws Exception {
    Set<Capability> can = theStage().capabilities();
    Usage usage =
        new Usage(
            100,
            40,
            can.contains(Capability.CACHE_READ_TOKENS) ? 900 : 0,
            can.contains(Capability.CACHE_WRITE_TOKENS) ? 300 : 0,
            can.contains(Capability.REASONING_TOKENS) ? 25 : 0);
    theStage().replyText("counted", usage);

    ModelResponse response = theProvider().complete(request("Count.").build());

    assertThat(response.usage()).isEqualTo(usage);
  }

  /** A thinking block comes back and is sent back on the next turn exactly as it came. */
  @Test
  void sendsThinkingBackUnchanged() throws Exception {
    assumeCapable(Capability.THINKING);
    theStage().replyThinkingThenText("The user wants a number.", "sig-7f3a", "42");
    theStage().replyText("Because it is the answer.", Usage.of(20, 6));

    List<Message> conversation = new ArrayList<>(List.of(Message.user("Pick a number.")));
    ModelResponse first = theProvider().complete(plain(conversation));
    List<ContentBlock.Thinking> thinking =
        first.message().content().stream()
            .filter(ContentBlock.Thinking.class::isInstance)
            .map(ContentBlock.Thinking.class::cast)
            .toList();
    assertThat(thinking)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.text()).isEqualTo("The user wants a number.");
              assertThat(t.signature()).isNotEmpty();
            });
    assertThat(first.message().text()).isEqualTo("42");
    sent();

    conversation.add(first.message());
    conversation.add(Message.user("Why?"));
    theProvider().complete(plain(conversation));

    assertThat(sent().thinking()).containsExactlyElementsOf(thinking);
  }

  /** A response schema travels to the vendor, and the answer parses into a checked object. */
  @Test
  void carriesAResponseSchema() throws Exception {
    assumeCapable(Capability.STRUCTURED_OUTPUT);
    String schema =
        "{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"integer\"},"
            + "\"reason\":{\"type\":\"string\"}},\"required\":[\"answer\",\"reason\"],"
            + "\"additionalProperties\":false}";
    theStage().replyText("{\"answer\":42,\"reason\":\"it is\"}", Usage.of(30, 9));

    StructuredOutput.Answer<Pick> answer =
        StructuredOutput.of(Pick.class, schema)
            .ask(theProvider(), request("Pick a number as JSON.").build());

    assertThat(answer.value()).isEqualTo(new Pick(42, "it is"));
    assertSameJson(sent().responseSchemaJson(), schema);
  }

  /**
   * The answer of {@link #carriesAResponseSchema()}.
   *
   * @param answer the number
   * @param reason why
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public record Pick(int answer, String reason) {}

  /**
   * Each failure the vendor can send ends the call with the right kind, and the retry flag that
   * goes with it.
   *
   * @param failure the failure the stage sends
   */
  @ParameterizedTest
  @EnumSource(
      value = Failure.class,
      names = {
        "AUTHENTICATION",
        "RATE_LIMITED",
        "OVERLOADED",
        "SERVER_ERROR",
        "INVALID_REQUEST",
        "CONTEXT_TOO_LONG",
        "NOT_JSON",
        "TRUNCATED"
      })
  void reportsEachFailureWithItsKind(Failure failure) {
    theStage().fail(failure);
    Kind expected =
        switch (failure) {
          case AUTHENTICATION -> Kind.AUTHENTICATION;
          case RATE_LIMITED -> Kind.RATE_LIMITED;
          case OVERLOADED -> Kind.OVERLOADED;
          case SERVER_ERROR -> Kind.SERVER_ERROR;
          case INVALID_REQUEST -> Kind.INVALID_REQUEST;
          case CONTEXT_TOO_LONG -> Kind.CONTEXT_TOO_LONG;
          case NOT_JSON, TRUNCATED -> Kind.MALFORMED_RESPONSE;
          case NO_ANSWER -> Kind.TIMEOUT;
        };

    assertThatThrownBy(() -> theProvider().complete(request("Fail, please.").build()))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(expected);
              assertThat(e.retryable()).isEqualTo(expected.retryable());
              assertThat(e.getMessage()).isNotBlank();
              if (failure == Failure.RATE_LIMITED
                  && theStage().capabilities().contains(Capability.RETRY_AFTER)) {
                assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
              }
            });
  }

  /** A vendor that never answers makes the call fail as a timeout, at the provider's timeout. */
  @Test
  void givesUpAtItsTimeout() {
    theStage().fail(Failure.NO_ANSWER);
    ModelProvider impatient = theStage().provider(Duration.ofMillis(500));

    assertThatThrownBy(() -> impatient.complete(request("Hello?").build()))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
  }

  /** Interrupting the calling thread ends a waiting call with {@link InterruptedException}. */
  @Test
  void stopsWhenInterrupted() throws Exception {
    theStage().fail(Failure.NO_ANSWER);
    ModelProvider patient = theStage().provider(Duration.ofMinutes(5));
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                patient.complete(request("Hello?").build());
                outcome.complete(new AssertionError("the call returned"));
              } catch (Throwable t) {
                outcome.complete(t);
              }
            },
            "contract-caller");
    caller.start();
    sent(); // the request reached the stage: the caller is waiting for the answer

    caller.interrupt();

    assertThat(outcome.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(InterruptedException.class);
  }

  /** Through a retrying pipeline, a server error is retried and the same request sent again. */
  @Test
  void isRetriedThroughAPipeline() throws Exception {
    theStage().fail(Failure.SERVER_ERROR);
    theStage().replyText("second time lucky", Usage.of(10, 3));
    List<Duration> waits = new CopyOnWriteArrayList<>();
    ModelProvider retrying =
        ModelPipeline.builder(theProvider())
            .interceptor(RetryInterceptor.builder().sleeper(waits::add).random(() -> 0.5).build())
            .build();

    ModelResponse response = retrying.complete(request("Try twice.").build());

    assertThat(response.message().text()).isEqualTo("second time lucky");
    assertThat(waits).hasSize(1);
    assertThat(sent()).isEqualTo(sent());
  }

  /** Refused credentials are not retried: the next queued answer is still there afterwards. */
  @Test
  void isNotRetriedWhenTheKeyIsRefused() throws Exception {
    theStage().fail(Failure.AUTHENTICATION);
    theStage().replyText("still queued", Usage.of(10, 3));
    List<Duration> waits = new CopyOnWriteArrayList<>();
    ModelProvider retrying =
        ModelPipeline.builder(theProvider())
            .interceptor(RetryInterceptor.builder().sleeper(waits::add).build())
            .build();

    assertThatThrownBy(() -> retrying.complete(request("Try once.").build()))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION));
    assertThat(waits).isEmpty();
    assertThat(theProvider().complete(request("Again.").build()).message().text())
        .isEqualTo("still queued");
  }

  /** Calls from several threads at once are each answered. */
  @Test
  void servesSeveralThreadsAtOnce() throws Exception {
    int threads = 8;
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < threads; i++) {
      theStage().replyText("answer " + i, Usage.of(5, 2));
      expected.add("answer " + i);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<ModelResponse>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String text = "question " + i;
        futures.add(pool.submit(() -> theProvider().complete(request(text).build())));
      }
      Set<String> answers = new HashSet<>();
      for (Future<ModelResponse> f : futures) {
        try {
          answers.add(f.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS).message().text());
        } catch (ExecutionException e) {
          fail("a concurrent call failed", e.getCause());
        }
      }
      assertThat(answers).isEqualTo(expected);
    } finally {
      pool.shutdownNow();
    }
  }

  private ModelRequest plain(List<Message> conversation) {
    return ModelRequest.builder(theStage().model())
        .system("You are a careful engineer.")
        .maxOutputTokens(256)
        .messages(conversation)
        .build();
  }

  private ModelRequest withTools(List<Message> conversation) {
    return ModelRequest.builder(theStage().model())
        .system("You are a careful engineer.")
        .maxOutputTokens(256)
        .tool(READ_FILE)
        .tool(LIST_FILES)
        .messages(conversation)
        .build();
  }

  private static Message toolResults(ContentBlock.ToolResult... results) {
    return new Message(Role.USER, List.of(results));
  }

  private static void assertSameJson(String actual, String expected) {
    try {
      JsonNode a = JSON.readTree(actual);
      JsonNode e = JSON.readTree(expected);
      assertThat(a).as("JSON %s", actual).isEqualTo(e);
    } catch (JsonProcessingException e) {
      fail("not JSON: " + actual, e);
    }
  }
}
