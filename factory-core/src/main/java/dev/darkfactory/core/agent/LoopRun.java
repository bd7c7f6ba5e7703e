package dev.darkfactory.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.api.agent.AgentContext;
import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.agent.Assignment;
import dev.darkfactory.api.agent.HoldoutLeakException;
import dev.darkfactory.api.agent.Transcript;
import dev.darkfactory.api.budget.Budget;
import dev.darkfactory.api.budget.Charge;
import dev.darkfactory.api.budget.Reservation;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.Role;
import dev.darkfactory.api.model.StopReason;
import dev.darkfactory.api.model.ToolSpec;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.core.agent.tool.OutputTruncation;
import dev.darkfactory.core.agent.tool.Tool;
import dev.darkfactory.core.agent.tool.ToolContext;
import dev.darkfactory.core.agent.tool.ToolException;
import dev.darkfactory.core.agent.tool.ToolOutput;
import dev.darkfactory.core.cost.BudgetExhaustedException;
import dev.darkfactory.core.cost.BudgetInterceptor;
import dev.darkfactory.core.cost.BudgetRefusal;
import dev.darkfactory.core.model.JsonSchemaCheck;
import dev.darkfactory.core.model.ModelInterceptor;
import dev.darkfactory.core.model.ModelHints;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One attempt of a {@link ToolLoopAgent}: the conversation, the counters and the checks. */
final class LoopRun {

  private static final Logger LOG = LoggerFactory.getLogger(LoopRun.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String NO_TOOL_CALL_REMINDER =
      "You answered without calling a tool. If the spec is implemented and checked, call finish"
          + " with a summary; if it cannot be implemented, call give_up with the reason; otherwise"
          + " go on working with the tools.";

  private final ToolLoopAgent agent;
  private final Assignment assignment;
  private final AgentContext context;
  private final ToolContext toolContext;
  private final AgentSteering steering;
  private final List<AgentListener> listeners = new ArrayList<>();

  /** What the model is sent: tool results truncated. */
  private final List<Message> sent = new ArrayList<>();

  /** The transcript: tool results in full. */
  private final List<Message> full = new ArrayList<>();

  private final Set<String> models = new LinkedHashSet<>();
  private Usage usage = Usage.ZERO;
  private Charge cost = Charge.ZERO;
  private int turn;
  private int rounds;
  /** Set by finish or give_up during a round; ends the attempt after it. */
  private @Nullable Pending ending;

  /** The model of the latest turn, and for how many turns in a row. */
  private @Nullable String currentModel;
  private int turnsOnModel;
  /** What the router is told about the rounds so far. */
  private List<RoutingContext.Call> lastRound = List.of();
  private int loopWarnings;
  private boolean loopWarnedLastRound;
  private int failedStreak;
  private int longestFailedStreak;
  private final PromptCacheTracker cache;

  /** How a round's finish or give_up asked to end. */
  private record Pending(boolean finished, String text) {}

  LoopRun(ToolLoopAgent agent, Assignment assignment, AgentContext context) {
    this.agent = agent;
    this.assignment = assignment;
    this.context = context;
    this.toolContext = ToolContext.of(context);
    this.steering = agent.steering;
    this.listeners.addAll(agent.listeners);
    this.cache =
        new PromptCacheTracker(
            agent.cacheCheck, !"off".equals(agent.metadata.get(ModelHints.PROMPT_CACHING)));
  }

  AgentOutcome run() throws InterruptedException {
    Thread thread = Thread.currentThread();
    steering.attach(thread);
    TranscriptWriter writer = openTranscript();
    try {
      AgentOutcome outcome = loop();
      emit(
          new AgentEvent.CacheReport(
              now(), turn, usage, usage.cacheHitRate(), cache.expectedHitRate()));
      emit(new AgentEvent.Ended(now(), turn, outcome));
      return outcome;
    } finally {
      steering.detach(thread);
      if (writer != null) {
        try {
          writer.close();
        } catch (RuntimeException e) {
          LOG.warn("cannot close the agent transcript", e);
        }
      }
    }
  }

  private @Nullable TranscriptWriter openTranscript() {
    if (agent.transcripts == null) {
      return null;
    }
    try {
      TranscriptWriter writer = agent.transcripts.open(assignment);
      listeners.add(writer);
      return writer;
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "cannot open the transcript of spec {} attempt {}; running without it",
          assignment.spec().id(),
          assignment.attempt(),
          e);
      return null;
    }
  }

