package dev.darkfactory.core.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkfactory.api.agent.Agent;
import dev.darkfactory.api.agent.AgentContext;
import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.agent.Assignment;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ToolSpec;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.core.agent.tool.DefaultTools;
import dev.darkfactory.core.cost.PriceCatalog;
import dev.darkfactory.core.agent.tool.OutputTruncation;
import dev.darkfactory.core.agent.tool.Tool;
import dev.darkfactory.core.model.ModelHints;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The default coding agent: a loop that asks a model what to do, runs the tools it calls inside
 * the attempt's sandbox and workspace, sends the results back, and repeats until the model calls
 * {@code finish} or {@code give_up}, or a limit, a loop, a leak or the host stops it.
 *
 * <pre>{@code
 * Agent agent = ToolLoopAgent.builder()
 *     .provider(ModelProviders.builder().build().get("anthropic"))
 *     .model("claude-sonnet-4-5")
 *     .limits(AgentLimits.defaults().withMaxTurns(60))
 *     .hook(new NoNetworkHook())
 *     .transcripts(TranscriptSink.directory(Path.of("transcripts")))
 *     .build();
 * }</pre>
 *
 * <h2>The request</h2>
 *
 * <p>Every request has the same prefix: the system prompt (identity, how to work, how to use the
 * tools; replaceable with {@link Builder#systemPrompt}), the same tools, and one first user
 * message built once per attempt: the environment (platform, workspace root, working directory,
 * the work branch and base commit, the date on the attempt's clock, the model, the attempt), the
 * AGENTS.md files from the workspace root down to the working directory (shallowest first, each
 * and all together capped, with a visible marker where text was cut), the spec's summary, Goal,
 * Constraints, Interfaces and Non-goals, the visible scenarios with their checks, and the feedback
 * of earlier attempts with the notes they left. Later turns only append messages, so a provider's
 * prompt cache hits on every turn. Every request goes through {@link AgentContext#guard}, so the
 * holdout leak guard sees it before it leaves the process.
 *
 * <h2>Tools</h2>
 *
 * <p>The tools are the defaults ({@link DefaultTools}: read_file, write_file, edit_file,
 * list_files, search_files, run_command, each confined to the workspace and running commands in the
 * sandbox; replaceable with {@link Builder#defaultTools(DefaultTools)}), then custom tools from
 * {@link Builder#tool}; a custom tool with a default's name replaces it in place. The loop adds
 * three of its own: {@code finish(summary)} ends the attempt as {@link AgentOutcome.Finished},
 * {@code give_up(reason)} as {@link AgentOutcome.GaveUp}, and {@code note(text)} leaves a note for
 * later attempts through {@link AgentContext#remember}. Every call of one response runs in order,
 * and all the results go back together in one user message, in the order of the calls. A call whose
 * arguments are not a JSON object, that names no tool, whose arguments fail the tool's input
 * schema, that a {@link ToolHook} denies, or whose tool throws ({@code ToolException} or any
 * runtime exception) gets an error result the model can react to. The model is sent each output
 * truncated by {@link OutputTruncation} (characters first, then lines, with a marker saying how
 * much was removed); the full output goes to the {@link AgentEvent.ToolCalled} event, the
 * transcript and the JSON-lines file.
 *
 * <p>When {@code finish} or {@code give_up} is called with other tools in the same response, the
 * other calls still run; the first of the two ends the attempt after the round. {@code finish} is
 * refused (an error result) while a message from the host waits, so the model reads it first. A
 * response with no tool call is answered once with a reminder to call {@code finish} or go on; a
 * second one in a row ends the attempt as {@link AgentOutcome.Finished} with the text as the
 * summary. A refusal (stop reason {@code REFUSAL}) without tool calls ends it as {@link
 * AgentOutcome.Failed}.
 *
 * <h2>Models and the prompt cache</h2>
 *
 * <p>Before every call a {@link ModelRouter} picks the model ({@link Builder#router}; {@link
 * Builder#model} is a {@linkplain ModelRouter#fixed fixed} router). It sees a {@link
 * RoutingContext}: the attempt and the feedback of earlier ones, the turn, the current model, the
 * last round's calls and whether it {@linkplain RoutingContext.Step explored or edited}, loop
 * warnings and failed rounds. The choice for the first turn, and every later change, is an {@link
 * AgentEvent.ModelRouted} event with the router's reason. The environment in the first message
 * names the first turn's model and stays as it is after a switch, so the prefix stays stable.
 *
 * <p>Every request carries {@link ModelHints#PROMPT_CACHE_KEY} {@code
 * darkfactory/<spec>/<attempt>}: the same for every turn of the attempt and for every model. The
 * key only groups requests for the vendor's cache routing (OpenAI); a cache entry is still per
 * model and per exact prefix, so one key across models neither shares nor spoils anything, and
 * splitting it per model would only spread the attempt's traffic. Anthropic ignores the key and
 * caches by breakpoints that the provider moves with the end of the history.
 *
 * <p>After every answer the loop compares the turn's cache reads with what the stable prefix
 * should give (the previous request's input, on the same model); it warns listeners once per
 * attempt with {@link AgentEvent.CacheHitLow} when the recent turns read much less ({@link
 * PromptCacheCheck}; not when {@link ModelHints#PROMPT_CACHING} is {@code off}), and reports the
 * attempt's hit rate and the expected one in {@link AgentEvent.CacheReport} just before {@link
 * AgentEvent.Ended}.
 *
 * <h2>Endings</h2>
 *
 * <ul>
 *   <li>{@link AgentLimits}: turns, tool rounds, wall clock and tokens, as {@link
 *       AgentOutcome.LimitReached}. Before every call the agent reserves from {@link
 *       AgentContext#budget()} the estimated input tokens (a quarter of the request's characters)
 *       plus {@link Builder#maxOutputTokens}, priced with {@link Builder#prices} for the model of the turn (the input bounded by its UTF-8 bytes, see {@link dev.darkfactory.core.cost.BudgetInterceptor}); a refusal ends
 *       the attempt as {@code LimitReached(TOKENS)} or {@code LimitReached(COST)}, whichever part
 *       did not fit. After the call the reservation is settled with the real usage.
 *   <li>{@link LoopDetection}: a repeated pattern of calls is warned about once, then ends the
 *       attempt as {@code Aborted(LOOP_DETECTED)}; many rounds without a change to the workspace
 *       end it as {@code Aborted(NO_PROGRESS)}.
 *   <li>{@link AgentSteering#cancel()} or {@link AgentContext#stopRequested()}: {@code
 *       Aborted(CANCELLED)}; a cancel interrupts a running model call or command.
 *   <li>A {@link dev.darkfactory.api.agent.HoldoutLeakException} from the guard: {@code
 *       Aborted(HOLDOUT_LEAK)} with the exception's message.
 *   <li>A {@link dev.darkfactory.api.model.ModelException} (after the provider's own retries) or
 *       another failure of the model call: {@link AgentOutcome.Failed}.
 *   <li>An interrupt that is not a cancel is passed on as {@link InterruptedException}.
 * </ul>
 *
 * <p>Every outcome carries the usage of every call, summed, and the {@link
 * dev.darkfactory.api.agent.Transcript}: every message with tool outputs in full, and the models
 * that answered.
 *
 * <p>Immutable and thread-safe: one agent may run several attempts at once, each on its own thread
 * with its own state; listeners, hooks and the steering handle are shared.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ToolLoopAgent implements Agent {

  /** The name of the loop's tool that ends the attempt as finished. */
  public static final String FINISH = "finish";

  /** The name of the loop's tool that ends the attempt as given up. */
  public static final String GIVE_UP = "give_up";

  /** The name of the loop's tool that leaves a note for later attempts. */
  public static final String NOTE = "note";

  static final ToolSpec FINISH_SPEC =
      new ToolSpec(
          FINISH,
          "Ends the attempt: call it when the spec is implemented and checked. Give a short summary"
              + " of what you changed and how you checked it.",
          """
          {"type": "object",
           "properties": {"summary": {"type": "string", "description": "What you changed and how you checked it"}},
           "required": ["summary"],
           "additionalProperties": false}""");

  static final ToolSpec GIVE_UP_SPEC =
      new ToolSpec(
          GIVE_UP,
          "Ends the attempt without a result: call it only when the spec cannot be implemented, for"
              + " example because it contradicts itself or the repository. Say why.",
          """
          {"type": "object",
           "properties": {"reason": {"type": "string", "pattern": "\\\\S", "description": "Why the spec cannot be implemented"}},
           "required": ["reason"],
           "additionalProperties": false}""");

  static final ToolSpec NOTE_SPEC =
      new ToolSpec(
          NOTE,
          "Leaves a note for later attempts at the same spec, should this one be sent back: what"
              + " you tried, what failed, what you learned. Keep it short; call it as often as"
              + " useful.",
          """
          {"type": "object",
           "properties": {"text": {"type": "string", "pattern": "\\\\S", "description": "The note"}},
           "required": ["text"],
           "additionalProperties": false}""");

  private static final Set<String> LOOP_TOOLS = Set.of(FINISH, GIVE_UP, NOTE);
  private static final ObjectMapper JSON = new ObjectMapper();

  final String name;
  final ModelProvider provider;
  final String model;
  final ModelRouter router;
  final Set<String> exploringTools;
  final PromptCacheCheck cacheCheck;
  /** Every tool the model is offered but the loop's own, by name, in offering order. */
  final Map<String, Tool> tools;
  /** Every tool spec offered, the loop's own last. */
  final List<ToolSpec> toolSpecs;
  /** The parsed input schema of every offered tool, the loop's own included. */
  final Map<String, JsonNode> schemas;
  final AgentLimits limits;
  final OutputTruncation truncation;
  final LoopDetection loopDetection;
  final List<ToolHook> hooks;
  final List<AgentListener> listeners;
  final @Nullable TranscriptSink transcripts;
  final int maxOutputTokens;
  final @Nullable Double temperature;
  final Map<String, String> metadata;
  final String systemPrompt;
  final AgentSteering steering;
  final PriceCatalog prices;
  final String workingDirectory;
  final int maxAgentsFileChars;
  final int maxAgentsTotalChars;

  private ToolLoopAgent(Builder b) {
    this.name = b.name;
    this.provider = Require.nonNull(b.provider, "provider");
    this.router = Require.nonNull(b.router, "model or router");
    this.model =
        b.model != null
            ? b.model
            : router.models().isEmpty() ? router.toString() : String.join(", ", router.models());
    this.exploringTools = Set.copyOf(b.exploringTools);
    this.cacheCheck = b.cacheCheck;
    Map<String, Tool> all = new LinkedHashMap<>();
    for (Tool t : b.defaults) {
      all.put(t.name(), t);
    }
    for (Tool t : b.custom) {
      all.put(t.name(), t); // replaces a default of the same name in place
    }
    this.tools = java.util.Collections.unmodifiableMap(all);
    List<ToolSpec> specs = new ArrayList<>();
    Map<String, JsonNode> parsed = new LinkedHashMap<>();
    for (Tool t : all.values()) {
      ToolSpec spec = Require.nonNull(t.spec(), "spec of tool " + t.name());
      if (!spec.name().equals(t.name())) {
        throw new IllegalArgumentException(
            "tool " + t.name() + " has a spec named " + spec.name() + "; name() must match it");
      }
      specs.add(spec);
      parsed.put(spec.name(), parseSchema(spec));
    }
    for (ToolSpec spec : List.of(FINISH_SPEC, GIVE_UP_SPEC, NOTE_SPEC)) {
      specs.add(spec);
      parsed.put(spec.name(), parseSchema(spec));
    }
    this.toolSpecs = List.copyOf(specs);
    this.schemas = java.util.Collections.unmodifiableMap(parsed);
    this.limits = b.limits;
    this.truncation = OutputTruncation.of(b.maxOutputChars, b.maxOutputLines);
    this.loopDetection = b.loopDetection;
    this.hooks = List.copyOf(b.hooks);
    this.listeners = List.copyOf(b.listeners);
    this.transcripts = b.transcripts;
    this.maxOutputTokens = b.maxOutputTokens;
    this.temperature = b.temperature;
    this.metadata = Map.copyOf(b.metadata);
    this.systemPrompt = b.systemPrompt;
    this.steering = b.steering;
    this.prices = b.prices;
    this.workingDirectory = b.workingDirectory;
    this.maxAgentsFileChars = b.maxAgentsFileChars;
    this.maxAgentsTotalChars = b.maxAgentsTotalChars;
  }

  private static JsonNode parseSchema(ToolSpec spec) {
    try {
      JsonNode node = JSON.readTree(spec.inputSchemaJson());
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException(
            "the input schema of tool " + spec.name() + " is not a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the input schema of tool " + spec.name() + " is not valid JSON: " + e.getOriginalMessage(),
          e);
    }
  }

  /**
   * A builder; {@link Builder#provider} and {@link Builder#model} (or {@link Builder#router}) are
   * required.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * The model the agent asks: the one set with {@link Builder#model}; with a {@link
   * Builder#router}, the router's {@linkplain ModelRouter#models() models} joined by {@code ", "}.
   * Each turn's model is in its request ({@link AgentEvent.TurnStarted}) and the routing decisions
   * in {@link AgentEvent.ModelRouted}.
   *
   * @return the model name, or names
   */
  public String model() {
    return model;
  }

  /**
   * The router that picks each turn's model; {@link ModelRouter#fixed} for {@link Builder#model}.
   *
   * @return the router
   */
  public ModelRouter router() {
    return router;
  }

  /**
   * The tools the model is offered, the loop's own ({@code finish}, {@code give_up}, {@code
   * note}) last.
   *
   * @return the specs, in the order sent
   */
  public List<ToolSpec> toolSpecs() {
    return toolSpecs;
  }

  /**
   * The steering handle every attempt of this agent listens to.
   *
   * @return the handle
   */
  public AgentSteering steering() {
    return steering;
  }

  /**
   * Runs the loop for one attempt; see the class description for how it ends.
   *
   * @throws InterruptedException when the thread is interrupted other than by {@link
   *     AgentSteering#cancel()}
   */
  @Override
  public AgentOutcome implement(Assignment assignment, AgentContext context)
      throws InterruptedException {
    Require.nonNull(assignment, "assignment");
    Require.nonNull(context, "context");
    return new LoopRun(this, assignment, context).run();
  }

  /** The agent's name and model. */
  @Override
  public String toString() {
    return "ToolLoopAgent[name=" + name + ", model=" + model + ", tools=" + tools.keySet() + "]";
  }

  /**
   * Builds a {@link ToolLoopAgent}. Each method checks its arguments at once; {@link #build()}
   * checks that a provider and a model were set.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private String name = "tool-loop";
    private @Nullable ModelProvider provider;
    private @Nullable String model;
    private @Nullable ModelRouter router;
    private Set<String> exploringTools = Set.of("read_file", "list_files", "search_files");
    private PromptCacheCheck cacheCheck = PromptCacheCheck.defaults();
    private List<Tool> defaults = DefaultTools.standard().all();
    private final List<Tool> custom = new ArrayList<>();
    private AgentLimits limits = AgentLimits.defaults();
    private int maxOutputChars = 30_000;
    private int maxOutputLines = 1_000;
    private LoopDetection loopDetection = LoopDetection.defaults();
    private final List<ToolHook> hooks = new ArrayList<>();
    private final List<AgentListener> listeners = new ArrayList<>();
    private @Nullable TranscriptSink transcripts;
    private int maxOutputTokens = 16_384;
    private @Nullable Double temperature;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private String systemPrompt = Prompt.SYSTEM;
    private AgentSteering steering = new AgentSteering();
    private PriceCatalog prices = PriceCatalog.bundled();
    private String workingDirectory = ".";
    private int maxAgentsFileChars = 16_000;
    private int maxAgentsTotalChars = 32_000;

    private Builder() {}

    /**
     * Sets the agent's name for commit trailers, events and reports; default {@code "tool-loop"}.
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Require.nonBlank(name, "name");
      return this;
    }

    /**
     * Sets the model provider (required). Pass one with retries (a {@code ModelPipeline} with a
     * {@code RetryInterceptor}) if failures should be retried: the loop does not retry.
     *
     * @param provider the provider
     * @return this builder
     */
    public Builder provider(ModelProvider provider) {
      this.provider = Require.nonNull(provider, "provider");
      return this;
    }

    /**
     * Asks one model on every turn: {@code router(ModelRouter.fixed(model))}. This or {@link
     * #router} is required; the later call wins.
     *
     * @param model the provider's model name
     * @return this builder
     */
    public Builder model(String model) {
      this.model = Require.nonBlank(model, "model");
      this.router = ModelRouter.fixed(model);
      return this;
    }

    /**
     * Sets the router that picks the model of each turn, such as an {@link EscalatingRouter}.
     * This or {@link #model} is required; the later call wins.
     *
     * @param router the router
     * @return this builder
     */
    public Builder router(ModelRouter router) {
      this.router = Require.nonNull(router, "router");
      this.model = null;
      return this;
    }

    /**
     * Sets the tools whose rounds count as {@linkplain RoutingContext.Step#EXPLORING exploring}
     * for the router; any other tool but the loop's {@code note} makes a round {@linkplain
     * RoutingContext.Step#EDITING editing}. Default {@code read_file}, {@code list_files} and
     * {@code search_files}; add read-only custom tools here.
     *
     * @param names the tool names
     * @return this builder
     */
    public Builder exploringTools(Set<String> names) {
      Set<String> copy = Set.copyOf(Require.copyOf(names, "names"));
      for (String n : copy) {
        Require.nonBlank(n, "exploring tool name");
      }
      this.exploringTools = copy;
      return this;
    }

    /**
     * Sets when a low prompt-cache hit rate is warned about ({@link AgentEvent.CacheHitLow});
     * default {@link PromptCacheCheck#defaults()}.
     *
     * @param check the settings
     * @return this builder
     */
    public Builder promptCacheCheck(PromptCacheCheck check) {
      this.cacheCheck = Require.nonNull(check, "check");
      return this;
    }

    /**
     * Sets the default tools from their options; default {@link DefaultTools#standard()}.
     *
     * @param tools the configured default tools
     * @return this builder
     */
    public Builder defaultTools(DefaultTools tools) {
      return defaultTools(Require.nonNull(tools, "tools").all());
    }

    /**
     * Sets the default tools, offered first in this order; default {@link
     * DefaultTools#standard()}: read_file, write_file, edit_file, list_files, search_files,
     * run_command. An empty list offers only custom tools and the loop's own.
     *
     * @param tools the tools
     * @return this builder
     */
    public Builder defaultTools(List<? extends Tool> tools) {
      List<Tool> copy = List.copyOf(Require.copyOf(tools, "tools"));
      checkNames(copy);
      this.defaults = copy;
      return this;
    }

    /**
     * Adds a custom tool; one with a default tool's name replaces it.
     *
     * @param tool the tool
     * @return this builder
     * @throws IllegalArgumentException when the name is one of the loop's own tools or a custom
     *     tool of that name was added already
     */
    public Builder tool(Tool tool) {
      Require.nonNull(tool, "tool");
      checkNames(List.of(tool));
      for (Tool t : custom) {
        if (t.name().equals(tool.name())) {
          throw new IllegalArgumentException("a custom tool named " + tool.name() + " was added already");
        }
      }
      custom.add(tool);
      return this;
    }

    private static void checkNames(List<Tool> tools) {
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (Tool t : tools) {
        String n = t.name();
        if (LOOP_TOOLS.contains(n)) {
          throw new IllegalArgumentException(
              "the tool name " + n + " belongs to the loop (" + LOOP_TOOLS + ") and cannot be replaced");
        }
        if (!seen.add(n)) {
          throw new IllegalArgumentException("two tools are named " + n);
        }
      }
    }

    /**
     * Sets the limits; default {@link AgentLimits#defaults()}.
     *
     * @param limits the limits
     * @return this builder
     */
    public Builder limits(AgentLimits limits) {
      this.limits = Require.nonNull(limits, "limits");
      return this;
    }

    /**
     * Sets how much of each tool output the model is sent: at most {@code maxChars} characters,
     * then at most {@code maxLines} lines; default 30,000 and 1,000.
     *
     * @param maxChars the most characters, at least 2
     * @param maxLines the most lines, at least 2
     * @return this builder
     */
    public Builder outputLimits(int maxChars, int maxLines) {
      this.maxOutputChars = Require.atLeast(maxChars, 2, "maxChars");
      this.maxOutputLines = Require.atLeast(maxLines, 2, "maxLines");
      return this;
    }

    /**
     * Sets loop and no-progress detection; default {@link LoopDetection#defaults()}.
     *
     * @param detection the settings
     * @return this builder
     */
    public Builder loopDetection(LoopDetection detection) {
      this.loopDetection = Require.nonNull(detection, "detection");
      return this;
    }

    /**
     * Adds a hook around every tool call; hooks run in the order added.
     *
     * @param hook the hook
     * @return this builder
     */
    public Builder hook(ToolHook hook) {
      hooks.add(Require.nonNull(hook, "hook"));
      return this;
    }

    /**
     * Adds a listener for the events of every attempt.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(AgentListener listener) {
      listeners.add(Require.nonNull(listener, "listener"));
      return this;
    }

    /**
     * Writes each attempt's JSON-lines transcript where the sink says; default none.
     *
     * @param sink the sink
     * @return this builder
     */
    public Builder transcripts(TranscriptSink sink) {
      this.transcripts = Require.nonNull(sink, "sink");
      return this;
    }

    /**
     * Sets the most output tokens of one model call; default 16,384.
     *
     * @param tokens at least 1
     * @return this builder
     */
    public Builder maxOutputTokens(int tokens) {
      this.maxOutputTokens = Require.atLeast(tokens, 1, "maxOutputTokens");
      return this;
    }

    /**
     * Sets the sampling temperature; default the provider's.
     *
     * @param temperature from 0 to 2
     * @return this builder
     */
    public Builder temperature(double temperature) {
      this.temperature = Require.between(temperature, 0.0, 2.0, "temperature");
      return this;
    }

    /**
     * Adds a provider hint to every request, such as a reasoning effort ({@code ModelHints}).
     *
     * @param key the hint's name
     * @param value its value
     * @return this builder
     */
    public Builder metadata(String key, String value) {
      metadata.put(Require.nonBlank(key, "key"), Require.nonNull(value, "value"));
      return this;
    }

    /**
     * Replaces the system prompt.
     *
     * @param prompt the whole system prompt
     * @return this builder
     */
    public Builder systemPrompt(String prompt) {
      this.systemPrompt = Require.nonBlank(prompt, "prompt");
      return this;
    }

    /**
     * Sets the handle the host steers and cancels attempts with; default a fresh one, available
     * from {@link ToolLoopAgent#steering()}.
     *
     * @param steering the handle
     * @return this builder
     */
    public Builder steering(AgentSteering steering) {
      this.steering = Require.nonNull(steering, "steering");
      return this;
    }

    /**
     * Sets the prices budget reservations are made at, per model the router picks; default
     * {@link PriceCatalog#bundled()}. A model the catalog does not price is reserved in tokens
     * only, and refused when the budget limits money.
     *
     * @param prices the catalog
     * @return this builder
     */
    public Builder prices(PriceCatalog prices) {
      this.prices = Require.nonNull(prices, "prices");
      return this;
    }

    /**
     * Sets the working directory the environment names and down to which AGENTS.md files are
     * collected; default {@code "."}, the workspace root.
     *
     * @param directory a path relative to the workspace root
     * @return this builder
     */
    public Builder workingDirectory(String directory) {
      Require.nonBlank(directory, "directory");
      if (!directory.equals(".")) {
        Spec.checkRelativePath(directory, "working directory");
      }
      this.workingDirectory = directory;
      return this;
    }

    /**
     * Sets how much AGENTS.md text the first message holds: per file and in all; default 16,000
     * and 32,000 characters.
     *
     * @param perFile the most characters of one file, at least 1
     * @param total the most characters of all files, at least {@code perFile}
     * @return this builder
     */
    public Builder agentsFileLimits(int perFile, int total) {
      this.maxAgentsFileChars = Require.atLeast(perFile, 1, "perFile");
      this.maxAgentsTotalChars = Require.atLeast(total, perFile, "total");
      return this;
    }

    /**
     * The agent.
     *
     * @return the agent
     * @throws NullPointerException when no provider, or neither a model nor a router, was set
     * @throws IllegalArgumentException when a tool's spec is broken
     */
    public ToolLoopAgent build() {
      return new ToolLoopAgent(this);
    }
  }
}
