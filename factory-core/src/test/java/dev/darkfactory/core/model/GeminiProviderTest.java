package dev.darkfactory.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class GeminiProviderTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "gemini-2.5-flash";
  private static final String KEY = "test-key-123";
  private static final String PATH = "/v1beta/models/gemini-2.5-flash:generateContent";

  private static final ToolSpec READ_FILE =
      new ToolSpec(
          "read_file",
          "Reads a file of the workspace.",
          "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},"
              + "\"required\":[\"path\"],\"additionalProperties\":false}");
  private static final ToolSpec WRITE_FILE =
      new ToolSpec(
          "write_file",
          "Writes a file of the workspace.",
          "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"},"
              + "\"text\":{\"type\":\"string\"}},\"required\":[\"path\",\"text\"]}");

  MockWebServer server;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private GeminiProvider provider() {
    return provider(Duration.ofSeconds(10));
  }

  private GeminiProvider provider(Duration timeout) {
    return GeminiProvider.builder()
        .baseUrl(server.url("/v1beta").toString())
        .apiKey(KEY)
        .timeout(timeout)
        .build();
  }

  private void enqueue(int code, String body) {
    server.enqueue(
        new MockResponse.Builder()
            .code(code)
            .addHeader("Content-Type", "application/json; charset=UTF-8")
            .body(body)
            .build());
  }

  private void enqueue(String body) {
    enqueue(200, body);
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(10, TimeUnit.SECONDS);
    assertThat(r).as("request sent").isNotNull();
    return r;
  }

  /** Takes the next request, checks what every call must carry, and returns its body. */
  private JsonNode takeBody() throws Exception {
    RecordedRequest r = take();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getUrl().encodedPath()).isEqualTo(PATH);
    assertThat(r.getUrl().query()).as("no key or anything else in the URL").isNull();
    assertThat(r.getHeaders().get("x-goog-api-key")).isEqualTo(KEY);
    assertThat(r.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(r.getHeaders().get("Authorization")).isNull();
    return JSON.readTree(r.getBody().utf8());
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  private static String text(String s) {
    return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\""
        + s
        + "\"}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],"
        + "\"usageMetadata\":{\"promptTokenCount\":10,\"candidatesTokenCount\":4,"
        + "\"totalTokenCount\":14},\"modelVersion\":\"gemini-2.5-flash\","
        + "\"responseId\":\"resp-text\"}";
  }

  private static ModelException thrown(ModelProvider p, ModelRequest request) {
    try {
      ModelResponse r = p.complete(request);
      throw new AssertionError("expected a ModelException but got " + r);
    } catch (ModelException e) {
      return e;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static ModelRequest hello() {
    return ModelRequest.builder(MODEL).message(Message.user("Hi")).maxOutputTokens(100).build();
  }

  // ---------------------------------------------------------------- text

  @Test
  void textCallSendsTheExactRequestAndReadsTheAnswer() throws Exception {
    enqueue(
        """
        {"candidates":[{"content":{"parts":[{"text":"Hello"},{"text":" there."}],"role":"model"},
          "finishReason":"STOP","index":0}],
         "usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":3,"totalTokenCount":15,
          "promptTokensDetails":[{"modality":"TEXT","tokenCount":12}]},
         "modelVersion":"gemini-2.5-flash-001","responseId":"mfXoaKeLLomqnvgP7pq8yA0"}
        """);
    ModelRequest request =
        ModelRequest.builder(MODEL)
            .system("Be brief.")
            .message(Message.user("Hi"))
            .message(Message.assistant("Hello."))
            .message(Message.user("Say it again"))
            .maxOutputTokens(256)
            .temperature(0.25)
            .metadata("unknown_hint", "ignored")
            .build();

    ModelResponse response = provider().complete(request);

    assertThat(takeBody())
        .isEqualTo(
            json(
                """
                {"systemInstruction":{"parts":[{"text":"Be brief."}]},
                 "contents":[
                   {"role":"user","parts":[{"text":"Hi"}]},
                   {"role":"model","parts":[{"text":"Hello."}]},
                   {"role":"user","parts":[{"text":"Say it again"}]}],
                 "generationConfig":{"maxOutputTokens":256,"temperature":0.25}}
                """));
    assertThat(response.id()).isEqualTo("mfXoaKeLLomqnvgP7pq8yA0");
    assertThat(response.model()).isEqualTo("gemini-2.5-flash-001");
    assertThat(response.message().content())
        .containsExactly(new ContentBlock.Text("Hello"), new ContentBlock.Text(" there."));
    assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(response.usage()).isEqualTo(Usage.of(12, 3));
  }

  @Test
  void noSystemPromptNoTemperatureAndNoIdsOrModelVersionFallBack() throws Exception {
    enqueue(
        """
        {"candidates":[{"content":{"parts":[{"text":"ok"}],"role":"model"},"finishReason":"STOP"}]}
        """);

    ModelResponse response = provider().complete(hello());

    assertThat(takeBody())
        .isEqualTo(
            json(
                """
                {"contents":[{"role":"user","parts":[{"text":"Hi"}]}],
                 "generationConfig":{"maxOutputTokens":100}}
                """));
    assertThat(response.id()).isEmpty();
    assertThat(response.model()).isEqualTo(MODEL);
    assertThat(response.usage()).isEqualTo(Usage.ZERO);
  }

  @Test
  void modelNamesWithTheirResourcePrefixAreUsedAsTheyAre() throws Exception {
    enqueue(text("ok"));
    provider()
        .complete(
            ModelRequest.builder("models/gemini-2.5-pro").message(Message.user("Hi")).build());
    assertThat(take().getUrl().encodedPath())
        .isEqualTo("/v1beta/models/gemini-2.5-pro:generateContent");
  }

  @Test
  void aModelNameThatWouldBreakThePathIsRefusedBeforeSending() {
    ModelException e =
        thrown(
            provider(),
            ModelRequest.builder("gemini?key=x").message(Message.user("Hi")).build());
    assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(e).hasMessageContaining("gemini?key=x");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void emptyTextIsLeftOutAndAnEmptyMessageSendsOneEmptyPart() throws Exception {
    enqueue(text("ok"));
    ModelRequest request =
        ModelRequest.builder(MODEL)
            .message(
                new Message(
                    Role.USER, List.of(new ContentBlock.Text(""), new ContentBlock.Text("Hi"))))
            .message(Message.assistant(""))
            .message(Message.user("again"))
            .build();

    provider().complete(request);

    assertThat(takeBody().get("contents"))
        .isEqualTo(
            json(
                """
                [{"role":"user","parts":[{"text":"Hi"}]},
                 {"role":"model","parts":[{"text":""}]},
                 {"role":"user","parts":[{"text":"again"}]}]
                """));
  }

  // ---------------------------------------------------------------- tools

  @Test
  void toolCallsRoundTripOverSeveralTurns() throws Exception {
    GeminiProvider provider = provider();
    // Turn 1: a Gemini 2.5 style call, no id, with a thought signature on the call's part.
    enqueue(
        """
        {"candidates":[{"content":{"parts":[
           {"functionCall":{"name":"read_file","args":{"path":"a.txt"}},"thoughtSignature":"c2lnLUE="}],
           "role":"model"},"finishReason":"STOP","index":0}],
         "usageMetadata":{"promptTokenCount":40,"candidatesTokenCount":9,"thoughtsTokenCount":30,
           "totalTokenCount":79},
         "modelVersion":"gemini-2.5-flash","responseId":"turn-1"}
        """);
    ModelRequest first =
        ModelRequest.builder(MODEL)
            .system("You edit files.")
            .message(Message.user("Copy a.txt to b.txt"))
            .tool(READ_FILE)
            .tool(WRITE_FILE)
            .maxOutputTokens(1000)
            .build();

    ModelResponse r1 = provider.complete(first);

    JsonNode tools =
        json(
            """
            [{"functionDeclarations":[
              {"name":"read_file","description":"Reads a file of the workspace.",
               "parametersJsonSchema":{"type":"object","properties":{"path":{"type":"string"}},
                 "required":["path"],"additionalProperties":false}},
              {"name":"write_file","description":"Writes a file of the workspace.",
               "parametersJsonSchema":{"type":"object","properties":{"path":{"type":"string"},
                 "text":{"type":"string"}},"required":["path","text"]}}]}]
            """);
    assertThat(takeBody())
        .isEqualTo(
            json(
                """
                {"systemInstruction":{"parts":[{"text":"You edit files."}]},
                 "contents":[{"role":"user","parts":[{"text":"Copy a.txt to b.txt"}]}],
                 "tools":%s,
                 "generationConfig":{"maxOutputTokens":1000}}
                """
                    .formatted(tools)));
    assertThat(r1.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(r1.message().content())
        .containsExactly(
            new ContentBlock.Thinking("", "c2lnLUE="),
            new ContentBlock.ToolCall(
                "gemini_call_0_read_file", "read_file", "{\"path\":\"a.txt\"}"));
    assertThat(r1.usage()).isEqualTo(new Usage(40, 39, 0, 0, 30));

    // Turn 2: a Gemini 3 style call with an id.
    enqueue(
        """
        {"candidates":[{"content":{"parts":[
           {"functionCall":{"id":"fc-7kq2","name":"write_file",
             "args":{"path":"b.txt","text":"hello"}},"thoughtSignature":"c2lnLUI="}],
           "role":"model"},"finishReason":"STOP","index":0}],
         "usageMetadata":{"promptTokenCount":70,"candidatesTokenCount":12,"totalTokenCount":82},
         "modelVersion":"gemini-2.5-flash","responseId":"turn-2"}
        """);
    ModelRequest second =
        first.toBuilder()
            .message(r1.message())
            .message(
                new Message(
                    Role.USER,
                    List.of(
                        new ContentBlock.ToolResult("gemini_call_0_read_file", "hello", false))))
            .build();

    ModelResponse r2 = provider.complete(second);

    assertThat(takeBody().get("contents"))
        .isEqualTo(
            json(
                """
                [{"role":"user","parts":[{"text":"Copy a.txt to b.txt"}]},
                 {"role":"model","parts":[
                   {"functionCall":{"name":"read_file","args":{"path":"a.txt"}},
                    "thoughtSignature":"c2lnLUE="}]},
                 {"role":"user","parts":[
                   {"functionResponse":{"name":"read_file","response":{"output":"hello"}}}]}]
                """));
    assertThat(r2.toolCalls())
        .containsExactly(
            new ContentBlock.ToolCall(
                "fc-7kq2", "write_file", "{\"path\":\"b.txt\",\"text\":\"hello\"}"));

    // Turn 3: the tool failed; the error goes back under "error", with Gemini's id.
    enqueue(text("b.txt could not be written."));
    ModelRequest third =
        second.toBuilder()
            .message(r2.message())
            .message(
                new Message(
                    Role.USER,
                    List.of(new ContentBlock.ToolResult("fc-7kq2", "disk full", true))))
            .build();

    ModelResponse r3 = provider.complete(third);

    JsonNode contents = takeBody().get("contents");
    assertThat(contents).hasSize(5);
    assertThat(contents.get(3))
        .isEqualTo(
            json(
                """
                {"role":"model","parts":[
                  {"functionCall":{"id":"fc-7kq2","name":"write_file",
                    "args":{"path":"b.txt","text":"hello"}},"thoughtSignature":"c2lnLUI="}]}
                """));
    assertThat(contents.get(4))
        .isEqualTo(
            json(
                """
                {"role":"user","parts":[
                  {"functionResponse":{"id":"fc-7kq2","name":"write_file",
                    "response":{"error":"disk full"}}}]}
                """));
    assertThat(r3.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(r3.message().text()).isEqualTo("b.txt could not be written.");
  }

  @Test
  void parallelToolCallsGetDistinctIdsAndTheirResultsGoBackInOneTurn() throws Exception {
    GeminiProvider provider = provider();
    ModelRequest base =
        ModelRequest.builder(MODEL)
            .message(Message.user("Read a and b"))
            .message(
                new Message(
                    Role.ASSISTANT,
                    List.of(
                        new ContentBlock.ToolCall(
                            "gemini_call_0_read_file", "read_file", "{\"path\":\"x\"}"))))
            .message(
                new Message(
                    Role.USER,
                    List.of(new ContentBlock.ToolResult("gemini_call_0_read_file", "x", false))))
            .tool(READ_FILE)
            .build();
    enqueue(
        """
        {"candidates":[{"content":{"parts":[
           {"text":"Reading both."},
           {"functionCall":{"name":"read_file","args":{"path":"a"}},"thoughtSignature":"c2lnLVA="},
           {"functionCall":{"name":"read_file","args":{"path":"b"}}}],
           "role":"model"},"finishReason":"STOP","index":0}],
         "usageMetadata":{"promptTokenCount":50,"candidatesTokenCount":20,"totalTokenCount":70},
         "modelVersion":"gemini-2.5-flash","responseId":"par"}
        """);

    ModelResponse r = provider.complete(base);
    take();

    assertThat(r.stopReason()).isEqualTo(StopReason.TOOL_USE);
    // Ids continue after the call already in the conversation, so none repeats.
    assertThat(r.message().content())
        .containsExactly(
            new ContentBlock.Text("Reading both."),
            new ContentBlock.Thinking("", "c2lnLVA="),
            new ContentBlock.ToolCall("gemini_call_1_read_file", "read_file", "{\"path\":\"a\"}"),
            new ContentBlock.ToolCall("gemini_call_2_read_file", "read_file", "{\"path\":\"b\"}"));
    // The same answer to the same request gives the same ids.
    enqueue(
        """
        {"candidates":[{"content":{"parts":[
           {"functionCall":{"name":"read_file","args":{"path":"a"}}}],"role":"model"},
           "finishReason":"STOP"}]}
        """);
    assertThat(provider.complete(base).toolCalls().get(0).id()).isEqualTo("gemini_call_1_read_file");
    take();

    enqueue(text("done"));
    provider.complete(
        base.toBuilder()
            .message(r.message())
            .message(
                new Message(
                    Role.USER,
                    List.of(
                        new ContentBlock.ToolResult("gemini_call_1_read_file", "A", false),
                        new ContentBlock.ToolResult("gemini_call_2_read_file", "B", false))))
            .build());

    JsonNode contents = takeBody().get("contents");
    assertThat(contents.get(3))
        .isEqualTo(
            json(
                """
                {"role":"model","parts":[
                  {"text":"Reading both."},
                  {"functionCall":{"name":"read_file","args":{"path":"a"}},"thoughtSignature":"c2lnLVA="},
                  {"functionCall":{"name":"read_file","args":{"path":"b"}}}]}
                """));
    assertThat(contents.get(4))
        .isEqualTo(
            json(
                """
                {"role":"user","parts":[
                  {"functionResponse":{"name":"read_file","response":{"output":"A"}}},
                  {"functionResponse":{"name":"read_file","response":{"output":"B"}}}]}
                """));
  }

  @Test
  void argumentsThatAreNotAnObjectArePassedThroughAndMissingArgumentsAreEmpty() throws Exception {
    enqueue(
        """
        {"candidates":[{"content":{"parts":[
           {"functionCall":{"name":"read_file","args":"path=a.txt"}},
           {"functionCall":{"name":"write_file"}},
           {"functionCall":{"name":"read_file","args":["a"]}}],"role":"model"},
           "finishReason":"STOP"}]}
        """);

    ModelResponse r = provider().complete(hello());
    take();

    assertThat(r.toolCalls())
        .extracting(ContentBlock.ToolCall::argumentsJson)
        .containsExactly("path=a.txt", "{}", "[\"a\"]");

    // Sent back, arguments Gemini cannot take become an empty object.
    enqueue(text("ok"));
    provider()
        .complete(
            hello().toBuilder()
                .message(r.message())
                .message(
                    new Message(
                        Role.USER,
                        List.of(
                            new ContentBlock.ToolResult(r.toolCalls().get(0).id(), "bad", true),
                            new ContentBlock.ToolResult(r.toolCalls().get(1).id(), "ok", false),
                            new ContentBlock.ToolResult(r.toolCalls().get(2).id(), "bad", true))))
                .build());
    assertThat(takeBody().get("contents").get(1))
        .isEqualTo(
            json(
                """
                {"role":"model","parts":[
                  {"functionCall":{"name":"read_file","args":{}}},
                  {"functionCall":{"name":"write_file","args":{}}},
                  {"functionCall":{"name":"read_file","args":{}}}]}
                """));
  }

  @Test
  void aToolResultForNoCallInTheConversationIsRefusedBeforeSending() {
    ModelRequest request =
        ModelRequest.builder(MODEL)
            .message(
                new Message(
                    Role.USER, List.of(new ContentBlock.ToolResult("call_missing", "x", false))))
            .build();
    ModelException e = thrown(provider(), request);
    assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(e).hasMessageContaining("call_missing");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aToolSchemaThatIsNotJsonIsRefusedBeforeSending() {
    ModelRequest request =
        hello().toBuilder().tool(new ToolSpec("broken", "Broken.", "{\"type\": ")).build();
    ModelException e = thrown(provider(), request);
    assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(e).hasMessageContaining("tool broken");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void generatedIdsAreRecognisedOnlyInTheirExactShape() {
    assertThat(GeminiProvider.isGenerated("gemini_call_0_read_file", "read_file")).isTrue();
    assertThat(GeminiProvider.isGenerated("gemini_call_12_read_file", "read_file")).isTrue();
    assertThat(GeminiProvider.isGenerated("gemini_call_x_read_file", "read_file")).isFalse();
    assertThat(GeminiProvider.isGenerated("gemini_call__read_file", "read_file")).isFalse();
    assertThat(GeminiProvider.isGenerated("gemini_call_0_read_file", "write_file")).isFalse();
    assertThat(GeminiProvider.isGenerated("call_0_read_file", "read_file")).isFalse();
    assertThat(GeminiProvider.isGenerated("fc-7kq2", "read_file")).isFalse();
  }

  // ---------------------------------------------------------------- usage and caching

  @Test
  void usageSubtractsCachedTokensAndCountsThoughtsAsOutput() throws Exception {
    enqueue(
        """
        {"candidates":[{"content":{"parts":[{"text":"ok"}],"role":"model"},"finishReason":"STOP"}],
         "usageMetadata":{"promptTokenCount":1000,"cachedContentTokenCount":800,
           "candidatesTokenCount":50,"thoughtsTokenCount":120,"totalTokenCount":1170,
           "promptTokensDetails":[{"modality":"TEXT","tokenCount":1000}],
           "cacheTokensDetails":[{"modality":"TEXT","tokenCount":800}]},
         "modelVersion":"gemini-2.5-flash","responseId":"cached"}
        """);

    Usage usage = provider().complete(hello()).usage();

    assertThat(usage).isEqualTo(new Usage(200, 170, 800, 0, 120));
    assertThat(usage.totalTokens()).isEqualTo(1170);
  }

  @Test
  void toolUsePromptTokensAreInput() throws Exception {
    enqueue(
        """
        {"candidates":[{"content":{"parts":[{"text":"ok"}],"role":"model"},"finishReason":"STOP"}],
         "usageMetadata":{"promptTokenCount":100,"toolUsePromptTokenCount":30,
           "candidatesTokenCount":5,"totalTokenCount":135}}
        """);
    assertThat(provider().complete(hello()).usage()).isEqualTo(Usage.of(130, 5));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"promptTokenCount\":10,\"cachedContentTokenCount\":11} | cachedContentTokenCount (11)",
        "{\"promptTokenCount\":-1} | promptTokenCount",
        "{\"candidatesTokenCount\":1.5} | candidatesTokenCount",
        "{\"thoughtsTokenCount\":\"7\"} | thoughtsTokenCount",
        "[] | usageMetadata"
      })
  void usageThatCannotBeRightIsAMalformedResponse(String usage, String named) {
    enqueue(
        "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}],\"role\":\"model\"},"
            + "\"finishReason\":\"STOP\"}],\"usageMetadata\":"
            + usage
            + "}");
    ModelException e = thrown(provider(), hello());
    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(e).hasMessageContaining(named);
  }

  // ---------------------------------------------------------------- thinking

  @Test
  void thoughtPartsAndSignaturesRoundTrip() throws Exception {
    GeminiProvider provider =
        GeminiProvider.builder()
            .baseUrl(server.url("/v1beta").toString())
            .apiKey(KEY)
            .includeThoughts(true)
            .build();
    enqueue(
        """
        {"candidates":[{"content":{"parts":[
           {"text":"**Planning** I should greet.","thought":true,"thoughtSignature":"c2lnLVQ="},
           {"text":"Hello!"},
           {"text":"","thoughtSignature":"c2lnLUVuZA=="}],"role":"model"},
           "finishReason":"STOP"}],
         "usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":2,"thoughtsTokenCount":40,
           "totalTokenCount":47}}
        """);
    ModelRequest first =
        hello().toBuilder().metadata(ModelHints.THINKING_BUDGET_TOKENS, "1024").build();

    ModelResponse r = provider.complete(first);

    assertThat(takeBody().get("generationConfig"))
        .isEqualTo(
            json(
                """
                {"maxOutputTokens":100,
                 "thinkingConfig":{"thinkingBudget":1024,"includeThoughts":true}}
                """));
    assertThat(r.message().content())
        .containsExactly(
            new ContentBlock.Thinking("**Planning** I should greet.", "c2lnLVQ="),
            new ContentBlock.Text("Hello!"),
            new ContentBlock.Thinking("", "c2lnLUVuZA=="),
            new ContentBlock.Text(""));
    assertThat(r.usage().reasoningTokens()).isEqualTo(40);
    assertThat(r.usage().outputTokens()).isEqualTo(42);

    enqueue(text("fine"));
    provider.complete(first.toBuilder().message(r.message()).message(Message.user("How?")).build());

    assertThat(takeBody().get("contents").get(1))
        .isEqualTo(
            json(
                """
                {"role":"model","parts":[
                  {"text":"**Planning** I should greet.","thought":true,"thoughtSignature":"c2lnLVQ="},
                  {"text":"Hello!"},
                  {"text":"","thoughtSignature":"c2lnLUVuZA=="}]}
                """));
  }

  @Test
  void thinkingBlocksWithoutAFollowingPartAreSentAsThoughts() throws Exception {
    enqueue(text("ok"));
    ModelRequest request =
        hello().toBuilder()
            .message(
                new Message(
                    Role.ASSISTANT,
                    List.of(
                        new ContentBlock.Thinking("", ""),
                        new ContentBlock.Thinking("visible", ""),
                        new ContentBlock.Thinking("", "c2ln"))))
            .message(Message.user("go on"))
            .build();

    provider().complete(request);

    assertThat(takeBody().get("contents").get(1))
        .isEqualTo(
            json(
                """
                {"role":"model","parts":[
                  {"thought":true,"text":"visible"},
                  {"thought":true,"text":"","thoughtSignature":"c2ln"}]}
                """));
  }

  @Test
  void reasoningEffortBecomesTheThinkingLevelUnlessABudgetIsSet() throws Exception {
    enqueue(text("ok"));
    provider()
        .complete(hello().toBuilder().metadata(ModelHints.REASONING_EFFORT, "High").build());
    assertThat(takeBody().get("generationConfig"))
        .isEqualTo(json("{\"maxOutputTokens\":100,\"thinkingConfig\":{\"thinkingLevel\":\"high\"}}"));

    enqueue(text("ok"));
    provider()
        .complete(
            hello().toBuilder()
                .metadata(ModelHints.REASONING_EFFORT, "low")
                .metadata(ModelHints.THINKING_BUDGET_TOKENS, "0")
                .metadata(ModelHints.PROMPT_CACHE_KEY, "k")
                .metadata(ModelHints.PROMPT_CACHING, "off")
                .build());
    assertThat(takeBody().get("generationConfig"))
        .isEqualTo(json("{\"maxOutputTokens\":100,\"thinkingConfig\":{\"thinkingBudget\":0}}"));
  }

  @ParameterizedTest
  @CsvSource({"lots", "-2", "1.5", "''", "99999999999"})
  void aThinkingBudgetThatIsNotAnIntegerOfAtLeastMinusOneIsRefused(String budget) {
    ModelException e =
        thrown(
            provider(),
            hello().toBuilder().metadata(ModelHints.THINKING_BUDGET_TOKENS, budget).build());
    assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(e).hasMessageContaining(ModelHints.THINKING_BUDGET_TOKENS);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void dynamicThinkingBudgetIsAccepted() throws Exception {
    enqueue(text("ok"));
    provider()
        .complete(hello().toBuilder().metadata(ModelHints.THINKING_BUDGET_TOKENS, " -1 ").build());
    assertThat(takeBody().at("/generationConfig/thinkingConfig/thinkingBudget").asInt())
        .isEqualTo(-1);
  }

  // ---------------------------------------------------------------- structured output

  @Test
  void aResponseSchemaTravelsAsResponseJsonSchemaWithTheJsonMimeType() throws Exception {
    String schema =
        "{\"type\":\"object\",\"properties\":{\"verdict\":{\"type\":\"string\","
            + "\"enum\":[\"pass\",\"fail\"]}},\"required\":[\"verdict\"],"
            + "\"additionalProperties\":false}";
    enqueue(
        """
        {"candidates":[{"content":{"parts":[{"text":"{\\"verdict\\": \\"pass\\"}"}],"role":"model"},
           "finishReason":"STOP"}],
         "usageMetadata":{"promptTokenCount":20,"candidatesTokenCount":6,"totalTokenCount":26}}
        """);

    ModelResponse r =
        provider().complete(hello().toBuilder().responseSchema(schema).maxOutputTokens(50).build());

    assertThat(takeBody().get("generationConfig"))
        .isEqualTo(
            json(
                """
                {"maxOutputTokens":50,"responseMimeType":"application/json",
                 "responseJsonSchema":%s}
                """
                    .formatted(schema)));
    assertThat(json(r.message().text()).get("verdict").asText()).isEqualTo("pass");
  }

  // ---------------------------------------------------------------- stop reasons

  @ParameterizedTest
  @CsvSource({
    "STOP, END_TURN",
    "MAX_TOKENS, MAX_TOKENS",
    "SAFETY, REFUSAL",
    "RECITATION, REFUSAL",
    "PROHIBITED_CONTENT, REFUSAL",
    "BLOCKLIST, REFUSAL",
    "SPII, REFUSAL",
    "LANGUAGE, OTHER",
    "MALFORMED_FUNCTION_CALL, OTHER",
    "OTHER, OTHER",
    "SOMETHING_NEW, OTHER"
  })
  void finishReasonsMapToStopReasons(String finishReason, StopReason expected) throws Exception {
    enqueue(
        "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"x\"}],\"role\":\"model\"},"
            + "\"finishReason\":\""
            + finishReason
            + "\"}]}");
    assertThat(provider().complete(hello()).stopReason()).isEqualTo(expected);
  }

  @Test
  void aCandidateStoppedForSafetyWithoutContentIsARefusalWithEmptyText() throws Exception {
    enqueue(
        """
        {"candidates":[{"finishReason":"SAFETY","index":0,"safetyRatings":[
           {"category":"HARM_CATEGORY_DANGEROUS_CONTENT","probability":"HIGH","blocked":true}]}],
         "usageMetadata":{"promptTokenCount":9,"totalTokenCount":9}}
        """);
    ModelResponse r = provider().complete(hello());
    assertThat(r.stopReason()).isEqualTo(StopReason.REFUSAL);
    assertThat(r.message().content()).containsExactly(new ContentBlock.Text(""));
    assertThat(r.usage()).isEqualTo(Usage.of(9, 0));
  }

  @Test
  void aBlockedPromptIsARefusalWithEmptyText() throws Exception {
    enqueue(
        """
        {"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},
         "usageMetadata":{"promptTokenCount":8,"totalTokenCount":8},
         "modelVersion":"gemini-2.5-flash","responseId":"blocked"}
        """);
    ModelResponse r = provider().complete(hello());
    assertThat(r.stopReason()).isEqualTo(StopReason.REFUSAL);
    assertThat(r.message().text()).isEmpty();
    assertThat(r.id()).isEqualTo("blocked");
    assertThat(r.usage()).isEqualTo(Usage.of(8, 0));
  }

  @Test
  void noCandidatesAndNoBlockReasonIsAMalformedResponse() {
    enqueue("{\"usageMetadata\":{\"promptTokenCount\":8}}");
    assertThat(thrown(provider(), hello()).kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"candidates\":\"none\"}",
        "{\"candidates\":[{\"content\":{\"parts\":{\"text\":\"x\"}}}]}",
        "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":7}]}}]}",
        "{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"args\":{}}}]}}]}",
        "{\"candidates\":[{\"content\":{\"parts\":[\"x\"]}}]}",
        "{\"candidates\":[7]}"
      })
  void answersThatAreJsonButNotGeminiShapedAreMalformed(String body) {
    enqueue(body);
    assertThat(thrown(provider(), hello()).kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
  }

  @Test
  void partsOfKindsNotMappedAreSkipped() throws Exception {
    enqueue(
        """
        {"candidates":[{"content":{"parts":[
           {"executableCode":{"language":"PYTHON","code":"print(1)"}},
           {"text":"1"}],"role":"model"},"finishReason":"STOP"}]}
        """);
    assertThat(provider().complete(hello()).message().content())
        .containsExactly(new ContentBlock.Text("1"));
  }

  // ---------------------------------------------------------------- errors

  @Test
  void rateLimitedWithRetryInfoCarriesTheDelay() {
    enqueue(
        429,
        """
        {"error":{"code":429,
          "message":"You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
          "status":"RESOURCE_EXHAUSTED",
          "details":[
            {"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[
              {"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests",
               "quotaId":"GenerateRequestsPerMinutePerProjectPerModel-FreeTier"}]},
            {"@type":"type.googleapis.com/google.rpc.Help","links":[
              {"description":"Learn more about Gemini API quotas",
               "url":"https://ai.google.dev/gemini-api/docs/rate-limits"}]},
            {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"26s"}]}}
        """);
    ModelException e = thrown(provider(), hello());
    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(26));
    assertThat(e).hasMessageContaining("RESOURCE_EXHAUSTED").hasMessageContaining("quota");
  }

  @Test
  void rateLimitedWithARetryAfterHeaderCarriesTheDelay() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", "7")
            .body(
                "{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check"
                    + " quota).\",\"status\":\"RESOURCE_EXHAUSTED\"}}")
            .build());
    ModelException e = thrown(provider(), hello());
    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void overloadedIsRetryable() {
    enqueue(
        503,
        """
        {"error":{"code":503,"message":"The model is overloaded. Please try again later.",
          "status":"UNAVAILABLE"}}
        """);
    ModelException e = thrown(provider(), hello());
    assertThat(e.kind()).isEqualTo(Kind.OVERLOADED);
    assertThat(e.retryable()).isTrue();
    assertThat(e).hasMessageContaining("The model is overloaded");
  }

  @Test
  void aServerErrorIsRetriedThroughThePipeline() throws Exception {
    enqueue(
        500,
        """
        {"error":{"code":500,"message":"An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
          "status":"INTERNAL"}}
        """);
    enqueue(text("recovered"));
    List<Duration> sleeps = new CopyOnWriteArrayList<>();
    ModelProvider pipeline =
        ModelPipeline.builder(provider())
            .interceptor(
                RetryInterceptor.builder()
                    .initialDelay(Duration.ofSeconds(2))
                    .random(() -> 0.0)
                    .sleeper(sleeps::add)
                    .build())
            .build();

    ModelResponse r = pipeline.complete(hello());

    assertThat(r.message().text()).isEqualTo("recovered");
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
    JsonNode first = takeBody();
    assertThat(takeBody()).isEqualTo(first);
  }

  static Stream<Arguments> refusedCredentials() {
    return Stream.of(
        Arguments.of(
            401,
            """
            {"error":{"code":401,"message":"Request had invalid authentication credentials.",
              "status":"UNAUTHENTICATED"}}
            """),
        Arguments.of(
            403,
            """
            {"error":{"code":403,"message":"Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
              "status":"PERMISSION_DENIED"}}
            """),
        Arguments.of(
            400,
            """
            {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.",
              "status":"INVALID_ARGUMENT",
              "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID",
                "domain":"googleapis.com",
                "metadata":{"service":"generativelanguage.googleapis.com"}}]}}
            """));
  }

  @ParameterizedTest
  @MethodSource("refusedCredentials")
  void refusedCredentialsAreNotRetried(int status, String body) throws Exception {
    enqueue(status, body);
    List<Duration> sleeps = new ArrayList<>();
    ModelProvider pipeline =
        ModelPipeline.builder(provider())
            .interceptor(RetryInterceptor.builder().sleeper(sleeps::add).build())
            .build();

    ModelException e = thrown(pipeline, hello());

    assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
    assertThat(e.getMessage()).doesNotContain(KEY);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void contextTooLongIsRecognised() {
    enqueue(
        400,
        """
        {"error":{"code":400,
          "message":"The input token count (1250000) exceeds the maximum number of tokens allowed (1048576).",
          "status":"INVALID_ARGUMENT"}}
        """);
    ModelException e = thrown(provider(), hello());
    assertThat(e.kind()).isEqualTo(Kind.CONTEXT_TOO_LONG);
    assertThat(e).hasMessageContaining("1250000");
  }

  @Test
  void anInvalidArgumentIsAnInvalidRequest() {
    enqueue(
        400,
        """
        {"error":{"code":400,
          "message":"Invalid JSON payload received. Unknown name \\"foo\\" at 'generation_config': Cannot find field.",
          "status":"INVALID_ARGUMENT",
          "details":[{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[
            {"field":"generation_config","description":"Invalid JSON payload received."}]}]}}
        """);
    ModelException e = thrown(provider(), hello());
    assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void aBodyThatIsNotJsonIsMalformed() {
    enqueue(200, "<html>502 Bad Gateway</html>");
    ModelException e = thrown(provider(), hello());
    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(e).hasMessageContaining("502 Bad Gateway");
  }

  @Test
  void aTruncatedBodyIsMalformed() {
    String full = text("this answer is cut off somewhere in the middle");
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body(full)
            .throttleBody(full.length() / 2, 0, TimeUnit.MILLISECONDS)
            .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    ModelException e = thrown(provider(), hello());
    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
  }

  @Test
  void aServerThatNeverAnswersTimesOut() {
    server.enqueue(
        new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    long start = System.nanoTime();
    ModelException e = thrown(provider(Duration.ofMillis(500)), hello());
    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void interruptingTheCallerEndsTheCallWithInterruptedException() throws Exception {
    server.enqueue(
        new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    GeminiProvider provider = provider(Duration.ofMinutes(1));
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                outcome.set(new AssertionError("returned " + provider.complete(hello())));
              } catch (Throwable t) {
                outcome.set(t);
              }
            });
    caller.start();

    take();
    caller.interrupt();
    caller.join(10_000);

    assertThat(caller.isAlive()).isFalse();
    assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
  }

  // ---------------------------------------------------------------- configuration

  @Test
  void fromEnvironmentNamesTheMissingKey() {
    assertThatThrownBy(() -> GeminiProvider.fromEnvironment(Map.of("GEMINI_API_KEY", "  ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GEMINI_API_KEY")
        .hasMessageContaining("GOOGLE_API_KEY");
    assertThat(new GeminiProviderFactory().isConfigured(Map.of())).isFalse();
    assertThat(new GeminiProviderFactory().isConfigured(Map.of("GOOGLE_API_KEY", "k"))).isTrue();
  }

  @Test
  void fromEnvironmentPrefersGeminiApiKeyAndHonoursTheBaseUrl() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("GEMINI_API_KEY", "gemini-key");
    env.put("GOOGLE_API_KEY", "google-key");
    env.put("GEMINI_BASE_URL", server.url("/v1beta/").toString());
    enqueue(text("ok"));

    ModelProvider p = new GeminiProviderFactory().create(env);
    p.complete(hello());

    RecordedRequest r = take();
    assertThat(p.id()).isEqualTo("gemini");
    assertThat(new GeminiProviderFactory().id()).isEqualTo("gemini");
    assertThat(r.getUrl().encodedPath()).isEqualTo(PATH);
    assertThat(r.getHeaders().get("x-goog-api-key")).isEqualTo("gemini-key");
  }

  @Test
  void fromEnvironmentFallsBackToGoogleApiKey() throws Exception {
    enqueue(text("ok"));
    GeminiProvider.fromEnvironment(
            Map.of(
                "GOOGLE_API_KEY", " google-key ",
                "GEMINI_BASE_URL", server.url("/v1beta").toString()))
        .complete(hello());
    assertThat(take().getHeaders().get("x-goog-api-key")).isEqualTo("google-key");
  }

  @Test
  void fromEnvironmentNamesAMalformedBaseUrl() {
    assertThatThrownBy(
            () ->
                GeminiProvider.fromEnvironment(
                    Map.of("GEMINI_API_KEY", "k", "GEMINI_BASE_URL", "generativelanguage")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GEMINI_BASE_URL");
  }

  @Test
  void theBuilderRejectsBadValues() {
    assertThatThrownBy(() -> GeminiProvider.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apiKey");
    assertThatThrownBy(() -> GeminiProvider.builder().apiKey(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apiKey");
    assertThatThrownBy(() -> GeminiProvider.builder().baseUrl("ftp://example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> GeminiProvider.builder().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> GeminiProvider.builder().connectTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> GeminiProvider.builder().header("X-Goog-Api-Key", "other"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("X-Goog-Api-Key");
  }

  @Test
  void extraHeadersAreSentButCannotReplaceTheKey() throws Exception {
    enqueue(text("ok"));
    GeminiProvider.builder()
        .baseUrl(server.url("/v1beta").toString())
        .apiKey(KEY)
        .header("X-Gateway-Route", "eu")
        .build()
        .complete(hello());
    RecordedRequest r = take();
    assertThat(r.getHeaders().get("X-Gateway-Route")).isEqualTo("eu");
    assertThat(r.getHeaders().values("x-goog-api-key")).containsExactly(KEY);
  }
}