  private AgentOutcome loop() throws InterruptedException {
    Instant start = now();
    ModelRouter.Route first;
    try {
      first = route();
    } catch (Ending e) {
      emit(new AgentEvent.Started(start, 0, assignment.spec().id(), assignment.attempt(), agent.model));
      return e.outcome;
    }
    emit(
        new AgentEvent.Started(
            start, 0, assignment.spec().id(), assignment.attempt(), first.model()));
    ModelProvider provider = context.guard(agent.provider);
    Prompt prompt =
        Prompt.build(
            assignment,
            context,
            new Prompt.Settings(
                agent.systemPrompt,
                first.model(),
                agent.workingDirectory,
                agent.maxAgentsFileChars,
                agent.maxAgentsTotalChars));
    append(Message.user(prompt.firstMessage()));
    LoopDetector loops = new LoopDetector(agent.loopDetection);
    WorkspaceFingerprint fingerprint =
        agent.loopDetection.noProgressRounds() > 0
            ? new WorkspaceFingerprint(context.workspace().root())
            : null;
    String lastFingerprint = fingerprint == null ? null : take(fingerprint);
    int unchangedRounds = 0;
    boolean reminded = false;

    while (true) {
      AgentOutcome stop = checkBeforeCall(start);
      if (stop != null) {
        return stop;
      }
      ModelRouter.Route route;
      try {
        route = turn == 0 ? first : route();
      } catch (Ending e) {
        return e.outcome;
      }
      turn++;
      if (!route.model().equals(currentModel)) {
        emit(new AgentEvent.ModelRouted(now(), turn, currentModel, route.model(), route.reason()));
        currentModel = route.model();
        turnsOnModel = 0;
      }
      turnsOnModel++;
      ModelRequest request = request(prompt.system(), route.model());
      emit(new AgentEvent.TurnStarted(now(), turn, request));
      ModelResponse response;
      try {
        response = call(provider, request);
      } catch (Ending e) {
        return e.outcome;
      }
      usage = usage.plus(response.usage());
      models.add(response.model());
      append(response.message());
      Charge callCost =
          agent.prices
              .price(response.model())
              .map(p -> p.cost(response.usage()))
              .orElseGet(() -> Charge.tokens(response.usage().totalTokens()));
      cost = cost.plus(callCost);
      emit(new AgentEvent.ModelResponded(now(), turn, response, usage, callCost, cost));
      PromptCacheTracker.Low low = cache.add(turn, request.model(), response.usage());
      if (low != null) {
        emit(new AgentEvent.CacheHitLow(now(), turn, low.actual(), low.expected()));
      }

      List<ContentBlock.ToolCall> calls = response.toolCalls();
      if (calls.isEmpty()) {
        lastRound = List.of();
        loopWarnedLastRound = false;
        if (response.stopReason() == StopReason.REFUSAL) {
          return failed("the model refused: " + orNone(response.message().text()));
        }
        List<String> messages = steering.drain();
        if (!messages.isEmpty()) {
          List<ContentBlock> blocks = new ArrayList<>();
          for (String m : messages) {
            blocks.add(new ContentBlock.Text(steeringText(m)));
            emit(new AgentEvent.SteeringDelivered(now(), turn, m));
          }
          append(new Message(Role.USER, blocks));
          reminded = false;
          continue;
        }
        if (!reminded) {
          reminded = true;
          emit(
              new AgentEvent.WarningInjected(
                  now(), turn, AgentEvent.Warning.NO_TOOL_CALL, NO_TOOL_CALL_REMINDER));
          append(Message.user(NO_TOOL_CALL_REMINDER));
          continue;
        }
        return new AgentOutcome.Finished(
            response.message().text().isBlank()
                ? "(the model ended without a summary)"
                : response.message().text().strip(),
            usage,
            transcript());
      }
      reminded = false;
      if (rounds >= agent.limits.maxToolRounds()) {
        return limit(
            AgentOutcome.Limit.TOOL_ROUNDS,
            rounds + " of " + agent.limits.maxToolRounds() + " tool rounds");
      }
      rounds++;

      Round round = new Round();
      try {
        for (ContentBlock.ToolCall call : calls) {
          if (steering.cancelled()) {
            round.add(call.id(), "not run: the attempt was cancelled", true);
            continue;
          }
          runOne(call, round);
        }
      } catch (InterruptedException e) {
        for (ContentBlock.ToolCall call : calls.subList(round.size(), calls.size())) {
          round.add(call.id(), "not run: the attempt was interrupted", true);
        }
        full.add(new Message(Role.USER, round.full));
        if (steering.cancelled()) {
          return aborted(AgentOutcome.Aborted.Cause.CANCELLED, "cancelled by the host during a tool call");
        }
        throw e;
      }
      if (steering.cancelled()) {
        full.add(new Message(Role.USER, round.full));
        return aborted(AgentOutcome.Aborted.Cause.CANCELLED, "cancelled by the host during a tool call");
      }
      if (ending != null) {
        append(round.sent, round.full);
        return ending.finished()
            ? new AgentOutcome.Finished(ending.text(), usage, transcript())
            : new AgentOutcome.GaveUp(ending.text(), usage, transcript());
      }

      List<LoopDetector.Signature> signatures = new ArrayList<>();
      for (ContentBlock.ToolCall call : calls) {
        signatures.add(LoopDetector.signature(call));
      }
      LoopDetector.Verdict verdict = loops.add(signatures);
      lastRound = List.copyOf(round.calls);
      loopWarnedLastRound = verdict instanceof LoopDetector.Warn;
      if (loopWarnedLastRound) {
        loopWarnings++;
      }
      boolean failedRound = round.calls.stream().allMatch(RoutingContext.Call::error);
      failedStreak = failedRound && !round.calls.isEmpty() ? failedStreak + 1 : 0;
      longestFailedStreak = Math.max(longestFailedStreak, failedStreak);
      if (verdict instanceof LoopDetector.Abort a) {
        append(round.sent, round.full);
        return aborted(
            AgentOutcome.Aborted.Cause.LOOP_DETECTED,
            "the agent went on repeating " + a.pattern() + " after it was warned");
      }
      if (verdict instanceof LoopDetector.Warn w) {
        String text =
            "Warning from the loop: your last tool calls repeat the same pattern ("
                + w.pattern()
                + ") "
                + w.repetitions()
                + " times. Repeating it again ends the attempt. Step back: read the last results,"
                + " change your approach, or call finish or give_up.";
        round.text(text);
        emit(new AgentEvent.WarningInjected(now(), turn, AgentEvent.Warning.LOOP, text));
      }
      for (String m : steering.drain()) {
        round.text(steeringText(m));
        emit(new AgentEvent.SteeringDelivered(now(), turn, m));
      }
      append(round.sent, round.full);

      if (fingerprint != null) {
        String now = take(fingerprint);
        if (now == null || !now.equals(lastFingerprint)) {
          lastFingerprint = now;
          unchangedRounds = 0;
        } else if (++unchangedRounds >= agent.loopDetection.noProgressRounds()) {
          return aborted(
              AgentOutcome.Aborted.Cause.NO_PROGRESS,
              unchangedRounds + " tool rounds in a row left the workspace unchanged");
        }
      }
    }
  }

