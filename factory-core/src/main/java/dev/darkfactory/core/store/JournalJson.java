package dev.darkfactory.core.store;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Satisfaction;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Converts journal steps, entries and runs to and from JSON: the form the {@link SqliteRunStore}
 * keeps a step's payload in and the form of its JSON lines export.
 *
 * <p>The format is stable and documented in {@code docs/store.md}. In short: field names are the
 * records' component names in camelCase ({@code seq} for an entry's sequence); a step's {@code
 * kind} is the {@link Step.Kind} constant's name ({@code ATTEMPT_STARTED}); instants and durations
 * are ISO-8601 strings ({@code 2026-01-02T03:04:05.123Z}, {@code PT1.5S}); ids and commit ids are
 * their plain strings; {@link Usage} is an object with its five token counts; a {@link Candidate}
 * is {@code {specId, attempt, branch, commit, base}}; a {@link MergeDecision} is {@code {action,
 * reasons}}; an {@link EvaluationReport} is written whole. Decoding ignores fields it does not
 * know, so later versions may add some, and rebuilds records equal to those encoded.
 *
 * <p>Characters of surrogate pairs are written as {@code \\u} escapes, so any Java string,
 * even one with an unpaired surrogate, comes back exactly even through storage that keeps text as
 * UTF-8.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class JournalJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(new JsonFactoryBuilder().characterEscapes(new SurrogateEscapes()).build())
          .build();

  private JournalJson() {}

  // ---------------------------------------------------------------- public, as strings

  /**
   * Encodes a step as one line of JSON, with its {@code kind}.
   *
   * @param step the step
   * @return the JSON text, without line breaks
   */
  public static String toJson(Step step) {
    return write(tree(step));
  }

  /**
   * Encodes a journal entry as one line of JSON: its columns and its {@code step}.
   *
   * @param entry the entry
   * @return the JSON text, without line breaks
   */
  public static String toJson(JournalEntry entry) {
    return write(tree(entry));
  }

  /**
   * Encodes a run as one line of JSON.
   *
   * @param run the run
   * @return the JSON text, without line breaks
   */
  public static String toJson(RunRecord run) {
    return write(tree(run));
  }

  /**
   * Encodes an evaluation report as one line of JSON, the same object the journal's {@code
   * Evaluated} step holds.
   *
   * @param report the report
   * @return the JSON text, without line breaks
   */
  public static String toJson(EvaluationReport report) {
    return write(tree(report));
  }

  /**
   * Decodes a report written by {@link #toJson(EvaluationReport)}.
   *
   * @param json the JSON text
   * @return the report, equal to the one encoded
   * @throws StoreException when the text is not JSON or not a valid report; the message names the
   *     field and what is wrong with it
   */
  public static EvaluationReport reportFromJson(String json) {
    return report(new Node(parse(json, "report"), "report"));
  }

  /**
   * Decodes a step written by {@link #toJson(Step)}.
   *
   * @param json the JSON text
   * @return the step, equal to the one encoded
   * @throws StoreException when the text is not JSON or not a valid step; the message names the
   *     field and what is wrong with it
   */
  public static Step stepFromJson(String json) {
    return step(new Node(parse(json, "step"), "step"));
  }

  /**
   * Decodes an entry written by {@link #toJson(JournalEntry)}.
   *
   * @param json the JSON text
   * @return the entry, equal to the one encoded
   * @throws StoreException when the text is not JSON or not a valid entry; the message names the
   *     field and what is wrong with it
   */
  public static JournalEntry entryFromJson(String json) {
    return entry(new Node(parse(json, "entry"), "entry"));
  }

  /**
   * Decodes a run written by {@link #toJson(RunRecord)}.
   *
   * @param json the JSON text
   * @return the run, equal to the one encoded
   * @throws StoreException when the text is not JSON or not a valid run; the message names the
   *     field and what is wrong with it
   */
  public static RunRecord runFromJson(String json) {
    return run(new Node(parse(json, "run"), "run"));
  }

  // ---------------------------------------------------------------- trees, for the store

  static String write(JsonNode tree) {
    try {
      return MAPPER.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      // A tree of plain nodes always serializes; this would be a bug in Jackson.
      throw new IllegalStateException("cannot write journal JSON: " + e.getOriginalMessage(), e);
    }
  }

  static JsonNode parse(String json, String what) {
    if (json == null) {
      throw new StoreException("cannot decode journal " + what + ": the JSON text is null");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new StoreException(
          "cannot decode journal "
              + what
              + ": not valid JSON at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage(),
          e);
    }
    if (node == null || node.isMissingNode()) {
      throw new StoreException("cannot decode journal " + what + ": the JSON text is empty");
    }
    return node;
  }

  static ObjectNode tree(Step step) {
    ObjectNode o = NODES.objectNode();
    o.put("kind", step.kind().name());
    if (step instanceof Step.Claimed s) {
      o.put("owner", s.owner());
    } else if (step instanceof Step.AttemptStarted s) {
      o.put("branch", s.branch());
      o.put("base", s.base().hex());
    } else if (step instanceof Step.ModelCalled s) {
      o.put("model", s.model());
      o.set("usage", tree(s.usage()));
    } else if (step instanceof Step.Noted s) {
      o.put("note", s.note());
    } else if (step instanceof Step.AgentFinished s) {
      o.put("agent", s.agent());
      o.put("outcome", s.outcome());
      o.put("detail", s.detail());
      o.set("models", strings(s.models()));
      o.set("usage", tree(s.usage()));
    } else if (step instanceof Step.CandidateCommitted s) {
      o.set("candidate", tree(s.candidate()));
    } else if (step instanceof Step.NoCandidate s) {
      o.put("reason", s.reason());
    } else if (step instanceof Step.Evaluated s) {
      o.put("evaluator", s.evaluator());
      o.set("report", tree(s.report()));
    } else if (step instanceof Step.Decided s) {
      o.set("candidate", tree(s.candidate()));
      o.set("decision", tree(s.decision()));
    } else if (step instanceof Step.MergeIntent s) {
      o.set("candidate", tree(s.candidate()));
      o.put("targetBranch", s.targetBranch());
      o.put("expected", s.expected().hex());
      o.put("head", s.head().hex());
    } else if (step instanceof Step.Merged s) {
      o.set("candidate", tree(s.candidate()));
      o.put("targetBranch", s.targetBranch());
      o.put("head", s.head().hex());
    } else if (step instanceof Step.Rebased s) {
      o.set("from", tree(s.from()));
      o.set("to", tree(s.to()));
    } else if (step instanceof Step.RebaseConflict s) {
      o.set("candidate", tree(s.candidate()));
      o.put("target", s.target().hex());
      o.put("detail", s.detail());
    } else if (step instanceof Step.SpecFinished s) {
      o.put("resolution", s.resolution().name());
      o.put("reason", s.reason());
    } else if (step instanceof Step.Reviewed s) {
      o.set("candidate", tree(s.candidate()));
      o.put("approved", s.approved());
      o.put("reviewer", s.reviewer());
      o.put("reason", s.reason());
    } else {
      throw new IllegalStateException("no JSON form for step " + step.getClass().getName());
    }
    return o;
  }

  static ObjectNode tree(JournalEntry entry) {
    ObjectNode o = NODES.objectNode();
    o.put("seq", entry.sequence());
    o.put("runId", entry.runId());
    o.put("specId", entry.specId().value());
    o.put("fingerprint", entry.fingerprint());
    o.put("attempt", entry.attempt());
    o.put("at", entry.at().toString());
    o.put("kind", entry.step().kind().name());
    o.set("step", tree(entry.step()));
    return o;
  }

  static ObjectNode tree(RunRecord run) {
    ObjectNode o = NODES.objectNode();
    o.put("runId", run.runId());
    o.put("owner", run.owner());
    o.put("startedAt", run.startedAt().toString());
    Instant finished = run.finishedAt();
    if (finished == null) {
      o.putNull("finishedAt");
    } else {
      o.put("finishedAt", finished.toString());
    }
    o.put("specsFinished", run.specsFinished());
    return o;
  }

  static ObjectNode tree(Usage usage) {
    ObjectNode o = NODES.objectNode();
    o.put("inputTokens", usage.inputTokens());
    o.put("outputTokens", usage.outputTokens());
    o.put("cacheReadTokens", usage.cacheReadTokens());
    o.put("cacheWriteTokens", usage.cacheWriteTokens());
    o.put("reasoningTokens", usage.reasoningTokens());
    return o;
  }

  static ObjectNode tree(Candidate candidate) {
    ObjectNode o = NODES.objectNode();
    o.put("specId", candidate.specId().value());
    o.put("attempt", candidate.attempt());
    o.put("branch", candidate.branch());
    o.put("commit", candidate.commit().hex());
    o.put("base", candidate.base().hex());
    return o;
  }

  static ObjectNode tree(MergeDecision decision) {
    ObjectNode o = NODES.objectNode();
    o.put("action", decision.action().name());
    o.set("reasons", strings(decision.reasons()));
    return o;
  }

  static ObjectNode tree(EvaluationReport report) {
    ObjectNode o = NODES.objectNode();
    o.set("candidate", tree(report.candidate()));
    o.put("verdict", report.verdict().name());
    Satisfaction s = report.satisfaction();
    ObjectNode satisfaction = o.putObject("satisfaction");
    satisfaction.put("score", s.score());
    satisfaction.put("lower", s.lower());
    satisfaction.put("upper", s.upper());
    satisfaction.put("confidence", s.confidence());
    ArrayNode scenarios = o.putArray("scenarios");
    for (ScenarioResult r : report.scenarios()) {
      ObjectNode scenario = scenarios.addObject();
      scenario.put("id", r.id().value());
      scenario.put("visibility", r.visibility().name());
      scenario.put("required", r.required());
      scenario.put("weight", r.weight());
      scenario.put("verdict", r.verdict().name());
      ArrayNode trials = scenario.putArray("trials");
      for (TrialResult t : r.trials()) {
        ObjectNode trial = trials.addObject();
        trial.put("trial", t.trial());
        trial.put("verdict", t.verdict().name());
        trial.put("detail", t.detail());
        trial.put("elapsed", t.elapsed().toString());
      }
    }
    o.set("tamperSignals", strings(report.tamperSignals()));
    o.set("notes", strings(report.notes()));
    o.set("usage", tree(report.usage()));
    o.put("elapsed", report.elapsed().toString());
    return o;
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode a = NODES.arrayNode(values.size());
    values.forEach(a::add);
    return a;
  }

  // ---------------------------------------------------------------- decoding

  static Step step(Node o) {
    Step.Kind kind = o.enumValue("kind", Step.Kind.class);
    return o.build(
        "a valid " + kind + " step",
        () ->
            switch (kind) {
              case CLAIMED -> new Step.Claimed(o.text("owner"));
              case ATTEMPT_STARTED -> new Step.AttemptStarted(o.text("branch"), o.commit("base"));
              case MODEL_CALLED -> new Step.ModelCalled(o.text("model"), usage(o.object("usage")));
              case NOTED -> new Step.Noted(o.text("note"));
              case AGENT_FINISHED ->
                  new Step.AgentFinished(
                      o.text("agent"),
                      o.text("outcome"),
                      o.text("detail"),
                      o.texts("models"),
                      usage(o.object("usage")));
              case CANDIDATE_COMMITTED ->
                  new Step.CandidateCommitted(candidate(o.object("candidate")));
              case NO_CANDIDATE -> new Step.NoCandidate(o.text("reason"));
              case EVALUATED ->
                  new Step.Evaluated(o.text("evaluator"), report(o.object("report")));
              case DECIDED ->
                  new Step.Decided(
                      candidate(o.object("candidate")), decision(o.object("decision")));
              case MERGE_INTENT ->
                  new Step.MergeIntent(
                      candidate(o.object("candidate")),
                      o.text("targetBranch"),
                      o.commit("expected"),
                      o.commit("head"));
              case MERGED ->
                  new Step.Merged(
                      candidate(o.object("candidate")), o.text("targetBranch"), o.commit("head"));
              case REBASED ->
                  new Step.Rebased(candidate(o.object("from")), candidate(o.object("to")));
              case REBASE_CONFLICT ->
                  new Step.RebaseConflict(
                      candidate(o.object("candidate")), o.commit("target"), o.text("detail"));
              case SPEC_FINISHED ->
                  new Step.SpecFinished(
                      o.enumValue("resolution", Resolution.class), o.text("reason"));
              case REVIEWED ->
                  new Step.Reviewed(
                      candidate(o.object("candidate")),
                      o.bool("approved"),
                      o.text("reviewer"),
                      o.text("reason"));
            });
  }

  static JournalEntry entry(Node o) {
    long seq = o.longValue("seq");
    String runId = o.text("runId");
    SpecId specId = o.specId("specId");
    String fingerprint = o.text("fingerprint");
    int attempt = o.intValue("attempt");
    Instant at = o.instant("at");
    Step.Kind kind = o.enumValue("kind", Step.Kind.class);
    Step step = step(o.object("step"));
    if (step.kind() != kind) {
      throw o.problem("kind", "is " + kind + " but the step is " + step.kind());
    }
    return o.build(
        "a valid journal entry",
        () -> new JournalEntry(seq, runId, specId, fingerprint, attempt, at, step));
  }

  static RunRecord run(Node o) {
    return o.build(
        "a valid run",
        () ->
            new RunRecord(
                o.text("runId"),
                o.text("owner"),
                o.instant("startedAt"),
                o.optionalInstant("finishedAt"),
                o.intValue("specsFinished")));
  }

  private static Usage usage(Node o) {
    return o.build(
        "valid usage",
        () ->
            new Usage(
                o.longValue("inputTokens"),
                o.longValue("outputTokens"),
                o.longValue("cacheReadTokens"),
                o.longValue("cacheWriteTokens"),
                o.longValue("reasoningTokens")));
  }

  private static Candidate candidate(Node o) {
    return o.build(
        "a valid candidate",
        () ->
            new Candidate(
                o.specId("specId"),
                o.intValue("attempt"),
                o.text("branch"),
                o.commit("commit"),
                o.commit("base")));
  }

  private static MergeDecision decision(Node o) {
    MergeDecision.Action action = o.enumValue("action", MergeDecision.Action.class);
    List<String> reasons = o.texts("reasons");
    return o.build(
        "a valid merge decision",
        () ->
            switch (action) {
              case MERGE -> new MergeDecision.Merge(reasons);
              case HOLD -> new MergeDecision.Hold(reasons);
              case REJECT -> new MergeDecision.Reject(reasons);
              case RETRY -> new MergeDecision.Retry(reasons);
            });
  }

  private static EvaluationReport report(Node o) {
    Candidate candidate = candidate(o.object("candidate"));
    Verdict verdict = o.enumValue("verdict", Verdict.class);
    Node s = o.object("satisfaction");
    Satisfaction satisfaction =
        s.build(
            "a valid satisfaction",
            () ->
                new Satisfaction(
                    s.doubleValue("score"),
                    s.doubleValue("lower"),
                    s.doubleValue("upper"),
                    s.doubleValue("confidence")));
    List<ScenarioResult> scenarios = o.objects("scenarios", JournalJson::scenario);
    List<String> tamperSignals = o.texts("tamperSignals");
    List<String> notes = o.texts("notes");
    Usage usage = usage(o.object("usage"));
    Duration elapsed = o.duration("elapsed");
    return o.build(
        "a valid evaluation report",
        () ->
            new EvaluationReport(
                candidate, verdict, satisfaction, scenarios, tamperSignals, notes, usage, elapsed));
  }

  private static ScenarioResult scenario(Node o) {
    ScenarioId id = o.build("a valid scenario id", () -> ScenarioId.of(o.text("id")));
    Visibility visibility = o.enumValue("visibility", Visibility.class);
    boolean required = o.bool("required");
    double weight = o.doubleValue("weight");
    Verdict verdict = o.enumValue("verdict", Verdict.class);
    List<TrialResult> trials = o.objects("trials", JournalJson::trial);
    return o.build(
        "a valid scenario result",
        () -> new ScenarioResult(id, visibility, required, weight, trials, verdict));
  }

  private static TrialResult trial(Node o) {
    return o.build(
        "a valid trial result",
        () ->
            new TrialResult(
                o.intValue("trial"),
                o.enumValue("verdict", Verdict.class),
                o.text("detail"),
                o.duration("elapsed")));
  }

  /** A JSON object being decoded, with its path for error messages. */
  static final class Node {
    private final JsonNode node;
    private final String path;

    Node(JsonNode node, String path) {
      if (!node.isObject()) {
        throw new StoreException(
            "cannot decode journal JSON: '" + path + "' must be an object but was " + show(node));
      }
      this.node = node;
      this.path = path;
    }

    StoreException problem(String field, String what) {
      return new StoreException(
          "cannot decode journal JSON: '" + path + "." + field + "' " + what);
    }

    <T> T build(String what, Supplier<T> constructor) {
      try {
        return constructor.get();
      } catch (IllegalArgumentException | NullPointerException | ArithmeticException e) {
        throw new StoreException(
            "cannot decode journal JSON: '" + path + "' is not " + what + ": " + e.getMessage(),
            e);
      }
    }

    private JsonNode field(String field) {
      JsonNode value = node.get(field);
      if (value == null) {
        throw problem(field, "is missing");
      }
      return value;
    }

    String text(String field) {
      JsonNode value = field(field);
      if (!value.isTextual()) {
        throw problem(field, "must be a string but was " + show(value));
      }
      return value.textValue();
    }

    long longValue(String field) {
      JsonNode value = field(field);
      if (!value.isIntegralNumber() || !value.canConvertToLong()) {
        throw problem(field, "must be a whole number (64-bit) but was " + show(value));
      }
      return value.longValue();
    }

    int intValue(String field) {
      JsonNode value = field(field);
      if (!value.isIntegralNumber() || !value.canConvertToInt()) {
        throw problem(field, "must be a whole number (32-bit) but was " + show(value));
      }
      return value.intValue();
    }

    double doubleValue(String field) {
      JsonNode value = field(field);
      if (!value.isNumber()) {
        throw problem(field, "must be a number but was " + show(value));
      }
      return value.doubleValue();
    }

    boolean bool(String field) {
      JsonNode value = field(field);
      if (!value.isBoolean()) {
        throw problem(field, "must be true or false but was " + show(value));
      }
      return value.booleanValue();
    }

    <E extends Enum<E>> E enumValue(String field, Class<E> type) {
      String text = text(field);
      try {
        return Enum.valueOf(type, text);
      } catch (IllegalArgumentException e) {
        throw problem(
            field,
            "must be one of "
                + Arrays.stream(type.getEnumConstants())
                    .map(Enum::name)
                    .collect(Collectors.joining(", "))
                + " but was "
                + show(node.get(field)));
      }
    }

    Instant instant(String field) {
      String text = text(field);
      try {
        return Instant.parse(text);
      } catch (DateTimeException e) {
        throw problem(
            field,
            "must be an ISO-8601 instant such as 2026-01-02T03:04:05Z but was "
                + show(node.get(field)));
      }
    }

    @Nullable Instant optionalInstant(String field) {
      JsonNode value = node.get(field);
      return value == null || value.isNull() ? null : instant(field);
    }

    Duration duration(String field) {
      String text = text(field);
      try {
        return Duration.parse(text);
      } catch (DateTimeException e) {
        throw problem(
            field,
            "must be an ISO-8601 duration such as PT1.5S but was " + show(node.get(field)));
      }
    }

    CommitId commit(String field) {
      String text = text(field);
      try {
        return CommitId.of(text);
      } catch (IllegalArgumentException e) {
        throw problem(field, "is not a commit id: " + e.getMessage());
      }
    }

    SpecId specId(String field) {
      String text = text(field);
      try {
        return SpecId.of(text);
      } catch (IllegalArgumentException e) {
        throw problem(field, "is not a spec id: " + e.getMessage());
      }
    }

    Node object(String field) {
      JsonNode value = field(field);
      if (!value.isObject()) {
        throw problem(field, "must be an object but was " + show(value));
      }
      return new Node(value, path + "." + field);
    }

    private JsonNode array(String field) {
      JsonNode value = field(field);
      if (!value.isArray()) {
        throw problem(field, "must be an array but was " + show(value));
      }
      return value;
    }

    List<String> texts(String field) {
      JsonNode array = array(field);
      List<String> values = new ArrayList<>(array.size());
      for (int i = 0; i < array.size(); i++) {
        JsonNode value = array.get(i);
        if (!value.isTextual()) {
          throw problem(field + "[" + i + "]", "must be a string but was " + show(value));
        }
        values.add(value.textValue());
      }
      return values;
    }

    <T> List<T> objects(String field, Function<Node, T> decoder) {
      JsonNode array = array(field);
      List<T> values = new ArrayList<>(array.size());
      for (int i = 0; i < array.size(); i++) {
        values.add(decoder.apply(new Node(array.get(i), path + "." + field + "[" + i + "]")));
      }
      return values;
    }

    private static String show(@Nullable JsonNode value) {
      if (value == null) {
        return "missing";
      }
      String text = value.toString();
      String kind = value.getNodeType().name().toLowerCase(Locale.ROOT);
      if (text.length() > 80) {
        text = text.substring(0, 77) + "...";
      }
      return value.isNull() ? "null" : kind + " " + text;
    }
  }

  /** Escapes every surrogate character, so unpaired ones survive storage as UTF-8. */
  private static final class SurrogateEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public @Nullable SerializableString getEscapeSequence(int ch) {
      if (Character.isSurrogate((char) ch)) {
        return new SerializedString(String.format(Locale.ROOT, "\\u%04x", ch));
      }
      return null;
    }
  }
}
