package dev.darkfactory.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.darkfactory.api.budget.Charge;
import dev.darkfactory.api.model.Usage;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceCatalogTest {

  private static final PriceCatalog BUNDLED = PriceCatalog.bundled();

  @TempDir Path dir;

  // ---- the bundled catalog -----------------------------------------------------------------

  @Test
  void theBundledCatalogLoadsWithItsVersionDateAndEachVendorsSource() {
    assertThat(BUNDLED.version()).isNotBlank();
    assertThat(BUNDLED.asOf()).isAfterOrEqualTo(LocalDate.of(2026, 11, 1));
    assertThat(BUNDLED.sources())
        .containsOnlyKeys("anthropic", "openai", "google")
        .allSatisfy((vendor, url) -> assertThat(url).startsWith("https://"));
    assertThat(BUNDLED.sources().get("anthropic")).contains("claude.com");
    assertThat(BUNDLED.sources().get("openai")).contains("openai.com");
    assertThat(BUNDLED.sources().get("google")).contains("ai.google.dev");
  }

  @Test
  void theBundledCatalogPricesTheMainModelsOfEachVendor() {
    assertThat(BUNDLED.models())
        .contains(
            "claude-opus-4-1",
            "claude-opus-4-5",
            "claude-sonnet-4-5",
            "claude-sonnet-4-6",
            "claude-haiku-4-5",
            "gpt-5",
            "gpt-5-mini",
            "gpt-5-nano",
            "gpt-4.1",
            "gpt-4.1-mini",
            "gpt-4.1-nano",
            "o3",
            "o4-mini",
            "gemini-2.5-pro",
            "gemini-2.5-flash",
            "gemini-2.5-flash-lite");
  }

  @Test
  void everyBundledModelHasAllFourPricesAndCacheReadsCostLessThanInput() {
    for (String model : BUNDLED.models()) {
      ModelPrice p = BUNDLED.require(model);
      assertThat(p.inputPerMillion()).as(model + " input").isPositive();
      assertThat(p.outputPerMillion()).as(model + " output").isGreaterThan(p.inputPerMillion());
      assertThat(p.cacheWritePerMillion()).as(model + " cache write")
          .isGreaterThanOrEqualTo(p.inputPerMillion());
      assertThat(p.cacheReadPerMillion()).as(model + " cache read")
          .isPositive()
          .isLessThan(p.inputPerMillion());
      if (p.longPrompt() != null) {
        ModelPrice longer = p.longPrompt().prices();
        assertThat(longer.inputPerMillion()).as(model + " long input")
            .isGreaterThan(p.inputPerMillion());
        assertThat(longer.outputPerMillion()).as(model + " long output")
            .isGreaterThan(p.outputPerMillion());
      }
    }
  }

  @Test
  void anthropicCacheWritesCostAQuarterMoreThanInputAndReadsATenth() {
    for (String model : BUNDLED.models()) {
      if (model.startsWith("claude-")) {
        ModelPrice p = BUNDLED.require(model);
        assertThat(p.cacheWritePerMillion())
            .as(model)
            .isEqualByComparingTo(p.inputPerMillion().multiply(new BigDecimal("1.25")));
        assertThat(p.cacheReadPerMillion())
            .as(model)
            .isEqualByComparingTo(p.inputPerMillion().multiply(new BigDecimal("0.1")));
      }
    }
  }

  // ---- pricing -----------------------------------------------------------------------------

  @Test
  void aCallIsPricedExactlyByKindOfToken() {
    // 1,000 input at $3, 500 output at $15, 2,000 cache reads at $0.30, 3,000 cache writes at
    // $3.75: 3,000 + 7,500 + 600 + 11,250 = 22,350 micro-dollars.
    Usage usage = new Usage(1_000, 500, 2_000, 3_000, 0);

    Charge cost = BUNDLED.require("claude-sonnet-4-5").cost(usage);

    assertThat(cost).isEqualTo(new Charge(6_500, new BigDecimal("0.02235")));
  }

  @Test
  void reasoningTokensArePricedOnceAsTheOutputTheyArePartOf() {
    ModelPrice gpt5 = BUNDLED.require("gpt-5");

    Charge withReasoning = gpt5.cost(new Usage(1_000, 800, 0, 0, 600));
    Charge without = gpt5.cost(new Usage(1_000, 800, 0, 0, 0));

    assertThat(withReasoning).isEqualTo(without);
    // 1,000 x $1.25 + 800 x $10 = 9,250 micro-dollars.
    assertThat(withReasoning.costUsd()).isEqualByComparingTo("0.00925");
  }

  @Test
  void aLongPromptIsPricedAtTheLongPromptPricesForEveryToken() {
    ModelPrice pro = BUNDLED.require("gemini-2.5-pro");

    Charge atThreshold = pro.cost(Usage.of(200_000, 1_000));
    Charge above = pro.cost(new Usage(150_000, 1_000, 50_001, 0, 0));

    // 200,000 x $1.25 + 1,000 x $10
    assertThat(atThreshold.costUsd()).isEqualByComparingTo("0.26");
    // 150,000 x $2.50 + 1,000 x $15 + 50,001 x $0.25
    assertThat(above.costUsd()).isEqualByComparingTo("0.40250025");
  }

  @Test
  void theMaximumPricesAllInputAtTheDearestInputPriceAndTheLongTierWhenItMayApply() {
    ModelPrice sonnet = BUNDLED.require("claude-sonnet-4-5");

    // 10,000 at the cache-write price $3.75 + 4,096 at $15
    assertThat(sonnet.maximum(10_000, 4_096))
        .isEqualTo(new Charge(14_096, new BigDecimal("0.09894")));
    // above 200,000 the long-prompt prices: 300,000 x $7.50 + 1,000 x $22.50
    assertThat(sonnet.maximum(300_000, 1_000).costUsd()).isEqualByComparingTo("2.2725");
  }

  // ---- lookup ------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({
    "claude-sonnet-4-5-20250929, claude-sonnet-4-5",
    "claude-haiku-4-5-20251001, claude-haiku-4-5",
    "claude-opus-4-1-20250805, claude-opus-4-1",
    "claude-sonnet-4-20250514, claude-sonnet-4",
    "claude-sonnet-4-0, claude-sonnet-4",
    "claude-sonnet-4-5@20250929, claude-sonnet-4-5",
    "gpt-5-2025-08-07, gpt-5",
    "gpt-5-mini-2025-08-07, gpt-5-mini",
    "gpt-4.1-2025-04-14, gpt-4.1",
    "o4-mini-2025-04-16, o4-mini",
    "GPT-5, gpt-5",
  })
  void aDatedOrAliasedIdHasThePriceOfItsModel(String id, String model) {
    assertThat(BUNDLED.price(id)).contains(BUNDLED.require(model));
  }

  @ParameterizedTest
  @CsvSource({
    "gpt-5.1",
    "gpt-5-turbo",
    "gpt-5-mini-high",
    "claude-sonnet-4-7",
    "claude-sonnet-4-5-v2",
    "claude-sonnet-4-5-20250929-v1:0",
    "gemini-2.5-pro-preview-06-05",
    "gemini-2.5",
    "claude",
    "gpt-5-2025-08",
  })
  void anIdTheCatalogDoesNotListHasNoPriceWhateverItResembles(String id) {
    assertThat(BUNDLED.price(id)).isEmpty();
  }

  @Test
  void aDatedIdOfAMiniModelNeverFallsBackToTheFullModel() {
    assertThat(BUNDLED.require("gpt-5-mini-2025-08-07"))
        .isEqualTo(BUNDLED.require("gpt-5-mini"))
        .isNotEqualTo(BUNDLED.require("gpt-5"));
  }

  @Test
  void requireSaysTheModelHasNoKnownPriceAndHowToAddOne() {
    assertThatThrownBy(() -> BUNDLED.require("acme-coder-7"))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("'acme-coder-7' has no known price")
        .hasMessageContaining("version " + BUNDLED.version())
        .hasMessageContaining("PriceCatalog.with('acme-coder-7', ModelPrice.of(")
        .hasMessageContaining("PriceCatalog.load(path)");
  }

  // ---- overrides ---------------------------------------------------------------------------

  @Test
  void anOverrideReplacesAPriceForTheModelAndItsDatedIdsInANewCatalog() {
    ModelPrice negotiated = ModelPrice.of("1", "8", "1", "0.1");

    PriceCatalog custom = BUNDLED.with("gpt-5", negotiated);

    assertThat(custom.require("gpt-5")).isEqualTo(negotiated);
    assertThat(custom.require("gpt-5-2025-08-07")).isEqualTo(negotiated);
    assertThat(custom.require("gpt-5-mini")).isEqualTo(BUNDLED.require("gpt-5-mini"));
    assertThat(BUNDLED.require("gpt-5")).isNotEqualTo(negotiated);
    assertThat(custom.version()).isEqualTo(BUNDLED.version());
  }

  @Test
  void anOverrideAddsAModelTheCatalogDidNotKnow() {
    ModelPrice local = ModelPrice.of("0", "0", "0", "0");

    PriceCatalog custom = BUNDLED.with("Qwen3-Coder", local);

    assertThat(custom.price("qwen3-coder")).contains(local);
    assertThat(custom.models()).contains("qwen3-coder");
    assertThat(BUNDLED.price("qwen3-coder")).isEmpty();
  }

  @Test
  void anOverrideOfADatedIdLeavesTheModelAlone() {
    ModelPrice snapshot = ModelPrice.of("2", "12", "2", "0.2");

    PriceCatalog custom = BUNDLED.with("gpt-5-2025-08-07", snapshot);

    assertThat(custom.require("gpt-5-2025-08-07")).isEqualTo(snapshot);
    assertThat(custom.require("gpt-5")).isEqualTo(BUNDLED.require("gpt-5"));
  }

  // ---- files -------------------------------------------------------------------------------

  private static final String GOOD =
      """
      {"version": "test-1", "asOf": "2026-11-24", "currency": "USD",
       "sources": {"acme": "https://acme.example/pricing"},
       "models": {
         "acme-1": {"vendor": "acme", "input": 1, "output": 2, "cacheWrite": 1.25, "cacheRead": 0.1,
                    "aliases": ["acme-1-latest"]}
       }}
      """;

  @Test
  void aFileLoadsWithItsPricesExactly() throws Exception {
    Path file = write(GOOD);

    PriceCatalog catalog = PriceCatalog.load(file);

    assertThat(catalog.version()).isEqualTo("test-1");
    assertThat(catalog.asOf()).isEqualTo(LocalDate.of(2026, 11, 24));
    assertThat(catalog.models()).containsExactly("acme-1", "acme-1-latest");
    assertThat(catalog.require("acme-1-latest"))
        .isEqualTo(ModelPrice.of("1", "2", "1.25", "0.1"));
    assertThat(catalog.require("acme-1").cacheReadPerMillion()).isEqualTo(new BigDecimal("0.1"));
  }

  @Test
  void aStreamLoadsLikeAFile() {
    PriceCatalog catalog =
        PriceCatalog.load(new ByteArrayInputStream(GOOD.getBytes(StandardCharsets.UTF_8)));

    assertThat(catalog.require("acme-1").outputPerMillion()).isEqualByComparingTo("2");
  }

  @Test
  void aFileThatIsNotJsonIsRefusedNamingTheFileAndTheLine() throws Exception {
    Path file = write("{\"version\": \"x\",\n  \"asOf\": }");

    PriceCatalogException e =
        catchThrowableOfType(() -> PriceCatalog.load(file), PriceCatalogException.class);

    assertThat(e.source()).isEqualTo(file.toAbsolutePath().toString());
    assertThat(e).hasMessageStartingWith("cannot load the price catalog " + file.toAbsolutePath());
    assertThat(e.problems()).singleElement().asString()
        .startsWith("$: not valid JSON at line 2, column");
  }

  @Test
  void aFileThatCannotBeReadIsRefusedNamingIt() {
    Path missing = dir.resolve("missing.json");

    assertThatThrownBy(() -> PriceCatalog.load(missing))
        .isInstanceOf(PriceCatalogException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("cannot read the file");
  }

  @Test
  void aDuplicateKeyIsRefused() throws Exception {
    Path file = write(GOOD.replace("\"input\": 1,", "\"input\": 1, \"input\": 3,"));

    assertThatThrownBy(() -> PriceCatalog.load(file))
        .isInstanceOf(PriceCatalogException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("Duplicate field 'input'");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"cacheRead\": 0.1, | | $.models[\"acme-1\"].cacheRead: missing; every model needs all"
            + " four prices",
        "\"cacheRead\": 0.1, | \"cachedRead\": 0.1, | $.models[\"acme-1\"].cachedRead: unknown"
            + " field",
        "\"input\": 1, | \"input\": -1, | $.models[\"acme-1\"].input: must be a number at least 0",
        "\"input\": 1, | \"input\": \"1\", | $.models[\"acme-1\"].input: must be a number at least"
            + " 0 (US dollars per million tokens) but was \"1\"",
        "\"vendor\": \"acme\" | \"vendor\": \"nobody\" | $.models[\"acme-1\"].vendor: 'nobody' is"
            + " not listed in $.sources",
        "\"2026-11-24\" | \"24.11.2026\" | $.asOf: must be a date such as 2026-11-24",
        "\"USD\" | \"EUR\" | $.currency: must be \"USD\"",
        "https://acme.example/pricing | ftp://acme | $.sources[\"acme\"]: must be an http or https"
            + " address",
        "\"acme-1-latest\" | \"Acme 1\" | $.models[\"acme-1\"].aliases[0]: the model id 'Acme 1'"
            + " must be lowercase",
        "\"acme-1-latest\" | \"acme-1\" | $.models[\"acme-1\"]: lists 'acme-1' again",
        "\"version\": \"test-1\", | | $.version: missing",
        "\"aliases\": | \"longPrompt\": {\"aboveInputTokens\": 0, \"input\": 2}, \"aliases\": |"
            + " $.models[\"acme-1\"].longPrompt.aboveInputTokens: must be a whole number at least"
            + " 1 but was 0",
      })
  void aProblemInAFileIsReportedWithTheFileAndItsJsonPath(
      String replace, String with, String problem) throws Exception {
    Path file = write(GOOD.replace(replace, with == null ? "" : with));

    PriceCatalogException e =
        catchThrowableOfType(() -> PriceCatalog.load(file), PriceCatalogException.class);

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains(file.toAbsolutePath().toString());
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(problem));
  }

  @Test
  void everyProblemOfAFileIsReportedAtOnce() throws Exception {
    Path file =
        write(
            """
            {"version": "", "asOf": "2026-11-24", "currency": "USD", "colour": "red",
             "sources": {"acme": "https://acme.example/pricing"},
             "models": {"a": {"vendor": "acme", "input": 1, "output": 2, "cacheWrite": 1},
                        "b": {"vendor": "acme", "input": 1, "output": 2, "cacheRead": 0.5,
                              "cacheWrite": "1"}}}
            """);

    PriceCatalogException e =
        catchThrowableOfType(() -> PriceCatalog.load(file), PriceCatalogException.class);

    assertThat(e.problems())
        .hasSize(4)
        .anySatisfy(p -> assertThat(p).startsWith("$.colour: unknown field"))
        .anySatisfy(p -> assertThat(p).startsWith("$.version: must be non-blank text"))
        .anySatisfy(p -> assertThat(p).startsWith("$.models[\"a\"].cacheRead: missing"))
        .anySatisfy(p -> assertThat(p).startsWith("$.models[\"b\"].cacheWrite: must be a number"));
    assertThat(e).hasMessageContaining("4 problems:");
  }

  private Path write(String json) throws Exception {
    Path file = dir.resolve("prices.json");
    Files.writeString(file, json);
    return file;
  }
}
