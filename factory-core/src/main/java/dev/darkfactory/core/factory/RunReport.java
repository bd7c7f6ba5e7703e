package dev.darkfactory.core.factory;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.core.cost.ModelPrice;
import dev.darkfactory.core.cost.PriceCatalog;
import dev.darkfactory.core.store.JournalEntry;
import dev.darkfactory.core.store.RunRecord;
import dev.darkfactory.core.store.RunStore;
import dev.darkfactory.core.store.Step;
import java.io.IOException;
import java.math.BigDecimal;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The report of one run, built from its journal: per spec its attempts, candidates, verdicts,
 * decisions with reasons, tokens, time per step, and how it ended.
 *
 * <p>{@link #json()} follows the schema {@value #SCHEMA}, documented in {@code docs/reports.md};
 * {@link #markdown()} is the human summary.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class RunReport {

  /** The JSON report's schema id, written as its {@code schema} field. */
  public static final String SCHEMA = "dark-factory/run-report/1";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String json;
  private final String markdown;

  private RunReport(String json, String markdown) {
    this.json = json;
    this.markdown = markdown;
  }

  /**
   * Builds the report of a run from its record and journal entries, in memory; for a whole run
   * from the store use {@link #write(RunStore, String, Path, Path)}, which streams.
   *
   * @param run the run
   * @param entries its entries, oldest first
   * @return the report
   */
  public static RunReport of(RunRecord run, List<JournalEntry> entries) {
    return of(run, entries, PriceCatalog.bundled());
  }

  /**
   * Builds the report of a run, pricing its model calls with a catalog.
   *
   * @param run the run
   * @param entries its entries, oldest first
   * @param prices the prices of the models the agents called
   * @return the report
   */
  public static RunReport of(RunRecord run, List<JournalEntry> entries, PriceCatalog prices) {
    java.io.StringWriter json = new java.io.StringWriter();
    StringBuilder markdown = new StringBuilder();
    try {
      Renderer r = new Renderer(run, json, prices);
      entries.forEach(r::accept);
      r.finish(markdown);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render the report of " + run.runId(), e);
    }
    return new RunReport(json.toString(), markdown.toString());
  }

  /**
   * Writes a run's JSON report and Markdown summary, streaming the journal from the store so
   * memory does not grow with the run (a queue of 10,000 specs reports in a 256 MB heap). Each
   * file is written atomically: a reader sees the old file or the whole new one.
   *
   * @param store the store
   * @param runId the run
   * @param jsonFile where the JSON goes
   * @param markdownFile where the Markdown goes
   * @throws IOException when writing fails
   * @throws IllegalArgumentException when the store does not know the run
   */
  public static void write(RunStore store, String runId, Path jsonFile, Path markdownFile)
      throws IOException {
    write(store, runId, jsonFile, markdownFile, PriceCatalog.bundled());
  }

  /**
   * Writes a run's reports as {@link #write(RunStore, String, Path, Path)} does, pricing its
   * model calls with a catalog.
   *
   * @param store the store
   * @param runId the run
   * @param jsonFile where the JSON goes
   * @param markdownFile where the Markdown goes
   * @param prices the prices of the models the agents called
   * @throws IOException when writing fails
   * @throws IllegalArgumentException when the store does not know the run
   */
  public static void write(
      RunStore store, String runId, Path jsonFile, Path markdownFile, PriceCatalog prices)
      throws IOException {
    RunRecord run = known(store, runId);
    Path jsonTemp = temp(jsonFile);
    StringBuilder markdown = new StringBuilder();
    try (java.io.Writer out = Files.newBufferedWriter(jsonTemp, StandardCharsets.UTF_8)) {
      Renderer r = new Renderer(run, out, prices);
      try {
        store.forEachEntry(runId, r::accept);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      r.finish(markdown);
    }
    Files.move(jsonTemp, jsonFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    writeAtomically(markdownFile, markdown.toString());
  }

  private static RunRecord known(RunStore store, String runId) {
    return store
        .run(runId)
        .orElseThrow(() -> new IllegalArgumentException("the store knows no run " + Require.quote(runId)));
  }

  /**
   * The JSON report.
   *
   * @return the JSON text, indented
   */
  public String json() {
    return json;
  }

  /**
   * The Markdown summary.
   *
   * @return the text
   */
  public String markdown() {
    return markdown;
  }

  /**
   * Writes both files, each atomically (a reader sees the old file or the whole new one).
   *
   * @param jsonFile where the JSON goes
   * @param markdownFile where the Markdown goes
   * @throws IOException when writing fails
   */
  public void write(Path jsonFile, Path markdownFile) throws IOException {
    writeAtomically(jsonFile, json);
    writeAtomically(markdownFile, markdown);
  }

  private static Path temp(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    return file.resolveSibling(file.getFileName() + ".tmp");
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path temp = temp(file);
    Files.writeString(temp, text, StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Writes the JSON as entries arrive, one spec at a time, and collects the Markdown rows. */
  private static final class Renderer {
    private final RunRecord run;
    private final JsonGenerator gen;
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final StringBuilder rows = new StringBuilder();
    private final StringBuilder details = new StringBuilder();
    private Usage usage = Usage.ZERO;
    private BigDecimal cost = BigDecimal.ZERO;
    private long unpriced;
    private int specs;
    private @Nullable SpecId current;
    private final List<JournalEntry> currentEntries = new ArrayList<>();
    private final PriceCatalog prices;

    Renderer(RunRecord run, java.io.Writer out, PriceCatalog prices) throws IOException {
      this.run = run;
      this.prices = prices;
      this.gen = JSON.getFactory().createGenerator(out).useDefaultPrettyPrinter();
      gen.writeStartObject();
      gen.writeStringField("schema", SCHEMA);
      gen.writeStringField("runId", run.runId());
      gen.writeStringField("owner", run.owner());
      gen.writeStringField("startedAt", run.startedAt().toString());
      gen.writeStringField("finishedAt", run.finished().map(Instant::toString).orElse(null));
      gen.writeArrayFieldStart("specs");
    }

    void accept(JournalEntry e) {
      if (!e.specId().equals(current)) {
        flushSpec();
        current = e.specId();
      }
      currentEntries.add(e);
    }

    private void flushSpec() {
      if (currentEntries.isEmpty()) {
        return;
      }
      SpecReport s = new SpecReport(currentEntries.get(0).specId(), currentEntries, prices);
      currentEntries.clear();
      specs++;
      counts.merge(s.resolution == null ? "unfinished" : s.resolution.name().toLowerCase(Locale.ROOT), 1, Integer::sum);
      usage = usage.plus(s.usage);
      cost = cost.add(s.cost);
      unpriced += s.unpriced;
      rows.append(s.row()).append('\n');
      details.append(s.details());
      try {
        JSON.writeTree(gen, s.node);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void finish(StringBuilder md) throws IOException {
      try {
        flushSpec();
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      gen.writeEndArray();
      ObjectNode totals = NODES.objectNode();
      totals.put("specs", specs);
      for (String k : List.of("merged", "rejected", "held", "abandoned", "unfinished")) {
        totals.put(k, counts.getOrDefault(k, 0));
      }
      totals.set("usage", usage(usage));
      totals.put("costUsd", cost);
      totals.put("unpricedTokens", unpriced);
      gen.writeFieldName("totals");
      JSON.writeTree(gen, totals);
      gen.writeEndObject();
      gen.writeRaw('\n');
      gen.flush();
      md.append("# Run ").append(run.runId()).append("\n\n");
      md.append("Factory `").append(run.owner()).append("`, started ").append(run.startedAt());
      md.append(run.finished().map(f -> ", finished " + f).orElse(", not finished")).append(".\n\n");
      md.append(specs).append(" specs: ");
      md.append(counts.getOrDefault("merged", 0)).append(" merged, ");
      md.append(counts.getOrDefault("rejected", 0)).append(" rejected, ");
      md.append(counts.getOrDefault("held", 0)).append(" held, ");
      md.append(counts.getOrDefault("abandoned", 0)).append(" abandoned, ");
      md.append(counts.getOrDefault("unfinished", 0)).append(" unfinished; ");
      md.append(usage.totalTokens()).append(" tokens, $").append(cost.setScale(4, java.math.RoundingMode.HALF_UP).toPlainString());
      md.append(unpriced > 0 ? " (" + unpriced + " tokens of models with no price not counted)" : "").append(".\n\n");
      if (specs > 0) {
        md.append("| spec | result | attempts | verdicts | decision | tokens | time | branch |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        md.append(rows).append('\n').append(details);
      }
    }
  }

  private static ObjectNode usage(Usage u) {
    ObjectNode n = NODES.objectNode();
    n.put("inputTokens", u.inputTokens());
    n.put("outputTokens", u.outputTokens());
    n.put("cacheReadTokens", u.cacheReadTokens());
    n.put("cacheWriteTokens", u.cacheWriteTokens());
    n.put("reasoningTokens", u.reasoningTokens());
    n.put("totalTokens", u.totalTokens());
    return n;
  }

  private static ObjectNode candidate(Candidate c) {
    ObjectNode n = NODES.objectNode();
    n.put("branch", c.branch());
    n.put("commit", c.commit().hex());
    n.put("base", c.base().hex());
    return n;
  }

  /** One spec's part of the report. */
  private static final class SpecReport {
    final ObjectNode node = NODES.objectNode();
    final SpecId id;
    @Nullable Resolution resolution;
    String reason = "";
    Usage usage = Usage.ZERO;
    BigDecimal cost = BigDecimal.ZERO;
    long unpriced;
    private final PriceCatalog prices;
    private final java.util.Set<Integer> pricedByCall = new java.util.HashSet<>();
    final Map<Integer, ObjectNode> attempts = new LinkedHashMap<>();
    final List<String> verdicts = new ArrayList<>();
    String decision = "";
    String branch = "";
    final Duration elapsed;

    SpecReport(SpecId id, List<JournalEntry> entries, PriceCatalog prices) {
      this.id = id;
      this.prices = prices;
      node.put("specId", id.value());
      node.put("fingerprint", entries.get(0).fingerprint());
      Instant previous = entries.get(0).at();
      for (JournalEntry e : entries) {
        ObjectNode attempt = e.attempt() == 0 ? null : attempt(e.attempt());
        ArrayNode steps = attempt == null ? node.withArray("steps") : attempt.withArray("steps");
        ObjectNode step = steps.addObject();
        step.put("kind", e.step().kind().name());
        step.put("at", e.at().toString());
        step.put("millis", Math.max(0, Duration.between(previous, e.at()).toMillis()));
        previous = e.at();
        record(e, attempt);
      }
      elapsed = Duration.between(entries.get(0).at(), entries.get(entries.size() - 1).at());
      node.put("resolution", resolution == null ? null : resolution.name());
      node.put("reason", reason);
      node.set("usage", usage(usage));
      node.put("costUsd", cost);
      node.put("unpricedTokens", unpriced);
      node.put("elapsedMillis", elapsed.toMillis());
      ArrayNode list = node.putArray("attempts");
      attempts.values().forEach(list::add);
    }

    private ObjectNode attempt(int n) {
      return attempts.computeIfAbsent(
          n,
          k -> {
            ObjectNode a = NODES.objectNode();
            a.put("attempt", k);
            return a;
          });
    }

    private void record(JournalEntry e, @Nullable ObjectNode attempt) {
      Step step = e.step();
      if (step instanceof Step.SpecFinished f) {
        resolution = f.resolution();
        reason = f.reason();
      } else if (attempt == null) {
        return;
      } else if (step instanceof Step.AttemptStarted s) {
        attempt.put("branch", s.branch());
        attempt.put("base", s.base().hex());
        branch = s.branch();
      } else if (step instanceof Step.ModelCalled s) {
        // Each call at its own model's price; the agent's total then only counts tokens.
        pricedByCall.add(e.attempt());
        charge(attempt, s.model(), s.usage());
      } else if (step instanceof Step.AgentFinished s) {
        if (!pricedByCall.contains(e.attempt())) {
          charge(attempt, s.models().size() == 1 ? s.models().get(0) : null, s.usage());
        }
        ObjectNode a = attempt.putObject("agent");
        a.put("name", s.agent());
        a.put("outcome", s.outcome());
        a.put("detail", s.detail());
        ArrayNode models = a.putArray("models");
        s.models().forEach(models::add);
        a.set("usage", usage(s.usage()));
        usage = usage.plus(s.usage());
      } else if (step instanceof Step.NoCandidate s) {
        attempt.put("noCandidate", s.reason());
      } else if (step instanceof Step.CandidateCommitted s) {
        attempt.withArray("candidates").add(candidate(s.candidate()));
        branch = s.candidate().branch();
      } else if (step instanceof Step.Rebased s) {
        ObjectNode c = candidate(s.to());
        c.put("rebasedFrom", s.from().commit().hex());
        attempt.withArray("candidates").add(c);
        branch = s.to().branch();
      } else if (step instanceof Step.RebaseConflict s) {
        ObjectNode c = attempt.withArray("conflicts").addObject();
        c.put("candidate", s.candidate().branch());
        c.put("target", s.target().hex());
        c.put("detail", s.detail());
      } else if (step instanceof Step.Evaluated s) {
        attempt.withArray("evaluations").add(evaluation(s.evaluator(), s.report()));
        verdicts.add(s.report().verdict().name());
        usage = usage.plus(s.report().usage());
        unpriced += s.report().usage().totalTokens(); // the report does not say which judge model

      } else if (step instanceof Step.Decided s) {
        ObjectNode d = attempt.withArray("decisions").addObject();
        d.put("candidate", s.candidate().branch());
        d.put("action", s.decision().action().name());
        ArrayNode reasons = d.putArray("reasons");
        s.decision().reasons().forEach(reasons::add);
        decision = s.decision().action().name();
      } else if (step instanceof Step.Merged s) {
        ObjectNode m = attempt.putObject("merged");
        m.put("candidate", s.candidate().branch());
        m.put("targetBranch", s.targetBranch());
        m.put("head", s.head().hex());
      }
    }

    private static ObjectNode evaluation(String evaluator, EvaluationReport r) {
      ObjectNode n = NODES.objectNode();
      n.put("evaluator", evaluator);
      n.put("candidate", r.candidate().branch());
      n.put("verdict", r.verdict().name());
      ObjectNode s = n.putObject("satisfaction");
      s.put("score", r.satisfaction().score());
      s.put("lower", r.satisfaction().lower());
      s.put("upper", r.satisfaction().upper());
      s.put("confidence", r.satisfaction().confidence());
      ArrayNode scenarios = n.putArray("scenarios");
      for (ScenarioResult sr : r.scenarios()) {
        ObjectNode o = scenarios.addObject();
        o.put("id", sr.id().value());
        o.put("visibility", sr.visibility().name());
        o.put("required", sr.required());
        o.put("verdict", sr.verdict().name());
        o.put("passedTrials", sr.passed());
        o.put("trials", sr.trials().size());
      }
      ArrayNode tamper = n.putArray("tamperSignals");
      r.tamperSignals().forEach(tamper::add);
      ArrayNode notes = n.putArray("notes");
      r.notes().forEach(notes::add);
      n.put("elapsedMillis", r.elapsed().toMillis());
      return n;
    }

    /** Adds a usage's cost at its model's price, or counts it unpriced. */
    private void charge(ObjectNode attempt, @Nullable String model, Usage u) {
      java.util.Optional<ModelPrice> price =
          model == null ? java.util.Optional.empty() : prices.price(model);
      if (price.isPresent()) {
        BigDecimal c = price.get().cost(u).costUsd();
        cost = cost.add(c);
        attempt.put("costUsd", attempt.path("costUsd").decimalValue().add(c));
      } else {
        unpriced += u.totalTokens();
      }
    }

    String row() {
      return "| "
          + id
          + " | "
          + (resolution == null ? "unfinished" : resolution.name())
          + " | "
          + attempts.size()
          + " | "
          + (verdicts.isEmpty() ? "-" : String.join(", ", verdicts))
          + " | "
          + (decision.isEmpty() ? "-" : decision)
          + " | "
          + usage.totalTokens()
          + " | "
          + String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0)
          + " | "
          + (branch.isEmpty() ? "-" : "`" + branch + "`")
          + " |";
    }

    String details() {
      return reason.isEmpty() ? "" : "- **" + id + "**: " + reason.replace("\n", " ") + "\n";
    }
  }
}
