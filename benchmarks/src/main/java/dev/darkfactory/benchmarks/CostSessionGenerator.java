package dev.darkfactory.benchmarks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.benchmarks.CostRecording.Call;
import dev.darkfactory.benchmarks.CostRecording.Evaluation;
import dev.darkfactory.benchmarks.CostRecording.Manifest;
import dev.darkfactory.benchmarks.CostRecording.ScenarioText;
import dev.darkfactory.benchmarks.CostRecording.Session;
import dev.darkfactory.benchmarks.CostRecording.SpecRecording;
import dev.darkfactory.benchmarks.CostRecording.SpecText;
import dev.darkfactory.benchmarks.CostRecording.Turn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Writes a deterministic set of recorded sessions for the {@link CostBenchmark}: the same seed
 * gives the same files, byte for byte.
 *
 * <p>The repository is a Java invoicing service ("tally", four Maven modules, about 200 files) with
 * an AGENTS.md of about 4,000 characters. Each spec adds one feature to it. Every attempt has the
 * shape of a real coding session: a third of the turns explore (list, search, read whole files of
 * 2,000 to 24,000 characters or ranges of them), about half edit (edit_file with the passage
 * replaced, write_file of new classes and tests, builds and test runs with their Maven output,
 * compile errors and failing tests first), the rest verify (module tests, the scenarios' commands,
 * {@code git diff}), and the last turn leaves a note and calls finish. Every turn has 120 to 420
 * tokens of assistant text; tool outputs keep the real tools' formats.
 *
 * <p>Kinds of spec, in fixed shares assigned by the seed: {@code hard} (30%): the cheap model's
 * attempt finishes but fails evaluation, and the strong model's attempt merges; {@code easy}: the
 * cheap model's attempt merges; {@code loop} (10%): the cheap model re-reads one file three turns
 * in a row, the loop warns, and the strong model finishes the attempt, which merges; {@code
 * failing-edits} (7%): three rounds in a row of edits that miss, then the strong model finishes it.
 * The strong model's attempt at a spec is the same recording whether it comes first (A, B) or
 * second (C, hard specs).
 */
final class CostSessionGenerator {

  /** The generator's version: a directory written by another version is written again. */
  static final int VERSION = 2;

  /** Shares of the kinds of spec. */
  static final double HARD = 0.30;

  static final double LOOP = 0.10;
  static final double FAILING_EDITS = 0.07;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A feature a spec asks for. */
  record Feature(
      String slug, String title, String module, String pkg, String cls, String noun, String what) {}

  static final List<Feature> FEATURES =
      List.of(
          new Feature("csv-export", "CSV export of invoices", "core", "export", "InvoiceCsvExporter", "invoice export", "export the invoices of a period as RFC 4180 CSV, one line per invoice line"),
          new Feature("rate-limit", "Rate limiting for the public API", "api", "http", "RateLimiter", "request rate", "limit each API key to a configurable number of requests per minute and answer 429 with Retry-After beyond it"),
          new Feature("late-fees", "Late-payment fees", "core", "payment", "LateFeePolicy", "late fee", "add a late fee to an invoice that is unpaid a configurable number of days after its due date"),
          new Feature("credit-notes", "Credit notes", "core", "invoice", "CreditNote", "credit note", "issue a credit note against an issued invoice, in full or for some of its lines"),
          new Feature("fx-totals", "Multi-currency totals with daily rates", "core", "currency", "ExchangeRates", "exchange rate", "convert invoice totals to the reporting currency with the rate of the invoice date"),
          new Feature("customer-merge", "Merging duplicate customers", "core", "customer", "CustomerMerger", "customer merge", "merge two customer records, moving invoices, payments and contacts to the one kept"),
          new Feature("audit-retention", "Audit log retention", "store", "audit", "AuditRetention", "audit entry", "delete audit entries older than the retention period, in batches, keeping a tombstone count"),
          new Feature("line-tax-rounding", "Tax rounding per line item", "core", "tax", "LineTaxCalculator", "line tax", "round tax per invoice line instead of per invoice where the jurisdiction requires it"),
          new Feature("idempotent-capture", "Idempotency keys on payment capture", "api", "payment", "IdempotencyKeys", "idempotency key", "make payment capture idempotent by an Idempotency-Key header kept for 24 hours"),
          new Feature("revenue-report", "Monthly revenue report", "core", "report", "RevenueReport", "revenue figure", "report recognised revenue per month and per product line, net of credit notes"),
          new Feature("fiscal-numbering", "Invoice numbering per fiscal year", "core", "invoice", "InvoiceNumberSequence", "invoice number", "number invoices without gaps per fiscal year with a configurable prefix"),
          new Feature("webhook-retries", "Webhook retries with backoff", "api", "http", "WebhookDispatcher", "webhook delivery", "retry failed webhook deliveries with exponential backoff and give up after a day"),
          new Feature("customer-archive", "Archiving customers", "core", "customer", "CustomerArchive", "archived customer", "archive a customer instead of deleting it, hiding it from listings but keeping its invoices"),
          new Feature("dunning-schedule", "Dunning e-mail schedule", "core", "payment", "DunningSchedule", "reminder", "send payment reminders on a schedule of days after the due date, per customer segment"),
          new Feature("pdf-options", "Options for PDF invoices", "core", "export", "InvoicePdfOptions", "PDF option", "let customers choose paper size, language and whether line details are shown on PDF invoices"),
          new Feature("payment-terms", "Configurable payment terms", "core", "config", "PaymentTerms", "payment term", "compute due dates from named payment terms such as NET30 or end of month plus 15"),
          new Feature("partial-refunds", "Partial refunds", "core", "payment", "RefundService", "refund", "refund part of a captured payment, never more than what is left, with a reason"),
          new Feature("csv-import", "Bulk invoice import from CSV", "cli", "export", "InvoiceCsvImporter", "imported invoice", "import draft invoices from a CSV file, reporting every bad row with its line number"),
          new Feature("vat-validation", "VAT number validation", "core", "tax", "VatNumberValidator", "VAT number", "check the format and check digits of EU VAT numbers before they are stored"),
          new Feature("invoice-paging", "Paginated invoice listing", "api", "http", "InvoicePageHandler", "invoice page", "list invoices with cursor pagination, stable under concurrent inserts"),
          new Feature("discount-codes", "Discount codes", "core", "invoice", "DiscountCodes", "discount code", "apply percentage or fixed discount codes to invoices, with expiry and usage limits"),
          new Feature("pool-metrics", "Connection pool metrics", "store", "store", "PoolMetrics", "pool metric", "publish the connection pool's active, idle and waiting counts and the wait time"),
          new Feature("overdue-query", "Overdue invoice query", "store", "store", "OverdueQuery", "overdue invoice", "query overdue invoices by days overdue and customer, using an index"),
          new Feature("money-format", "Currency formatting by locale", "core", "currency", "MoneyFormat", "formatted amount", "format amounts for a locale with the currency's symbol and minor units"),
          new Feature("void-command", "A CLI command to void an invoice", "cli", "cli", "VoidInvoiceCommand", "voided invoice", "void an issued invoice from the command line, with a reason, writing an audit entry"),
          new Feature("invoice-diff", "Audit diff of invoice edits", "core", "audit", "InvoiceDiff", "invoice change", "record which fields of a draft invoice changed, with old and new values, in the audit log"),
          new Feature("health-endpoint", "Health endpoint with a store check", "api", "http", "HealthHandler", "health check", "report the service's health with a store round trip and the migration version"),
          new Feature("recurring-invoices", "Recurring invoices", "core", "invoice", "RecurringInvoices", "recurring invoice", "issue invoices from a template every week, month or year, catching up missed periods once"),
          new Feature("tax-exemptions", "Tax exemption certificates", "core", "tax", "ExemptionCertificates", "exemption certificate", "exempt a customer from tax while a valid certificate covers the invoice date"),
          new Feature("aged-receivables", "Aged receivables report", "core", "report", "AgedReceivables", "receivable", "report open receivables in 0-30, 31-60, 61-90 and over 90 day buckets per customer"));