  /** The limits, the host's stop and cancel, checked before every model call. */
  private @Nullable AgentOutcome checkBeforeCall(Instant start) {
    if (steering.cancelled()) {
      return aborted(AgentOutcome.Aborted.Cause.CANCELLED, "cancelled by the host");
    }
    if (context.stopRequested()) {
      return aborted(AgentOutcome.Aborted.Cause.CANCELLED, "the factory asked the attempt to stop");
    }
    AgentLimits limits = agent.limits;
    if (turn >= limits.maxTurns()) {
      return limit(AgentOutcome.Limit.TURNS, turn + " of " + limits.maxTurns() + " turns");
    }
    Duration elapsed = Duration.between(start, now());
    if (elapsed.compareTo(limits.maxWallClock()) >= 0) {
      return limit(
          AgentOutcome.Limit.WALL_CLOCK,
          seconds(elapsed) + " of " + seconds(limits.maxWallClock()) + " elapsed");
    }
    if (usage.totalTokens() >= limits.maxTokens()) {
      return limit(
          AgentOutcome.Limit.TOKENS,
          usage.totalTokens() + " of " + limits.maxTokens() + " tokens used");
    }
    return null;
  }

  /** An early end of a model call, carrying the outcome. */
  private static final class Ending extends Exception {
    private static final long serialVersionUID = 1L;
    final transient AgentOutcome outcome;

