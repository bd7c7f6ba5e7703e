package dev.darkfactory.testkit.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The vendor's side of a conversation, for {@link ModelProviderContract}: a stand-in for the
 * vendor's API that answers the next call the way the contract asks, in the vendor's own wire
 * format, and shows what the provider sent in vendor-neutral terms.
 *
 * <p>For an HTTP provider a stage is usually a loopback HTTP server (MockWebServer) that enqueues
 * vendor-shaped answers and decodes the recorded requests. Each {@code reply...} and {@code
 * fail...} method queues one answer; answers are served in the order queued.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public interface ProviderStage extends AutoCloseable {

  /**
   * What a provider and its wire format can express; the contract skips what is absent.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  enum Capability {
    /** Tool calls and tool results. */
    TOOLS,
    /** Several tool calls in one answer. */
    PARALLEL_TOOLS,
    /** Usage reports input tokens read from a prompt cache. */
    CACHE_READ_TOKENS,
    /** Usage reports input tokens written to a prompt cache. */
    CACHE_WRITE_TOKENS,
    /** Usage reports output tokens spent on reasoning. */
    REASONING_TOKENS,
    /** Thinking blocks come back with a signature and must be sent back unchanged. */
    THINKING,
    /** A JSON Schema for the answer travels in the vendor's structured-output field. */
    STRUCTURED_OUTPUT,
    /** Rate-limit answers carry how long to wait. */
    RETRY_AFTER
  }

  /**
   * Failures a stage can answer with, each as the vendor sends it.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  enum Failure {
    /** The key was refused (HTTP 401). */
    AUTHENTICATION,
    /** Too many requests (HTTP 429), asking the caller to wait 7 seconds. */
    RATE_LIMITED,
    /** The vendor is overloaded (Anthropic 529, others 503). */
    OVERLOADED,
    /** An internal error (HTTP 500). */
    SERVER_ERROR,
    /** The request was rejected (HTTP 400). */
    INVALID_REQUEST,
    /** The conversation does not fit the context window (the vendor's HTTP 400). */
    CONTEXT_TOO_LONG,
    /** A success status with a body that is not JSON. */
    NOT_JSON,
    /** A success status whose body stops half-way. */
    TRUNCATED,
    /** No answer at all, until the stage is closed. */
    NO_ANSWER
  }

  /** What this stage's provider supports. */
  Set<Capability> capabilities();

  /**
   * A provider that talks to this stage and does not retry by itself.
   *
   * @param timeout the provider's total timeout per call
   * @return the provider
   */
  ModelProvider provider(Duration timeout);

  /** A model name the stage accepts. */
  String model();

  /**
   * Queues a text answer.
   *
   * @param text the assistant's text
   * @param usage the usage to report, in the fields the capabilities allow; others are zero
   */
  void replyText(String text, Usage usage);

  /**
   * Queues an answer asking for tools, in the order given.
   *
   * @param calls the calls, with ids the wire carries back
   * @param usage the usage to report
   */
  void replyToolCalls(List<ContentBlock.ToolCall> calls, Usage usage);

  /**
   * Queues an answer with a thinking block followed by text; only with {@link
   * Capability#THINKING}.
   *
   * @param thinking the visible reasoning
   * @param signature the vendor's signature for it
   * @param text the text after it
   */
  void replyThinkingThenText(String thinking, String signature, String text);

  /**
   * Queues a failure.
   *
   * @param failure which
   */
  void fail(Failure failure);

  /**
   * The next request the provider sent, waiting for it up to {@code timeout}.
   *
   * @param timeout how long to wait
   * @return the request in neutral terms
   * @throws AssertionError when no request came in time
   * @throws InterruptedException when interrupted while waiting
   */
  SentRequest takeRequest(Duration timeout) throws InterruptedException;

  /** Stops the stage, releasing any answer it holds back. */
  @Override
  void close();

  /**
   * A request as the vendor received it, decoded into neutral terms.
   *
   * @param model the model asked for
   * @param system the system prompt, or empty
   * @param texts every text block sent, in order, whatever the role
   * @param toolNames the tools offered
   * @param toolCalls the tool calls sent back as conversation history, in order
   * @param toolResults the tool results sent, as {@link ContentBlock.ToolResult} keyed by call id
   * @param thinking the thinking blocks sent back, with their signatures
   * @param responseSchemaJson the structured-output schema sent, or empty
   * @param maxOutputTokens the output limit sent
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record SentRequest(
      String model,
      String system,
      List<String> texts,
      List<String> toolNames,
      List<ContentBlock.ToolCall> toolCalls,
      List<ContentBlock.ToolResult> toolResults,
      List<ContentBlock.Thinking> thinking,
      String responseSchemaJson,
      int maxOutputTokens) {

    /** Copies the lists. */
    public SentRequest {
      texts = List.copyOf(texts);
      toolNames = List.copyOf(toolNames);
      toolCalls = List.copyOf(toolCalls);
      toolResults = List.copyOf(toolResults);
      thinking = List.copyOf(thinking);
    }
  }
}