  private static final String[] PACKAGES = {
    "invoice", "customer", "payment", "tax", "currency", "report", "export", "audit", "config", "http", "store", "cli", "util"
  };

  private static final String[] TYPES = {
    "Invoice", "Customer", "Money", "LineItem", "TaxRate", "Period", "AccountId", "LedgerEntry", "Report", "Payment",
    "Refund", "Currency", "Clock", "AuditEntry", "InvoiceId", "CustomerId", "Store", "Page", "Cursor", "Schedule"
  };

  private static final String[] NOUNS = {
    "invoice", "customer", "payment", "amount", "currency", "line", "tax", "rate", "period", "account", "entry",
    "report", "refund", "fee", "discount", "schedule", "event", "record", "request", "page", "token", "key", "limit",
    "batch", "term", "policy", "total", "balance", "status", "reason"
  };

  private static final String[] VERBS = {
    "find", "load", "save", "apply", "compute", "validate", "render", "parse", "issue", "void", "list", "count",
    "merge", "convert", "round", "schedule", "record", "publish", "resolve", "check"
  };

  static final String AGENTS_MD =
      """
      # Tally: instructions for coding agents

      Tally is the invoicing service behind the billing pages: invoices, customers, payments, taxes
      and the reports finance runs at month end. It is a Maven multi-module build on Java 17.

      ## Modules

      - `tally-core`: the domain (`com.acme.tally.invoice`, `customer`, `payment`, `tax`, `currency`,
        `report`, `export`, `audit`, `config`, `util`). No I/O here except through the interfaces in
        `com.acme.tally.store`; everything else is plain Java and fast to test.
      - `tally-store`: the PostgreSQL implementation of the store interfaces, with Flyway migrations
        in `tally-store/src/main/resources/db/migration` (`V<n>__<what>.sql`, never edit a released
        migration, add a new one).
      - `tally-api`: the HTTP API on the JDK's `HttpServer`, handlers in `com.acme.tally.http`, JSON
        with Jackson, errors as `application/problem+json`.
      - `tally-cli`: the operators' command line (`tally invoice void`, `tally import`, ...), picocli.

      ## Build and test

      - Build and run every test: `./mvnw -q verify` (about two minutes). One module:
        `./mvnw -q -pl tally-core verify`. One test class: `./mvnw -q -pl tally-core test
        -Dtest=InvoiceServiceTest`. Store tests need Docker (Testcontainers); they are skipped
        without it, so run them with `-Dstore.tests=on` only when you changed `tally-store`.
      - `./mvnw -q spotless:apply` formats the code (Google Java Format, 2-space indent). CI fails on
        unformatted code, so run it before you finish.
      - Never skip or delete a failing test to make the build pass; fix the code or explain in the
        pull request why the test was wrong.

      ## Code style

      - Money is `com.acme.tally.currency.Money` (a `BigDecimal` amount and a `Currency`), never
        `double`. Round with `Money.round(RoundingMode.HALF_EVEN)` at the boundaries the spec names,
        never in between.
      - Time comes from the injected `java.time.Clock`; never call `Instant.now()` or
        `LocalDate.now()` without a clock. Dates are `LocalDate` in the tenant's zone, instants are
        UTC.
      - Value types are records with their checks in the compact constructor
        (`Require.nonNull(x, "x")`, `Require.positive(...)` from `com.acme.tally.util.Require`). Error
        messages name the field and the bad value.
      - Services take their collaborators in the constructor; no static state, no service locator.
        Wire new services in `TallyModule` (core) and `ApiModule` (api).
      - Public classes and methods have Javadoc that says what they do and what they throw. Keep
        comments about why, not what.
      - Logging is SLF4J; log at INFO only what operators need, never personal data (names, e-mail
        addresses, VAT numbers): use the customer id.
      - Prefer small, package-private classes; make a type public only when another package needs it.

      ## Tests

      - JUnit 5 and AssertJ. Name tests for the behaviour (`rejectsANegativeAmount`), one behaviour per
        test. Property tests (jqwik) go in `*PropertiesTest` classes.
      - Use the builders in `com.acme.tally.testing` (`Invoices.draft()`, `Customers.acme()`) instead
        of constructing aggregates by hand, and `MutableClock` for time.
      - Every bug fix comes with a test that failed before the fix.
      - HTTP handlers are tested through `ApiTestServer` with real JSON, not by calling the handler.

      ## Data and security

      - Amounts, VAT numbers and customer data are personal or financial data: never print them in
        logs, exceptions shown to API clients, or test names.
      - Every change to an issued invoice, a payment or a customer's tax status writes an
        `AuditEntry` with the actor and the clock's time, in the same transaction.
      - Configuration comes from `TallyConfig`; new settings get a default, a validation and a line
        in `docs/configuration.md`.

      ## Pull requests

      - One spec per change. Keep unrelated refactoring out.
      - Update `CHANGELOG.md` under "Unreleased" with one line per user-visible change.
      - The factory commits what you leave in the workspace; do not commit yourself.
      """;

  private final long seed;
  private final String strongModel;
  private final String cheapModel;
  private final List<String> repoFiles;
  private final Map<String, String> contents = new HashMap<>();

  CostSessionGenerator(long seed, String strongModel, String cheapModel) {
    this.seed = seed;
    this.strongModel = strongModel;
    this.cheapModel = cheapModel;
    this.repoFiles = repository(new SplittableRandom(seed));
  }