    Ending(AgentOutcome outcome) {
      super(null, null, false, false);
      this.outcome = outcome;
    }
  }

  /** Reserves from the budget, calls the guarded provider, settles. */
  private ModelResponse call(ModelProvider provider, ModelRequest request)
      throws Ending, InterruptedException {
    // Reserve the most the call could cost at the catalog's price for the routed model, send it
    // through the guarded provider, settle with the real usage; refused calls are never sent.
    BudgetInterceptor reserving = BudgetInterceptor.of(context.budget(), agent.prices);
    try {
      return reserving.intercept(
          request,
          new ModelInterceptor.Chain() {
            @Override
            public String providerId() {
              return provider.id();
            }

            @Override
            public ModelResponse proceed(ModelRequest r)
                throws ModelException, InterruptedException {
              return provider.complete(r);
            }
          });
    } catch (BudgetExhaustedException e) {
      BudgetRefusal refusal = e.refusal();
      AgentOutcome.Limit which =
          switch (refusal.reason()) {
            case TOKENS -> AgentOutcome.Limit.TOKENS;
            case COST -> AgentOutcome.Limit.COST;
            case DEADLINE -> AgentOutcome.Limit.WALL_CLOCK;
          };
      throw new Ending(limit(which, refusal.describe() + "; the call was not sent"));
    } catch (HoldoutLeakException e) {
      throw new Ending(aborted(AgentOutcome.Aborted.Cause.HOLDOUT_LEAK, e.getMessage()));
    } catch (ModelException e) {
      HoldoutLeakException leak = leakIn(e);
      if (leak != null) {
        throw new Ending(aborted(AgentOutcome.Aborted.Cause.HOLDOUT_LEAK, leak.getMessage()));
      }
      if (steering.cancelled()) {
        throw new Ending(aborted(AgentOutcome.Aborted.Cause.CANCELLED, "cancelled by the host during a model call"));
      }
      throw new Ending(failed("the model call of turn " + turn + " failed: " + e.getMessage()));
    } catch (InterruptedException e) {
      if (steering.cancelled()) {
        throw new Ending(aborted(AgentOutcome.Aborted.Cause.CANCELLED, "cancelled by the host during a model call"));
      }
      throw e;
    } catch (RuntimeException e) {
      HoldoutLeakException leak = leakIn(e);
      if (leak != null) {
        throw new Ending(aborted(AgentOutcome.Aborted.Cause.HOLDOUT_LEAK, leak.getMessage()));
      }
      LOG.warn("the model call of turn {} failed", turn, e);
      throw new Ending(failed("the model call of turn " + turn + " failed: " + e));
    }
  }

  private static @Nullable HoldoutLeakException leakIn(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HoldoutLeakException leak) {
        return leak;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }


  /** Asks the router for the coming turn's model. */
  private ModelRouter.Route route() throws Ending {
    RoutingContext.Step step;
    if (lastRound.isEmpty()) {
      step = RoutingContext.Step.NONE;
    } else if (lastRound.stream()
        .allMatch(
            c -> agent.exploringTools.contains(c.name()) || c.name().equals(ToolLoopAgent.NOTE))) {
      step = RoutingContext.Step.EXPLORING;
    } else {
      step = RoutingContext.Step.EDITING;
    }
    RoutingContext routing =
        new RoutingContext(
            assignment.spec().id(),
            assignment.attempt(),
            assignment.feedback(),
            assignment.visibleScenarios().size(),
            turn + 1,
            currentModel,
            currentModel == null ? 0 : turnsOnModel,
            lastRound,
            step,
            loopWarnings,
            loopWarnedLastRound,
            failedStreak,
            longestFailedStreak,
            usage);
    ModelRouter.Route route;
    try {
      route = agent.router.route(routing);
    } catch (RuntimeException e) {
      LOG.warn("the model router {} failed before turn {}", agent.router, turn + 1, e);
      throw new Ending(failed("the model router failed before turn " + (turn + 1) + ": " + e));
    }
    if (route == null) {
      throw new Ending(
          failed("the model router " + agent.router + " chose no model for turn " + (turn + 1)));
    }
    return route;
  }

