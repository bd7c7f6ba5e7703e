package dev.darkfactory.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.Role;
import dev.darkfactory.api.model.StopReason;
import dev.darkfactory.api.model.ToolSpec;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.benchmarks.CostRecording.Call;
import dev.darkfactory.benchmarks.CostRecording.Session;
import dev.darkfactory.benchmarks.CostRecording.Turn;
import dev.darkfactory.core.agent.ToolLoopAgent;
import dev.darkfactory.core.agent.tool.Tool;
import dev.darkfactory.core.agent.tool.ToolContext;
import dev.darkfactory.core.agent.tool.ToolOutput;
import dev.darkfactory.core.cost.PriceCatalog;
import dev.darkfactory.core.model.ModelHints;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A model provider that replays one recorded attempt at a time, and bills every request the way
 * Anthropic bills it.
 *
 * <p><b>Replay.</b> The answer to a request is the recorded turn whose index is the number of
 * assistant messages the request already holds; the request must go to the model the recording
 * names for that turn (the router decided it; a mismatch is a problem). The tools ({@link #tools})
 * replace the agent's default tools under the same names and specs, and hand back the recorded
 * output of each call after checking that the agent called the recorded tool with the recorded
 * arguments. Nothing runs and nothing changes on disk.
 *
 * <p><b>Billing.</b> A request's input is its content: every tool's name, description and schema,
 * the system prompt, and every message block (text, a tool call's name and arguments, a tool
 * result, thinking), at 4 characters per token, rounded up. With caching off ({@link
 * ModelHints#PROMPT_CACHING} {@code off}) all of it is plain input. With caching on, the request
 * is compared with the previous request on the same model and the same {@link
 * ModelHints#PROMPT_CACHE_KEY}: the blocks they share from the start, whole blocks only, are a
 * cache read, the rest a cache write, and nothing is plain input, as with Anthropic's breakpoint
 * on the last block of the history. A request below the model's minimum cacheable length (1,024
 * tokens for Sonnet 4.5, 4,096 for Haiku 4.5) is not cached: all plain input, nothing written.
 * Output tokens are the recording's. Each call is priced with the catalog's price of the model it
 * went to ({@link dev.darkfactory.core.cost.ModelPrice#cost}).
 *
 * <p>One instance per configuration: it keeps the configuration's cache state and totals.
 */
final class CostReplay implements ModelProvider {

  /** Anthropic's minimum cacheable prompt length per model, in tokens; 1,024 for the others. */
  static final Map<String, Long> MINIMUM_CACHEABLE = Map.of("claude-haiku-4-5", 4_096L);

  private static final Set<String> LOOP_TOOLS =
      Set.of(ToolLoopAgent.FINISH, ToolLoopAgent.GIVE_UP, ToolLoopAgent.NOTE);

  private final PriceCatalog prices;
  /** The blocks of the last cached request, by model and cache key. */
  private final Map<String, List<Block>> cached = new HashMap<>();
  /** What each model cost in this configuration. */
  private final Map<String, Totals> totals = new TreeMap<>();
  private final List<String> problems = new ArrayList<>();

  private BigDecimal spent = BigDecimal.ZERO;
  private long largestRequest;
  private long firstRequests;
  private long firstRequestTokens;
  private long @Nullable [] firstPrefix;

  private @Nullable String label;
  private @Nullable Session session;
  private int served;
  private final Deque<Call> pending = new ArrayDeque<>();

  /** One block of a request: what it is (for comparison) and how many characters it counts. */
  private record Block(String key, long chars) {}

  /** Calls, tokens and cost of one model. */
  static final class Totals {
    long calls;
    Usage usage = Usage.ZERO;
    BigDecimal cost = BigDecimal.ZERO;
  }

  CostReplay(PriceCatalog prices) {
    this.prices = prices;
  }

  @Override
  public String id() {
    return "replay";
  }

  /** Starts replaying {@code session}; {@code label} names it in problems. */
  synchronized void begin(String label, Session session) {
    this.label = label;
    this.session = session;
    this.served = 0;
    this.pending.clear();
  }

  /** Ends the attempt; a problem when the agent did not use up the recording. */
  synchronized void end() {
    if (session != null && (served != session.turns().size() || !pending.isEmpty())) {
      problem(
          "the agent ended after "
              + served
              + " of "
              + session.turns().size()
              + " recorded turns"
              + (pending.isEmpty() ? "" : ", with " + pending.size() + " recorded calls not made"));
    }
    session = null;
  }

  /** Every problem so far: where the agent did not do what the recording says. */
  synchronized List<String> problems() {
    return List.copyOf(problems);
  }

  /** What every call so far cost, in US dollars. */
  synchronized BigDecimal spent() {
    return spent;
  }

  /** The input tokens of the largest request. */
  synchronized long largestRequest() {
    return largestRequest;
  }

  /** The mean input tokens of an attempt's first request: the stable prefix and nothing else. */
  synchronized long meanFirstRequest() {
    return firstRequests == 0 ? 0 : firstRequestTokens / firstRequests;
  }

  /** The first request's tokens: tools, system prompt, first message. */
  synchronized long[] prefix() {
    return firstPrefix == null ? new long[3] : firstPrefix.clone();
  }

  /** What each model cost, by model. */
  synchronized Map<String, Totals> totals() {
    return totals;
  }

  @Override
  public synchronized ModelResponse complete(ModelRequest request) {
    if (session == null) {
      throw problem("a request came with no attempt being replayed");
    }
    int turn = 0;
    for (Message m : request.messages()) {
      if (m.role() == Role.ASSISTANT) {
        turn++;
      }
    }
    if (turn >= session.turns().size()) {
      throw problem("the agent asked for turn " + (turn + 1) + " but the recording has " + session.turns().size());
    }
    if (turn != served) {
      throw problem("the agent asked for turn " + (turn + 1) + " after turn " + served);
    }
    if (!pending.isEmpty()) {
      throw problem("turn " + turn + " left " + pending.size() + " recorded calls not made");
    }
    Turn recorded = session.turns().get(turn);
    if (!recorded.model().equals(request.model())) {
      throw problem(
          "turn " + (turn + 1) + " was routed to " + request.model() + " but the recording has " + recorded.model());
    }
    Usage usage = bill(request, recorded.outputTokens());
    Totals t = totals.computeIfAbsent(request.model(), m -> new Totals());
    t.calls++;
    t.usage = t.usage.plus(usage);
    BigDecimal cost = prices.require(request.model()).cost(usage).costUsd();
    t.cost = t.cost.add(cost);
    spent = spent.add(cost);
    largestRequest = Math.max(largestRequest, usage.totalInputTokens());
    if (turn == 0) {
      firstRequests++;
      firstRequestTokens += usage.totalInputTokens();
      if (firstPrefix == null) {
        long tools = 0;
        for (ToolSpec s : request.tools()) {
          tools += s.name().length() + s.description().length() + s.inputSchemaJson().length();
        }
        firstPrefix =
            new long[] {tokens(tools), tokens(request.system().length()), tokens(request.messages().get(0).text().length())};
      }
    }

    List<ContentBlock> blocks = new ArrayList<>();
    blocks.add(new ContentBlock.Text(recorded.text()));
    for (Call c : recorded.calls()) {
      blocks.add(new ContentBlock.ToolCall(c.id(), c.tool(), c.arguments().toString()));
      if (!LOOP_TOOLS.contains(c.tool())) {
        pending.add(c);
      }
    }
    served = turn + 1;
    return new ModelResponse(
        "replay-" + served,
        request.model(),
        new Message(Role.ASSISTANT, blocks),
        recorded.calls().isEmpty() ? StopReason.END_TURN : StopReason.TOOL_USE,
        usage);
  }

  /** The usage Anthropic would report for {@code request}; remembers it for the next one. */
  Usage bill(ModelRequest request, long outputTokens) {
    List<Block> blocks = blocks(request);
    long chars = 0;
    for (Block b : blocks) {
      chars += b.chars();
    }
    long input = tokens(chars);
    boolean caching = !"off".equalsIgnoreCase(request.metadata().get(ModelHints.PROMPT_CACHING));
    if (!caching || input < MINIMUM_CACHEABLE.getOrDefault(request.model(), 1_024L)) {
      return new Usage(input, outputTokens, 0, 0, 0);
    }
    String key = request.model() + "\n" + request.metadata().getOrDefault(ModelHints.PROMPT_CACHE_KEY, "");
    List<Block> previous = cached.put(key, blocks);
    long shared = 0;
    if (previous != null) {
      for (int i = 0; i < Math.min(previous.size(), blocks.size()); i++) {
        if (!previous.get(i).key().equals(blocks.get(i).key())) {
          break;
        }
        shared += blocks.get(i).chars();
      }
    }
    long read = Math.min(input, shared / 4);
    return new Usage(0, outputTokens, read, input - read, 0);
  }

  static long tokens(long chars) {
    return (chars + 3) / 4;
  }

  /** The request's content, block by block, in the order Anthropic's API takes it. */
  private static List<Block> blocks(ModelRequest request) {
    List<Block> blocks = new ArrayList<>();
    for (ToolSpec t : request.tools()) {
      blocks.add(new Block("tool\0" + t.name() + "\0" + t.description() + "\0" + t.inputSchemaJson(),
          t.name().length() + t.description().length() + t.inputSchemaJson().length()));
    }
    blocks.add(new Block("system\0" + request.system(), request.system().length()));
    for (Message m : request.messages()) {
      String role = m.role().name() + "\0";
      for (ContentBlock b : m.content()) {
        if (b instanceof ContentBlock.Text t) {
          blocks.add(new Block(role + "text\0" + t.text(), t.text().length()));
        } else if (b instanceof ContentBlock.ToolCall c) {
          blocks.add(new Block(role + "call\0" + c.id() + "\0" + c.name() + "\0" + c.argumentsJson(),
              c.name().length() + c.argumentsJson().length()));
        } else if (b instanceof ContentBlock.ToolResult r) {
          blocks.add(new Block(role + "result\0" + r.toolCallId() + "\0" + r.error() + "\0" + r.content(), r.content().length()));
        } else if (b instanceof ContentBlock.Thinking th) {
          blocks.add(new Block(role + "thinking\0" + th.text(), th.text().length()));
        }
      }
    }
    return blocks;
  }

  /** The agent's default tools, each replaced by one with the same spec that replays its calls. */
  List<Tool> tools(List<Tool> defaults) {
    List<Tool> tools = new ArrayList<>();
    for (Tool d : defaults) {
      ToolSpec spec = d.spec();
      tools.add(
          new Tool() {
            @Override
            public ToolSpec spec() {
              return spec;
            }

            @Override
            public ToolOutput call(JsonNode arguments, ToolContext context) {
              return replayCall(spec.name(), arguments);
            }
          });
    }
    return tools;
  }

  private synchronized ToolOutput replayCall(String tool, JsonNode arguments) {
    Call next = pending.poll();
    if (next == null) {
      throw problem("the agent called " + tool + " but turn " + served + " recorded no more calls");
    }
    if (!next.tool().equals(tool) || !next.arguments().equals(arguments)) {
      throw problem(
          "turn " + served + ": the agent called " + tool + " " + arguments + " but the recording has "
              + next.tool() + " " + next.arguments());
    }
    return new ToolOutput(next.output(), next.error());
  }

  private IllegalStateException problem(String what) {
    String message = label + ": " + what;
    problems.add(message);
    return new IllegalStateException(message);
  }
}