  /** Writes the whole directory: AGENTS.md, the spec files, then the manifest. */
  void write(Path dir, int specs) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("AGENTS.md"), AGENTS_MD, StandardCharsets.UTF_8);
    List<String> kinds = kinds(specs);
    for (int i = 0; i < specs; i++) {
      CostRecording.write(
          dir.resolve(String.format(Locale.ROOT, "spec-%02d.json", i + 1)), spec(i, kinds.get(i)));
    }
    CostRecording.write(
        dir.resolve("manifest.json"),
        new Manifest(CostRecording.FORMAT, VERSION, seed, specs, strongModel, cheapModel));
  }

  /** The kind of each spec: fixed counts, in an order the seed shuffles. */
  List<String> kinds(int specs) {
    int hard = (int) Math.round(specs * HARD);
    int loop = (int) Math.round(specs * LOOP);
    int failing = (int) Math.round(specs * FAILING_EDITS);
    List<String> kinds = new ArrayList<>();
    for (int i = 0; i < specs; i++) {
      kinds.add(i < hard ? "hard" : i < hard + loop ? "loop" : i < hard + loop + failing ? "failing-edits" : "easy");
    }
    SplittableRandom r = new SplittableRandom(seed * 7919 + 17);
    for (int i = kinds.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      String t = kinds.get(i);
      kinds.set(i, kinds.get(j));
      kinds.set(j, t);
    }
    return kinds;
  }

  SpecRecording spec(int index, String kind) {
    Feature f = FEATURES.get(index % FEATURES.size());
    int round = index / FEATURES.size();
    String slug = round == 0 ? f.slug() : f.slug() + "-" + (round + 1);
    SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index);
    SpecText spec = specText(slug, f, r.split());
    int strongTurns = turns(r);
    int cheapTurns = Math.max(15, Math.min(40, strongTurns + r.nextInt(-2, 9)));
    Session strong =
        new SessionWriter(r.split(), f, spec, strongModel).session(
            strongTurns, Variant.PLAIN, "the strong model's attempt; it merges", Evaluation.mergedOne(), false);
    Session cheap;
    List<String> routed;
    switch (kind) {
      case "hard" -> {
        Evaluation failed =
            new Evaluation(
                false,
                "The candidate failed evaluation: the visible scenario "
                    + spec.scenarios().get(1).id()
                    + " failed (exit code 1), and "
                    + (1 + r.nextInt(2))
                    + " of 4 hidden checks failed.",
                List.of(spec.scenarios().get(1).id()),
                2,
                4);
        cheap =
            new SessionWriter(r.split(), f, spec, cheapModel).session(
                cheapTurns, Variant.PLAIN, "the cheap model's attempt; it finishes but fails evaluation", failed, true);
        routed = List.of("cheap", "strong");
      }
      case "loop" -> {
        cheap =
            new SessionWriter(r.split(), f, spec, cheapModel).escalatingTo(strongModel).session(
                cheapTurns, Variant.LOOP, "the cheap model re-reads a file until the loop warns; the strong model finishes; it merges", Evaluation.mergedOne(), false);
        routed = List.of("cheap");
      }
      case "failing-edits" -> {
        cheap =
            new SessionWriter(r.split(), f, spec, cheapModel).escalatingTo(strongModel).session(
                cheapTurns, Variant.FAILING_EDITS, "the cheap model's edits miss three rounds in a row; the strong model finishes; it merges", Evaluation.mergedOne(), false);
        routed = List.of("cheap");
      }
      case "easy" -> {
        cheap =
            new SessionWriter(r.split(), f, spec, cheapModel).session(
                cheapTurns, Variant.PLAIN, "the cheap model's attempt; it merges", Evaluation.mergedOne(), false);
        routed = List.of("cheap");
      }
      default -> throw new IllegalArgumentException(kind);
    }
    Map<String, Session> sessions = new LinkedHashMap<>();
    sessions.put("strong", strong);
    sessions.put("cheap", cheap);
    return new SpecRecording(CostRecording.FORMAT, kind, spec, sessions, List.of("strong"), routed);
  }

  /** 15 to 40 turns, most around 25. */
  private static int turns(SplittableRandom r) {
    return 15 + r.nextInt(0, 13) + r.nextInt(0, 14);
  }

  // ---------------------------------------------------------------------------------------------
  // The spec

  private static SpecText specText(String slug, Feature f, SplittableRandom r) {
    String module = "tally-" + f.module();
    String pkg = "com.acme.tally." + f.pkg();
    String goal =
        capitalize(f.what())
            + ".\n\nToday this is done by hand: finance exports what they need from the database and"
            + " fixes it in a spreadsheet, which is slow and has already produced wrong figures"
            + " twice this quarter. The new `"
            + f.cls()
            + "` in `"
            + pkg
            + "` ("
            + module
            + ") does it inside the service, so the API, the CLI and the month-end reports all"
            + " agree.\n\nRequirements:\n\n"
            + bullets(r, REQUIREMENTS, 5, f)
            + "\nThe behaviour is the same for every tenant; tenant-specific settings come from"
            + " `TallyConfig` with the defaults named below.";
    String constraints = bullets(r, CONSTRAINTS, 4, f);
    String interfaces =
        "```java\n"
            + "package "
            + pkg
            + ";\n\n"
            + "/** "
            + capitalize(f.what())
            + ". */\n"
            + "public final class "
            + f.cls()
            + " {\n"
            + "  public "
            + f.cls()
            + "(TallyConfig config, Clock clock, AuditLog audit) { ... }\n\n"
            + "  /** Applies the "
            + f.noun()
            + " rules to one invoice; never returns null. */\n"
            + "  public Result apply(Invoice invoice) { ... }\n\n"
            + "  /** What apply did, for the caller to show or log. */\n"
            + "  public record Result(InvoiceId invoice, List<Change> changes, Optional<String> warning) {}\n"
            + "}\n```\n\n"
            + "Configuration: `tally."
            + f.pkg()
            + "."
            + slug.replace('-', '.')
            + ".enabled` (default `true`) and `tally."
            + f.pkg()
            + "."
            + slug.replace('-', '.')
            + ".limit` (default `100`).";
    String nonGoals = bullets(r, NON_GOALS, 3, f);
    List<ScenarioText> scenarios = new ArrayList<>();
    String[] what = {"the usual case", "an edge case the spec names", "bad input is refused with a clear message"};
    String[] method = {"appliesToATypicalInvoice", "handlesTheEdgeCaseTheSpecNames", "refusesBadInputNamingTheField"};
    for (int k = 0; k < 3; k++) {
      scenarios.add(
          new ScenarioText(
              slug + "-" + (k + 1),
              capitalize(f.noun()) + ": " + what[k],
              "Runs " + f.cls() + "Test#" + method[k] + " against a fresh build of " + module + ".",
              "./mvnw -q -pl " + module + " test -Dtest=" + f.cls() + "Test#" + method[k]));
    }
    return new SpecText(
        slug,
        f.title(),
        capitalize(f.what()) + ", in " + module + ".",
        goal,
        constraints,
        interfaces,
        nonGoals,
        scenarios);
  }

  private static final String[] REQUIREMENTS = {
    "`{C}` rejects a null or blank argument with an IllegalArgumentException that names it.",
    "Amounts stay `Money` with the currency's scale; rounding happens once, at the end, HALF_EVEN.",
    "Every {n} that changes an issued invoice writes an `AuditEntry` with the actor and the clock's time, in the same transaction.",
    "The operation is idempotent: applying it twice to the same invoice changes nothing the second time.",
    "Errors reach API clients as `application/problem+json` with a 4xx status and no personal data.",
    "Dates are the tenant's local dates; whatever is dated the last day of a month belongs to that month.",
    "The result lists every change made, in the order made, so the CLI can print it.",
    "A disabled tenant setting turns the {n} off without an error; `apply` returns an empty result.",
    "Large tenants (100,000 invoices) are handled in batches of at most the configured limit.",
    "Concurrent calls for the same invoice do not both apply; the second sees the first's result."
  };

  private static final String[] CONSTRAINTS = {
    "No new dependencies; use what the modules already depend on.",
    "Keep the public API of `InvoiceService` unchanged; callers must not need to change.",
    "No schema change unless unavoidable; if one is needed, add a new Flyway migration.",
    "Time comes from the injected `Clock` only.",
    "Do not log amounts, names or VAT numbers; use ids.",
    "Keep `{C}` package-private helpers in `com.acme.tally.{p}`; only `{C}` is public.",
    "The existing tests keep passing unchanged."
  };

  private static final String[] NON_GOALS = {
    "No user interface; the web front end will follow in another spec.",
    "No migration of historical data.",
    "No new configuration file format; settings stay in `TallyConfig`.",
    "No support for currencies without ISO 4217 codes.",
    "No performance work beyond the batching above."
  };

  private static String bullets(SplittableRandom r, String[] pool, int count, Feature f) {
    List<String> left = new ArrayList<>(List.of(pool));
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < count && !left.isEmpty(); i++) {
      String line = left.remove(r.nextInt(left.size()));
      b.append("- ")
          .append(line.replace("{C}", f.cls()).replace("{n}", f.noun()).replace("{p}", f.pkg()))
          .append('\n');
    }
    return b.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // The repository

  /** Every file of the repository, sorted. */
  private static List<String> repository(SplittableRandom r) {
    Set<String> files = new java.util.TreeSet<>();
    files.add("pom.xml");
    files.add("README.md");
    files.add("CHANGELOG.md");
    files.add("AGENTS.md");
    files.add("docs/configuration.md");
    files.add("docs/architecture.md");
    String[] modules = {"core", "store", "api", "cli"};
    for (String m : modules) {
      files.add("tally-" + m + "/pom.xml");
    }
    for (String p : PACKAGES) {
      String module = moduleOf(p);
      int classes = 5 + r.nextInt(6);
      for (int i = 0; i < classes; i++) {
        String cls = TYPES[r.nextInt(TYPES.length)] + suffix(r);
        files.add(javaPath(module, p, cls, false));
        if (r.nextInt(3) > 0) {
          files.add(javaPath(module, p, cls + "Test", true));
        }
      }
    }
    for (int v = 1; v <= 14; v++) {
      files.add("tally-store/src/main/resources/db/migration/V" + v + "__" + NOUNS[r.nextInt(NOUNS.length)] + "s.sql");
    }
    return List.copyOf(files);
  }

  private static String suffix(SplittableRandom r) {
    String[] s = {"Service", "Repository", "Policy", "Calculator", "Handler", "Mapper", "Validator", "Factory", "s", "Codec"};
    return s[r.nextInt(s.length)];
  }

  static String moduleOf(String pkg) {
    return switch (pkg) {
      case "store" -> "tally-store";
      case "http" -> "tally-api";
      case "cli" -> "tally-cli";
      default -> "tally-core";
    };
  }

  static String javaPath(String module, String pkg, String cls, boolean test) {
    return module + "/src/" + (test ? "test" : "main") + "/java/com/acme/tally/" + pkg + "/" + cls + ".java";
  }

  /** The content of a repository file: the same for every session. */
  String content(String path) {
    return contents.computeIfAbsent(
        path,
        p -> {
          SplittableRandom r = new SplittableRandom(seed ^ (p.hashCode() * 0x9E3779B97F4A7C15L));
          int size = fileSize(r);
          return p.endsWith(".java") ? javaSource(p, r, size) : textFile(p, r, size);
        });
  }

  /** 1,500 to 24,000 characters: most files are mid-sized, a quarter are large. */
  private static int fileSize(SplittableRandom r) {
    int bucket = r.nextInt(100);
    if (bucket < 30) {
      return r.nextInt(1_500, 4_000);
    }
    if (bucket < 75) {
      return r.nextInt(4_000, 10_000);
    }
    return r.nextInt(10_000, 24_000);
  }

  static String javaSource(String path, SplittableRandom r, int size) {
    String cls = path.substring(path.lastIndexOf('/') + 1, path.length() - ".java".length());
    String pkg = path.substring(path.indexOf("/java/") + 6, path.lastIndexOf('/')).replace('/', '.');
    StringBuilder b = new StringBuilder();
    b.append("package ").append(pkg).append(";\n\n");
    String[] imports = {
      "java.math.BigDecimal", "java.math.RoundingMode", "java.time.Clock", "java.time.LocalDate", "java.util.ArrayList",
      "java.util.List", "java.util.Map", "java.util.Objects", "java.util.Optional", "org.slf4j.Logger",
      "org.slf4j.LoggerFactory", "com.acme.tally.currency.Money", "com.acme.tally.util.Require",
      "com.acme.tally.audit.AuditLog", "com.acme.tally.config.TallyConfig"
    };
    int n = 5 + r.nextInt(8);
    for (int i = 0; i < n; i++) {
      b.append("import ").append(imports[(i * 3 + r.nextInt(3)) % imports.length]).append(";\n");
    }
    boolean test = cls.endsWith("Test");
    b.append("\n/**\n * ").append(sentence(r)).append("\n *\n * <p>").append(sentence(r)).append(' ').append(sentence(r)).append("\n */\n");
    b.append(test ? "class " : "public final class ").append(cls).append(" {\n\n");
    if (!test) {
      b.append("  private static final Logger log = LoggerFactory.getLogger(").append(cls).append(".class);\n\n");
      int fields = 2 + r.nextInt(5);
      for (int i = 0; i < fields; i++) {
        b.append("  private final ").append(pick(r, TYPES)).append(' ').append(pick(r, NOUNS)).append(i).append(";\n");
      }
      b.append('\n');
    }
    while (b.length() < size) {
      if (test) {
        testMethod(b, r);
      } else {
        method(b, r);
      }
    }
    b.append("}\n");
    return b.toString();
  }

  private static void method(StringBuilder b, SplittableRandom r) {
    String type = pick(r, TYPES);
    String noun = pick(r, NOUNS);
    String verb = pick(r, VERBS);
    String param = pick(r, NOUNS);
    b.append("  /**\n   * ").append(sentence(r)).append("\n   *\n   * @param ").append(param).append(" the ").append(param)
        .append("\n   * @return the ").append(noun).append("\n   */\n");
    b.append("  public ").append(type).append(' ').append(verb).append(capitalize(noun)).append('(')
        .append(pick(r, TYPES)).append(' ').append(param).append(") {\n");
    b.append("    Require.nonNull(").append(param).append(", \"").append(param).append("\");\n");
    int statements = 2 + r.nextInt(9);
    for (int i = 0; i < statements; i++) {
      statement(b, r, param);
    }
    b.append("    return ").append(pick(r, NOUNS)).append("0.").append(pick(r, VERBS)).append('(').append(param).append(");\n");
    b.append("  }\n\n");
  }

  private static void testMethod(StringBuilder b, SplittableRandom r) {
    String name = pick(r, VERBS) + "s" + capitalize(pick(r, NOUNS)) + "With" + capitalize(pick(r, NOUNS));
    b.append("  @Test\n  void ").append(name).append("() {\n");
    b.append("    var clock = new MutableClock(Instant.parse(\"2026-03-").append(10 + r.nextInt(18)).append("T09:00:00Z\"));\n");
    b.append("    var invoice = Invoices.draft().line(\"").append(pick(r, NOUNS)).append("\", Money.eur(\"").append(r.nextInt(10, 990))
        .append('.').append(r.nextInt(10, 99)).append("\")).build();\n");
    int statements = 2 + r.nextInt(6);
    for (int i = 0; i < statements; i++) {
      statement(b, r, "invoice");
    }
    b.append("    assertThat(result.").append(pick(r, NOUNS)).append("()).isEqualTo(").append(pick(r, TYPES)).append(".of(\"")
        .append(pick(r, NOUNS)).append("\"));\n");
    b.append("  }\n\n");
  }

  private static void statement(StringBuilder b, SplittableRandom r, String param) {
    String v = pick(r, NOUNS) + capitalize(pick(r, NOUNS));
    switch (r.nextInt(8)) {
      case 0 -> b.append("    ").append(pick(r, TYPES)).append(' ').append(v).append(" = ").append(pick(r, NOUNS)).append("0.")
          .append(pick(r, VERBS)).append(capitalize(pick(r, NOUNS))).append('(').append(param).append(");\n");
      case 1 -> b.append("    if (").append(param).append(".").append(pick(r, NOUNS)).append("().isEmpty()) {\n      return ")
          .append(pick(r, TYPES)).append(".empty();\n    }\n");
      case 2 -> b.append("    for (var ").append(v).append(" : ").append(param).append(".").append(pick(r, NOUNS))
          .append("s()) {\n      result.add(").append(v).append('.').append(pick(r, VERBS)).append("(clock));\n    }\n");
      case 3 -> b.append("    log.debug(\"").append(pick(r, VERBS)).append(' ').append(pick(r, NOUNS)).append(" {} for {}\", ")
          .append(param).append(".id(), ").append(v.length()).append(");\n");
      case 4 -> b.append("    BigDecimal ").append(v).append(" = ").append(param)
          .append(".amount().multiply(rate).setScale(2, RoundingMode.HALF_EVEN);\n");
      case 5 -> b.append("    List<").append(pick(r, TYPES)).append("> ").append(v).append(" = new ArrayList<>();\n");
      case 6 -> b.append("    if (").append(param).append(".compareTo(").append(pick(r, TYPES)).append(".ZERO) < 0) {\n")
          .append("      throw new IllegalArgumentException(\"").append(pick(r, NOUNS)).append(" must not be negative but was \" + ")
          .append(param).append(");\n    }\n");
      default -> b.append("    var ").append(v).append(" = ").append(param).append(".toBuilder().").append(pick(r, NOUNS))
          .append("(clock.instant()).build();\n");
    }
  }

  private static String textFile(String path, SplittableRandom r, int size) {
    StringBuilder b = new StringBuilder();
    if (path.endsWith(".sql")) {
      while (b.length() < size / 3) {
        String table = pick(r, NOUNS);
        b.append("CREATE TABLE ").append(table).append("_").append(pick(r, NOUNS)).append(" (\n  id BIGINT PRIMARY KEY,\n  tenant_id BIGINT NOT NULL,\n  ")
            .append(pick(r, NOUNS)).append(" NUMERIC(19, 4) NOT NULL,\n  created_at TIMESTAMP WITH TIME ZONE NOT NULL\n);\n")
            .append("CREATE INDEX ").append(table).append("_tenant ON ").append(table).append(" (tenant_id, created_at);\n\n");
      }
    } else if (path.endsWith(".xml")) {
      b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<project>\n  <modelVersion>4.0.0</modelVersion>\n  <dependencies>\n");
      while (b.length() < size / 2) {
        b.append("    <dependency>\n      <groupId>com.acme.").append(pick(r, NOUNS)).append("</groupId>\n      <artifactId>")
            .append(pick(r, NOUNS)).append("-").append(pick(r, NOUNS)).append("</artifactId>\n    </dependency>\n");
      }
      b.append("  </dependencies>\n</project>\n");
    } else {
      b.append("# ").append(capitalize(pick(r, NOUNS))).append("s\n\n");
      while (b.length() < size) {
        b.append(sentence(r)).append(' ').append(sentence(r)).append(' ').append(sentence(r)).append("\n\n");
        if (r.nextInt(4) == 0) {
          b.append("## ").append(capitalize(pick(r, NOUNS))).append(' ').append(pick(r, NOUNS)).append("s\n\n");
        }
      }
    }
    return b.toString();
  }

  private static String sentence(SplittableRandom r) {
    String[] forms = {
      "The %s keeps the %s of each %s until the %s is issued.",
      "Every %s goes through %s, which checks the %s against the %s.",
      "A %s without a %s is refused, so the %s never reaches the %s.",
      "This is where the %s and the %s meet: the %s decides, the %s records it.",
      "When the %s changes, the %s is computed again from the %s and the %s.",
      "Callers pass the %s; the %s, the %s and the %s come from the configuration."
    };
    return String.format(Locale.ROOT, pick(r, forms), pick(r, NOUNS), pick(r, NOUNS), pick(r, NOUNS), pick(r, NOUNS));
  }

  private static String pick(SplittableRandom r, String[] from) {
    return from[r.nextInt(from.length)];
  }

  static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  static String numbered(String text, int first, int last) {
    String[] lines = text.split("\n", -1);
    int total = text.endsWith("\n") ? lines.length - 1 : lines.length;
    int end = Math.min(last, total);
    int width = Integer.toString(Math.max(end, 1)).length();
    StringBuilder b = new StringBuilder();
    for (int n = first; n <= end; n++) {
      String digits = Integer.toString(n);
      b.append(" ".repeat(Math.max(0, width - digits.length()))).append(digits).append('\t').append(lines[n - 1]).append('\n');
    }
    return b.toString();
  }

  static int lineCount(String text) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        n++;
      }
    }
    return text.endsWith("\n") || text.isEmpty() ? n : n + 1;
  }

  // ---------------------------------------------------------------------------------------------
  // A session

  /** How an attempt goes wrong, if it does before its end. */
  enum Variant {
    PLAIN,
    /** Three turns re-reading one file; the loop warns; the strong model takes over. */
    LOOP,
    /** Three rounds of edits that miss; the strong model takes over. */
    FAILING_EDITS
  }

  /** Writes one attempt, turn by turn. */
  private final class SessionWriter {
    private final SplittableRandom r;
    private final Feature f;
    private final SpecText spec;
    private String model;
    private String escalateTo;
    private final List<Turn> turns = new ArrayList<>();
    private final Set<String> signatures = new HashSet<>();
    private final List<String> relevant;
    private final List<String> read = new ArrayList<>();
    private final Map<String, String> written = new LinkedHashMap<>();
    private final String mainPath;
    private final String testPath;
    private int callIds;
    private int turnNumber;
    private int incident = -1;
    private boolean previousRoundFailed;
    private int failingBuilds;

    SessionWriter(SplittableRandom r, Feature f, SpecText spec, String model) {
      this.r = r;
      this.f = f;
      this.spec = spec;
      this.model = model;
      this.escalateTo = model;
      String module = "tally-" + f.module();
      this.mainPath = javaPath(module, f.pkg(), f.cls(), false);
      this.testPath = javaPath(module, f.pkg(), f.cls() + "Test", true);
      List<String> rel = new ArrayList<>();
      for (String p : repoFiles) {
        if (p.contains("/tally/" + f.pkg() + "/")) {
          rel.add(p);
        }
      }
      for (String p : repoFiles) {
        if (p.endsWith(".java") && rel.size() < 14 && r.nextInt(6) == 0 && !rel.contains(p)) {
          rel.add(p);
        }
      }
      this.relevant = rel;
    }

    SessionWriter escalatingTo(String strong) {
      this.escalateTo = strong;
      return this;
    }

    Session session(int n, Variant variant, String description, Evaluation evaluation, boolean alwaysNote) {
      int explore = Math.max(4, (int) Math.round(n * 0.3));
      int verify = Math.max(3, (int) Math.round(n * 0.2));
      incident =
          switch (variant) {
            case PLAIN -> -1;
            case LOOP -> 3 + r.nextInt(Math.max(1, explore - 3));
            case FAILING_EDITS -> explore + 2 + r.nextInt(Math.max(1, n - verify - explore - 5));
          };
      for (int t = 1; t <= n; t++) {
        turnNumber = t;
        if (t == incident) {
          String path = variant == Variant.LOOP ? unread() : pickRelevant();
          for (int k = 0; k < 3; k++, t++) {
            List<Call> calls = new ArrayList<>();
            if (variant == Variant.LOOP) {
              calls.add(call("read_file", args("path", path), readOutput(path, 1, Integer.MAX_VALUE), false, true));
            } else {
              @Nullable Call miss = null;
              while (miss == null) {
                miss = editMiss(path);
              }
              calls.add(miss);
            }
            turn(text(variant == Variant.LOOP ? Phase.LOOPING : Phase.MISSING), calls);
          }
          model = escalateTo; // the router escalates after the third round; the rest is the strong model's
          t--;
          continue;
        }
        if (t == n) {
          List<Call> calls = new ArrayList<>();
          if (alwaysNote || r.nextBoolean()) {
            calls.add(call("note", args("text", note()), "noted; a later attempt at this spec will read it", false, false));
          }
          calls.add(call("finish", args("summary", summary()), "finished", false, false));
          turn(text(Phase.FINISHING), calls);
        } else if (t <= explore) {
          turn(text(Phase.EXPLORING), atLeastOne(exploring(t)));
        } else if (t <= n - verify) {
          turn(text(Phase.EDITING), atLeastOne(editing(t - explore)));
        } else {
          turn(text(Phase.VERIFYING), atLeastOne(verifying(t - (n - verify))));
        }
      }
      return new Session(description, evaluation, List.copyOf(turns));
    }

    private void turn(String text, List<Call> calls) {
      long chars = text.length();
      for (Call c : calls) {
        chars += c.tool().length() + c.arguments().toString().length();
      }
      turns.add(new Turn(model, text, (chars + 3) / 4, List.copyOf(calls)));
      previousRoundFailed = !calls.isEmpty() && calls.stream().allMatch(Call::error);
    }

    /** A call; unique unless {@code repeat}, so no pattern repeats by chance. */
    private @Nullable Call call(String tool, ObjectNode arguments, String output, boolean error, boolean repeat) {
      String signature = tool + arguments;
      if (!signatures.add(signature) && !repeat) {
        return null;
      }
      callIds++;
      return new Call(String.format(Locale.ROOT, "toolu_%s_%03d", Long.toString(r.nextLong() & 0xffffffffL, 36), callIds), tool, arguments, output, error);
    }

    private List<Call> exploring(int t) {
      List<Call> calls = new ArrayList<>();
      if (t == 1) {
        add(calls, call("list_files", args("glob", "**/" + f.pkg() + "/**/*.java"), listOutput(f.pkg()), false, false));
        return calls;
      }
      int count = count(50, 35);
      for (int attempt = 0; calls.size() < count && attempt < 20; attempt++) {
        int kind = r.nextInt(10);
        if (kind < 6) {
          add(calls, read());
        } else if (kind < 9) {
          add(calls, search());
        } else {
          String[] globs = {"**/*" + f.noun().split(" ")[0].substring(0, 3) + "*", "tally-" + f.module() + "/src/test/**/*.java", "**/*.sql", "docs/**", "**/pom.xml"};
          String glob = pick(r, globs);
          add(calls, call("list_files", args("glob", glob), listOutput(null), false, false));
        }
      }
      return calls;
    }

    /** A round never comes back empty: a text answer would be a different kind of turn. */
    private List<Call> atLeastOne(List<Call> calls) {
      while (calls.isEmpty()) {
        add(calls, readRange());
      }
      return calls;
    }

    private List<Call> editing(int step) {
      List<Call> calls = new ArrayList<>();
      if (step == 1) {
        add(calls, write(mainPath, javaSource(mainPath, r, r.nextInt(3_000, 9_000))));
        return calls;
      }
      if (step == 2) {
        add(calls, write(testPath, javaSource(testPath, r, r.nextInt(2_500, 7_000))));
        add(calls, build());
        return calls;
      }
      int count = count(55, 35);
      for (int attempt = 0; calls.size() < count && attempt < 20; attempt++) {
        int kind = r.nextInt(20);
        if (kind < 9) {
          add(calls, edit());
        } else if (kind < 14) {
          add(calls, build());
        } else if (kind < 17) {
          add(calls, readRange());
        } else if (kind < 18) {
          add(calls, search());
        } else {
          String path = written.containsKey(testPath) && r.nextBoolean() ? testPath : mainPath;
          add(calls, write(path, javaSource(path, r, r.nextInt(3_000, 9_000))));
        }
      }
      return calls;
    }

    private List<Call> verifying(int step) {
      List<Call> calls = new ArrayList<>();
      int count = step == 1 ? 1 : count(60, 40);
      for (int attempt = 0; calls.size() < count && attempt < 20; attempt++) {
        int kind = r.nextInt(10);
        if (step == 1 || kind < 3) {
          add(calls, command("./mvnw -q -pl tally-" + f.module() + " verify" + (step == 1 ? "" : " -Dsurefire.rerunFailingTestsCount=" + r.nextInt(1, 9)), mavenSuccess(60, 160), false));
        } else if (kind < 6) {
          ScenarioText s = spec.scenarios().get(r.nextInt(spec.scenarios().size()));
          add(calls, command(s.command(), mavenSuccess(8, 30), false));
        } else if (kind < 8) {
          add(calls, command("git diff" + (r.nextBoolean() ? " --stat" : " -- " + pick(r, written.keySet().toArray(String[]::new))), diffOutput(), false));
        } else if (kind < 9) {
          add(calls, command("./mvnw -q spotless:apply && git status --short", statusOutput(), false));
        } else {
          add(calls, readRange());
        }
      }
      return calls;
    }

    private int count(int one, int two) {
      int x = r.nextInt(100);
      return x < one ? 1 : x < one + two ? 2 : 3;
    }

    private void add(List<Call> calls, @Nullable Call call) {
      if (call != null) {
        calls.add(call);
      }
    }

    private String pickRelevant() {
      return relevant.get(r.nextInt(relevant.size()));
    }

    private String readOne() {
      return read.isEmpty() ? pickRelevant() : read.get(r.nextInt(read.size()));
    }

    /** A relevant file not read whole yet, so the incident's calls repeat nothing earlier. */
    private String unread() {
      for (int k = 0; k < 50; k++) {
        String p = pickRelevant();
        if (!signatures.contains("read_file" + args("path", p))) {
          return p;
        }
      }
      return pickRelevant();
    }

    private @Nullable Call read() {
      String path = pickRelevant();
      String content = content(path);
      int lines = lineCount(content);
      Call c;
      if (lines > 400 && r.nextBoolean()) {
        int start = 1 + r.nextInt(lines - 200);
        int end = start + 120 + r.nextInt(150);
        c = call("read_file", args("path", path, "start_line", start, "end_line", end), readOutput(path, start, end), false, false);
      } else {
        c = call("read_file", args("path", path), readOutput(path, 1, Integer.MAX_VALUE), false, false);
      }
      if (c != null) {
        read.add(path);
      }
      return c;
    }

    private @Nullable Call readRange() {
      String path = written.isEmpty() || r.nextInt(3) == 0 ? readOne() : pick(r, written.keySet().toArray(String[]::new));
      String content = written.getOrDefault(path, content(path));
      int lines = lineCount(content);
      int start = 1 + r.nextInt(Math.max(1, lines - 40));
      int end = Math.min(lines, start + 30 + r.nextInt(80));
      return call("read_file", args("path", path, "start_line", start, "end_line", end), readOutput(path, start, end), false, false);
    }

    private String readOutput(String path, int start, int end) {
      String content = written.getOrDefault(path, content(path));
      int lines = lineCount(content);
      String body = numbered(content, start, Math.min(end, lines));
      if (start > 1 || end < lines) {
        body += "[lines " + start + "-" + Math.min(end, lines) + " of " + String.format(Locale.ROOT, "%,d", lines) + "]\n";
      }
      return body;
    }

    private @Nullable Call search() {
      String[] patterns = {
        f.cls().substring(0, Math.min(8, f.cls().length())), "class \\w+" + capitalize(pick(r, NOUNS)), "(?i)" + pick(r, NOUNS) + "\\(",
        "Money\\." + pick(r, VERBS), "TallyConfig\\.\\w+" + capitalize(pick(r, NOUNS)), "AuditEntry\\.of", "@Test\\s+void " + pick(r, VERBS)
      };
      String pattern = pick(r, patterns);
      ObjectNode a = r.nextBoolean() ? args("pattern", pattern) : args("pattern", pattern, "glob", "**/*.java");
      StringBuilder out = new StringBuilder();
      int matches = r.nextInt(3, 45);
      for (int i = 0; i < matches; i++) {
        String path = r.nextInt(3) == 0 ? repoFiles.get(r.nextInt(repoFiles.size())) : pickRelevant();
        String[] lines = content(path).split("\n");
        int line = r.nextInt(lines.length);
        String text = lines[line].strip();
        out.append(path).append(':').append(line + 1).append(": ").append(text.length() > 300 ? text.substring(0, 300) : text).append('\n');
      }
      return call("search_files", a, out.toString(), false, false);
    }

    private String listOutput(@Nullable String pkg) {
      StringBuilder b = new StringBuilder();
      for (String p : repoFiles) {
        if (pkg == null ? r.nextInt(4) == 0 : p.contains("/tally/" + pkg + "/")) {
          b.append(p).append('\n');
        }
      }
      return b.length() == 0 ? "No files match in <workspace>\n" : b.toString();
    }

    private @Nullable Call write(String path, String content) {
      boolean existed = written.containsKey(path);
      Call c = call("write_file", args("path", path, "content", content),
          (existed ? "Overwrote " : "Created ") + path + ": wrote " + String.format(Locale.ROOT, "%,d", content.getBytes(StandardCharsets.UTF_8).length)
              + " bytes (" + lineCount(content) + " lines)", false, false);
      if (c != null) {
        written.put(path, content);
      }
      return c;
    }

    private @Nullable Call edit() {
      boolean own = !written.isEmpty() && r.nextInt(3) > 0;
      String path = own ? pick(r, written.keySet().toArray(String[]::new)) : pickRelevant();
      String content = written.getOrDefault(path, content(path));
      String[] lines = content.split("\n");
      if (lines.length < 20) {
        return null;
      }
      // A miss now and then, never two failed rounds in a row and never just before the incident,
      // so the router escalates exactly where the recording says.
      if (!previousRoundFailed && turnNumber != incident - 1 && r.nextInt(25) == 0) {
        return editMiss(path);
      }
      int from = 5 + r.nextInt(lines.length - 15);
      int len = 3 + r.nextInt(Math.min(10, lines.length - from - 3));
      String old = String.join("\n", java.util.Arrays.copyOfRange(lines, from, from + len));
      StringBuilder added = new StringBuilder();
      statement(added, r, pick(r, NOUNS));
      if (r.nextBoolean()) {
        method(added, r);
      }
      String replacement = old + "\n" + added.toString().stripTrailing();
      int newLines = lineCount(replacement);
      String[] after = (String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, from - 3), from)) + "\n" + replacement + "\n"
              + String.join("\n", java.util.Arrays.copyOfRange(lines, from + len, Math.min(lines.length, from + len + 3)))).split("\n");
      StringBuilder out = new StringBuilder("Edited ").append(path).append(": replaced lines ").append(from + 1).append('-').append(from + len)
          .append(" with ").append(newLines).append(" lines. The file around the edit now reads:\n");
      int width = Integer.toString(from + len + newLines + 3).length();
      int number = Math.max(1, from - 2);
      for (String l : after) {
        String digits = Integer.toString(number++);
        out.append(" ".repeat(Math.max(0, width - digits.length()))).append(digits).append('\t').append(l).append('\n');
      }
      return call("edit_file", args("path", path, "old_string", old, "new_string", replacement), out.toString(), false, false);
    }

    private @Nullable Call editMiss(String path) {
      String content = written.getOrDefault(path, content(path));
      String[] lines = content.split("\n");
      StringBuilder wanted = new StringBuilder();
      statement(wanted, r, pick(r, NOUNS));
      statement(wanted, r, pick(r, NOUNS));
      StringBuilder out = new StringBuilder("old_string was not found in ").append(path)
          .append(", so nothing was changed. edit_file needs an exact match, including whitespace and indentation. The most similar passages of the file:\n");
      for (int k = 0; k < 3; k++) {
        int start = r.nextInt(Math.max(1, lines.length - 8));
        out.append("\nLines ").append(start + 1).append('-').append(start + 6).append(" (").append(40 + r.nextInt(45)).append("% similar):\n");
        out.append(numbered(content, start + 1, start + 6));
      }
      out.append("\nCopy the text exactly as it is in the file (without the line-number prefixes) and try again.");
      return call("edit_file", args("path", path, "old_string", wanted.toString().stripTrailing(), "new_string", wanted + "    " + pick(r, VERBS) + "(clock);"),
          out.toString(), true, false);
    }

    private @Nullable Call build() {
      String test = r.nextBoolean() ? f.cls() + "Test" : f.cls() + "Test#" + pick(r, VERBS) + capitalize(pick(r, NOUNS));
      String cmd = "./mvnw -q -pl tally-" + f.module() + " test -Dtest=" + test + (r.nextInt(3) == 0 ? " -DfailIfNoTests=false" : "");
      boolean fail = failingBuilds < 2 || r.nextInt(3) == 0;
      String output;
      if (!fail) {
        output = mavenSuccess(10, 40);
      } else if (failingBuilds++ == 0 || r.nextInt(3) == 0) {
        output = compileError();
      } else {
        output = testFailure();
      }
      return command(cmd, output, false);
    }

    private @Nullable Call command(String cmd, String output, boolean error) {
      ObjectNode a = r.nextInt(4) == 0 ? args("command", cmd, "timeout_seconds", 300) : args("command", cmd);
      return call("run_command", a, output, error, false);
    }

    private String mavenSuccess(int min, int max) {
      StringBuilder b = new StringBuilder("exit code: 0 (").append(r.nextInt(8, 95)).append('.').append(r.nextInt(10)).append(" s)\n--- stdout ---\n");
      int lines = r.nextInt(min, max);
      for (int i = 0; i < lines; i++) {
        b.append("[INFO] Tests run: ").append(r.nextInt(1, 40)).append(", Failures: 0, Errors: 0, Skipped: 0, Time elapsed: ")
            .append(r.nextInt(0, 3)).append('.').append(r.nextInt(100, 999)).append(" s - in com.acme.tally.")
            .append(pick(r, PACKAGES)).append('.').append(pick(r, TYPES)).append(suffix(r)).append("Test\n");
      }
      b.append("[INFO] \n[INFO] Results:\n[INFO] \n[INFO] Tests run: ").append(r.nextInt(50, 900))
          .append(", Failures: 0, Errors: 0, Skipped: ").append(r.nextInt(0, 12)).append("\n[INFO] \n[INFO] BUILD SUCCESS\n--- stderr: (empty)\n");
      return b.toString();
    }

    private String compileError() {
      StringBuilder b = new StringBuilder("exit code: 1 (").append(r.nextInt(6, 30)).append('.').append(r.nextInt(10)).append(" s)\n--- stdout ---\n");
      b.append("[ERROR] COMPILATION ERROR : \n[INFO] -------------------------------------------------------------\n");
      int errors = r.nextInt(1, 6);
      for (int i = 0; i < errors; i++) {
        b.append("[ERROR] /workspace/").append(r.nextBoolean() ? mainPath : testPath).append(":[").append(r.nextInt(10, 300)).append(',')
            .append(r.nextInt(5, 60)).append("] cannot find symbol\n  symbol:   method ").append(pick(r, VERBS)).append(capitalize(pick(r, NOUNS)))
            .append('(').append(pick(r, TYPES)).append(")\n  location: variable ").append(pick(r, NOUNS)).append(" of type com.acme.tally.")
            .append(f.pkg()).append('.').append(pick(r, TYPES)).append('\n');
      }
      b.append("[INFO] ").append(errors).append(" errors \n[INFO] -------------------------------------------------------------\n");
      b.append(MAVEN_FAILURE_TAIL);
      return b.toString();
    }

    private String testFailure() {
      StringBuilder b = new StringBuilder("exit code: 1 (").append(r.nextInt(10, 60)).append('.').append(r.nextInt(10)).append(" s)\n--- stdout ---\n");
      int failures = r.nextInt(1, 4);
      b.append("[ERROR] Tests run: ").append(r.nextInt(4, 20)).append(", Failures: ").append(failures).append(", Errors: 0, Skipped: 0, Time elapsed: 0.")
          .append(r.nextInt(100, 999)).append(" s <<< FAILURE! - in com.acme.tally.").append(f.pkg()).append('.').append(f.cls()).append("Test\n");
      for (int i = 0; i < failures; i++) {
        String test = pick(r, VERBS) + "s" + capitalize(pick(r, NOUNS));
        b.append("[ERROR] ").append(test).append("  Time elapsed: 0.0").append(r.nextInt(10, 99)).append(" s  <<< FAILURE!\n")
            .append("org.opentest4j.AssertionFailedError: \nexpected: ").append(r.nextInt(1, 999)).append('.').append(r.nextInt(10, 99))
            .append(" EUR\n but was: ").append(r.nextInt(1, 999)).append('.').append(r.nextInt(10, 99)).append(" EUR\n");
        int frames = r.nextInt(12, 30);
        for (int k = 0; k < frames; k++) {
          String cls = k < 3 ? "com.acme.tally." + f.pkg() + "." + f.cls() : k < 8 ? "org.junit.jupiter.engine.execution." + pick(r, TYPES) + "Invoker" : "org.apache.maven.surefire.junitplatform." + pick(r, TYPES) + "Provider";
          b.append("\tat ").append(cls).append('.').append(pick(r, VERBS)).append(capitalize(pick(r, NOUNS))).append('(')
              .append(cls.substring(cls.lastIndexOf('.') + 1)).append(".java:").append(r.nextInt(20, 400)).append(")\n");
        }
        b.append('\n');
      }
      b.append("[INFO] \n[INFO] Results:\n[INFO] \n[ERROR] Failures: \n");
      b.append(MAVEN_FAILURE_TAIL);
      return b.toString();
    }

    private String diffOutput() {
      StringBuilder b = new StringBuilder("exit code: 0 (0.1 s)\n--- stdout ---\n");
      for (Map.Entry<String, String> e : written.entrySet()) {
        b.append("diff --git a/").append(e.getKey()).append(" b/").append(e.getKey()).append("\nnew file mode 100644\n--- /dev/null\n+++ b/")
            .append(e.getKey()).append("\n@@ -0,0 +1,").append(lineCount(e.getValue())).append(" @@\n");
        String[] lines = e.getValue().split("\n");
        for (int i = 0; i < Math.min(lines.length, 60 + r.nextInt(60)); i++) {
          b.append('+').append(lines[i]).append('\n');
        }
      }
      b.append("--- stderr: (empty)\n");
      return b.toString();
    }

    private String statusOutput() {
      StringBuilder b = new StringBuilder("exit code: 0 (").append(r.nextInt(5, 25)).append(".0 s)\n--- stdout ---\n");
      for (String p : written.keySet()) {
        b.append("?? ").append(p).append('\n');
      }
      for (int i = 0; i < 3; i++) {
        b.append(" M ").append(pickRelevant()).append('\n');
      }
      return b.append("--- stderr: (empty)\n").toString();
    }

    private String note() {
      return "Tried: " + f.cls() + " in " + f.pkg() + ", wired in TallyModule, tests in " + f.cls() + "Test. "
          + "The " + f.noun() + " rounding goes through Money.round at the end only; "
          + "InvoiceService." + pick(r, VERBS) + capitalize(pick(r, NOUNS)) + " already handles the empty case, reuse it. "
          + "Not checked: the batch limit with more than " + r.nextInt(2, 9) + "00 invoices.";
    }

    private String summary() {
      return "Added " + f.cls() + " (" + f.what() + "), wired it in TallyModule, added " + f.cls()
          + "Test with the three visible scenarios and edge cases, ran ./mvnw -q -pl tally-" + f.module()
          + " verify (green) and spotless; CHANGELOG updated.";
    }

    private String text(Phase phase) {
      int tokens = r.nextInt(120, 421);
      StringBuilder b = new StringBuilder();
      while (b.length() < tokens * 4) {
        String s = pick(r, phase.sentences)
            .replace("{C}", f.cls()).replace("{n}", f.noun()).replace("{p}", f.pkg())
            .replace("{T}", pick(r, TYPES)).replace("{x}", pick(r, NOUNS)).replace("{v}", pick(r, VERBS));
        b.append(s).append(r.nextInt(5) == 0 ? "\n\n" : " ");
      }
      return b.toString().strip();
    }
  }

  /** What the assistant says in each phase. */
  private enum Phase {
    EXPLORING(
        "Let me look at how the {x} is handled in {p} before I change anything.",
        "The {n} goes through {T}, which already knows about the {x}; I'll read it to see where {C} fits.",
        "AGENTS.md says money stays Money and time comes from the injected Clock, so I'll follow how {T} does it.",
        "I need to know which tests cover the {x} today, so I'll search for them.",
        "This file is long; the part that matters is the {v} method and the {x} checks around it.",
        "So far: {T} builds the {x}, the store reads it back, and nothing computes the {n} yet.",
        "- the {x} comes from the config\n- the audit entry is written by {T}\n- the tests use Invoices.draft()",
        "Before writing {C} I want to see how a similar service is wired in TallyModule."),
    EDITING(
        "I'll add {C} with the rules from the spec and keep it small, as AGENTS.md asks.",
        "Now the test: one behaviour per method, named for what it checks, using Invoices.draft() and MutableClock.",
        "The build fails because {T} has no {v} method with that signature; I'll adjust the call instead of changing {T}.",
        "The failing assertion shows the rounding happens twice; I'll move it to the end, HALF_EVEN, once.",
        "I'll wire {C} into TallyModule next to the other {p} services.",
        "This edit keeps the public API of InvoiceService unchanged, which is one of the constraints.",
        "Let me run only the new test class first, then the module.",
        "The {x} case needs its own check: a null {x} must be refused with a message naming it."),
    VERIFYING(
        "The module builds and the tests pass; now the visible scenarios' commands one by one.",
        "Let me check the diff for anything unrelated before finishing.",
        "Formatting with spotless, since CI fails on unformatted code.",
        "Everything the spec lists is covered: {C}, the configuration defaults, the audit entries, and the tests."),
    FINISHING(
        "The spec is implemented and checked: {C} is in place, wired, tested, formatted.",
        "I'll leave a note for a later attempt in case this one is sent back, then finish."),
    LOOPING(
        "Let me read this file again to check how the {x} is handled.",
        "I want to be sure about the {v} method before editing, so I'll look at the file once more."),
    MISSING(
        "The edit did not apply; I'll try again with the passage as I remember it.",
        "Again no match; the indentation must differ. Trying once more.");

    final String[] sentences;

    Phase(String... sentences) {
      this.sentences = sentences;
    }
  }

  private static final String MAVEN_FAILURE_TAIL =
      """
      [INFO] ------------------------------------------------------------------------
      [INFO] BUILD FAILURE
      [INFO] ------------------------------------------------------------------------
      [ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:3.5.2:test (default-test) on project tally: There are test failures.
      [ERROR]
      [ERROR] Please refer to /workspace/target/surefire-reports for the individual test results.
      [ERROR] Please refer to dump files (if any exist) [date].dump, [date]-jvmRun[N].dump and [date].dumpstream.
      [ERROR] -> [Help 1]
      [ERROR]
      [ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.
      [ERROR] Re-run Maven using the -X switch to enable full debug logging.
      [ERROR]
      [ERROR] For more information about the errors and possible solutions, please read the following articles:
      [ERROR] [Help 1] http://cwiki.apache.org/confluence/display/MAVEN/MojoFailureException
      --- stderr: (empty)
      """;

  private static ObjectNode args(Object... pairs) {
    ObjectNode node = NODES.objectNode();
    for (int i = 0; i < pairs.length; i += 2) {
      String key = (String) pairs[i];
      Object value = pairs[i + 1];
      if (value instanceof Integer n) {
        node.put(key, n);
      } else {
        node.put(key, (String) value);
      }
    }
    return node;
  }
}