  private ModelRequest request(String system, String model) {
    ModelRequest.Builder b =
        ModelRequest.builder(model)
            .system(system)
            .messages(sent)
            .tools(agent.toolSpecs)
            .maxOutputTokens(agent.maxOutputTokens)
            .metadata(
                ModelHints.PROMPT_CACHE_KEY,
                "darkfactory/" + assignment.spec().id() + "/" + assignment.attempt());
    agent.metadata.forEach(b::metadata);
    if (agent.temperature != null) {
      b.temperature(agent.temperature);
    }
    return b.build();
  }

  /** The results of one round, as sent and in full, in the order of the calls. */
  private static final class Round {
    final List<ContentBlock> sent = new ArrayList<>();
    final List<ContentBlock> full = new ArrayList<>();
    final List<RoutingContext.Call> calls = new ArrayList<>();
    private int results;

    void add(String id, String text, boolean error) {
      add(id, text, text, error);
    }

    void add(String id, String sentText, String fullText, boolean error) {
      sent.add(new ContentBlock.ToolResult(id, sentText, error));
      full.add(new ContentBlock.ToolResult(id, fullText, error));
      results++;
    }

    void text(String text) {
      sent.add(new ContentBlock.Text(text));
      full.add(new ContentBlock.Text(text));
    }

    int size() {
      return results;
    }
  }

  /** Runs one call through parsing, the hooks, the checks and the tool; adds its result. */
  private void runOne(ContentBlock.ToolCall call, Round round) throws InterruptedException {
    Instant started = now();
    ObjectNode arguments;
    try {
      JsonNode parsed = JSON.readTree(call.argumentsJson().isBlank() ? "{}" : call.argumentsJson());
      if (parsed == null || !parsed.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      arguments = (ObjectNode) parsed;
    } catch (IOException | IllegalArgumentException e) {
      String message =
          "the arguments of "
              + call.name()
              + " are not a JSON object ("
              + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                  ? j.getOriginalMessage()
                  : e.getMessage())
              + "); send the arguments as one JSON object";
      record(round, call, call.name(), call.argumentsJson(), ToolOutput.error(message), started);
      return;
    }
    ToolInvocation invocation = new ToolInvocation(call.id(), call.name(), arguments);
    ToolOutput output;
    String denial = null;
    for (ToolHook hook : agent.hooks) {
      try {
        ToolInvocation rewritten = hook.rewrite(invocation);
        if (rewritten == null) {
          denial = "the hook " + hook.name() + " returned no call";
          break;
        }
        invocation =
            rewritten.id().equals(call.id())
                ? rewritten
                : new ToolInvocation(call.id(), rewritten.name(), rewritten.arguments());
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        LOG.warn("tool hook {} failed rewriting {}; the call is denied", hook.name(), call.name(), e);
        denial = "the hook " + hook.name() + " failed (" + e + "), so the call is denied";
        break;
      }
    }
    if (denial == null) {
      for (ToolHook hook : agent.hooks) {
        try {
          ToolHook.Verdict verdict = hook.check(invocation);
          if (verdict == null || !verdict.allowed()) {
            denial =
                "denied by the hook "
                    + hook.name()
                    + ": "
                    + (verdict == null ? "it gave no verdict" : verdict.reason());
            break;
          }
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception e) {
          LOG.warn("tool hook {} failed checking {}; the call is denied", hook.name(), call.name(), e);
          denial = "the hook " + hook.name() + " failed (" + e + "), so the call is denied";
          break;
        }
      }
    }
    if (denial != null) {
      output = ToolOutput.error(denial);
    } else {
      output = execute(invocation);
    }
    for (ToolHook hook : agent.hooks) {
      try {
        hook.observe(invocation, output);
      } catch (RuntimeException e) {
        LOG.warn("tool hook {} failed observing {}; ignored", hook.name(), invocation.name(), e);
      }
    }
    record(round, call, invocation.name(), invocation.argumentsJson(), output, started);
  }

  /** Checks that the tool exists and the arguments fit its schema, then runs it. */
  private ToolOutput execute(ToolInvocation invocation) throws InterruptedException {
    String name = invocation.name();
    JsonNode schema = agent.schemas.get(name);
    if (schema == null) {
      return ToolOutput.error(
          "there is no tool named '"
              + name
              + "'; the tools are: "
              + String.join(", ", agent.schemas.keySet()));
    }
    ObjectNode arguments = invocation.arguments();
    List<String> problems = JsonSchemaCheck.problems(schema, arguments);
    if (!problems.isEmpty()) {
      return ToolOutput.error(
          "the arguments of "
              + name
              + " do not fit its input schema: "
              + String.join("; ", problems)
              + ". The schema is "
              + schema);
    }
    emit(new AgentEvent.ToolStarted(now(), turn, invocation));
    switch (name) {
      case ToolLoopAgent.FINISH -> {
        if (steering.hasMessages()) {
          return ToolOutput.error(
              "not finished: the host sent a message, which follows; read it, then call finish"
                  + " again if the work is still done");
        }
        if (ending == null) {
          ending = new Pending(true, arguments.get("summary").asText());
        }
        return ToolOutput.ok("finished");
      }
      case ToolLoopAgent.GIVE_UP -> {
        if (ending == null) {
          ending = new Pending(false, arguments.get("reason").asText());
        }
        return ToolOutput.ok("given up");
      }
      case ToolLoopAgent.NOTE -> {
        try {
          context.remember(arguments.get("text").asText());
          return ToolOutput.ok("noted; a later attempt at this spec will read it");
        } catch (RuntimeException e) {
          LOG.warn("remember failed", e);
          return ToolOutput.error("the note could not be kept: " + e.getMessage());
        }
      }
      default -> {
        Tool tool = agent.tools.get(name);
        try {
          ToolOutput out = tool.call(arguments, toolContext);
          return out == null ? ToolOutput.error("the tool " + name + " returned nothing") : out;
        } catch (ToolException e) {
          return ToolOutput.error(e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (RuntimeException e) {
          LOG.warn("tool {} failed", name, e);
          return ToolOutput.error("the tool " + name + " failed: " + e);
        }
      }
    }
  }

  /** Truncates the output for the model, emits the event, adds the result to the round. */
  private void record(
      Round round,
      ContentBlock.ToolCall call,
      String executedName,
      String executedArguments,
      ToolOutput output,
      Instant started) {
    OutputTruncation.Truncated limited = agent.truncation.apply(output.content());
    Instant ended = now();
    emit(
        new AgentEvent.ToolCalled(
            ended,
            turn,
            call,
            executedName,
            executedArguments,
            output,
            limited.truncated(),
            Duration.between(started, ended)));
    round.add(call.id(), limited.text(), output.content(), output.error());
    round.calls.add(new RoutingContext.Call(executedName, output.error()));
  }

  static String steeringText(String message) {
    return "Message from the host:\n" + message;
  }

  private void append(Message message) {
    sent.add(message);
    full.add(message);
  }

  private void append(List<ContentBlock> sentBlocks, List<ContentBlock> fullBlocks) {
    sent.add(new Message(Role.USER, sentBlocks));
    full.add(new Message(Role.USER, fullBlocks));
  }

  private @Nullable String take(WorkspaceFingerprint fingerprint) {
    try {
      return fingerprint.take();
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot fingerprint the workspace; counting the round as progress", e);
      return null;
    }
  }

  private Transcript transcript() {
    return new Transcript(full, models);
  }

  private AgentOutcome limit(AgentOutcome.Limit limit, String detail) {
    return new AgentOutcome.LimitReached(limit, detail, usage, transcript());
  }

  private AgentOutcome aborted(AgentOutcome.Aborted.Cause cause, String detail) {
    return new AgentOutcome.Aborted(cause, orNone(detail), usage, transcript());
  }

  private AgentOutcome failed(String error) {
    return new AgentOutcome.Failed(orNone(error), usage, transcript());
  }

  private static String orNone(@Nullable String text) {
    return text == null || text.isBlank() ? "(no detail)" : text;
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + " s";
  }

  private Instant now() {
    return context.clock().instant();
  }

  private void emit(AgentEvent event) {
    for (AgentListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn(
            "agent listener {} failed on {}; ignored",
            l.getClass().getName(),
            event.getClass().getSimpleName(),
            e);
      }
    }
  }
}
