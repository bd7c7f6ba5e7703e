package dev.darkfactory.core.cost;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.darkfactory.api.internal.Require;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * What each model's tokens cost: a dated list of {@link ModelPrice}s, read from JSON, that
 * callers may override.
 *
 * <pre>{@code
 * PriceCatalog prices = PriceCatalog.bundled()
 *     .with("my-finetune", ModelPrice.of("2", "8", "2", "0.5"));
 * Charge cost = prices.require("claude-sonnet-4-5-20250929").cost(response.usage());
 * }</pre>
 *
 * <h2>Looking up a model</h2>
 *
 * <p>A model id is matched exactly (ignoring case and surrounding blanks), then, when it ends in a
 * date ({@code -2025-08-07}, {@code -20250929} or Vertex's {@code @20250929}), without that date:
 * {@code claude-sonnet-4-5-20250929} has the price of {@code claude-sonnet-4-5} and {@code
 * gpt-5-2025-08-07} that of {@code gpt-5}. Nothing else is guessed: {@code gpt-5.1} is not {@code
 * gpt-5}, {@code gpt-5-mini} is not {@code gpt-5}, and a model the catalog does not list has no
 * price ({@link #price} is empty, {@link #require} throws saying how to add one).
 *
 * <h2>File format</h2>
 *
 * <pre>{@code
 * {
 *   "version": "2026-11-24",            // any non-blank text naming this edition
 *   "asOf": "2026-11-24",               // the date the prices were checked, ISO-8601
 *   "currency": "USD",                  // the only currency
 *   "sources": {"anthropic": "https://..."},   // where each vendor publishes its prices
 *   "notes": "...",                     // optional
 *   "models": {
 *     "claude-sonnet-4-5": {
 *       "vendor": "anthropic",          // a key of "sources"
 *       "input": 3, "output": 15, "cacheWrite": 3.75, "cacheRead": 0.3,   // USD per million
 *       "aliases": ["claude-sonnet-4-5-latest"],                          // optional
 *       "longPrompt": {"aboveInputTokens": 200000,                        // optional
 *                      "input": 6, "output": 22.5, "cacheWrite": 7.5, "cacheRead": 0.6},
 *       "note": "..."                   // optional
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>Every model needs all four prices, as JSON numbers (kept exactly, never as binary floating
 * point). Unknown fields, duplicate keys and ids listed twice are errors, so a misspelt price is
 * never silently missing. A file with problems is refused with a {@link PriceCatalogException}
 * that names the file and lists every problem with its JSON path.
 *
 * <p>Instances are immutable and safe to share between threads.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class PriceCatalog {

  /** The bundled catalog's resource, next to this class. */
  static final String BUNDLED_RESOURCE = "prices.json";

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  /** A trailing date: {@code -2025-08-07}, {@code -20250929} or {@code @20250929}. */
  private static final Pattern DATED = Pattern.compile("(.+)[-@](\\d{4}-\\d{2}-\\d{2}|\\d{8})");

  private static final Pattern MODEL_ID = Pattern.compile("[a-z0-9][a-z0-9._:/@-]*");

  private static final Set<String> ROOT_FIELDS =
      Set.of("version", "asOf", "currency", "sources", "notes", "models");
  private static final Set<String> MODEL_FIELDS =
      Set.of(
          "vendor", "input", "output", "cacheWrite", "cacheRead", "aliases", "longPrompt", "note");
  private static final Set<String> LONG_PROMPT_FIELDS =
      Set.of("aboveInputTokens", "input", "output", "cacheWrite", "cacheRead");

  private final String version;
  private final LocalDate asOf;
  private final Map<String, String> sources;
  private final Map<String, ModelPrice> prices;

  private PriceCatalog(
      String version, LocalDate asOf, Map<String, String> sources, Map<String, ModelPrice> prices) {
    this.version = version;
    this.asOf = asOf;
    this.sources = Collections.unmodifiableMap(new TreeMap<>(sources));
    this.prices = Collections.unmodifiableMap(new TreeMap<>(prices));
  }

  /**
   * The catalog bundled with this library: the list prices of the main Anthropic, OpenAI and
   * Google models on {@link #asOf()}, with each vendor's pricing page in {@link #sources()}.
   * Prices change; check them, and override what differs with {@link #with}.
   *
   * @return the bundled catalog, read once
   */
  public static PriceCatalog bundled() {
    return Bundled.CATALOG;
  }

  /**
   * Reads a catalog file.
   *
   * @param file a JSON file in the format above
   * @return the catalog
   * @throws PriceCatalogException when the file cannot be read or has problems; the message names
   *     the file and each problem's JSON path
   */
  public static PriceCatalog load(Path file) {
    Require.nonNull(file, "file");
    String name = file.toAbsolutePath().normalize().toString();
    try (InputStream in = Files.newInputStream(file)) {
      return load(in, name);
    } catch (IOException e) {
      throw new PriceCatalogException(name, List.of("$: cannot read the file: " + e), e);
    }
  }

  /**
   * Reads a catalog from a stream, which stays open.
   *
   * @param in JSON in the format above
   * @return the catalog
   * @throws PriceCatalogException when the stream cannot be read or has problems
   */
  public static PriceCatalog load(InputStream in) {
    return load(in, "<stream>");
  }

  /**
   * Reads a catalog from a stream, which stays open.
   *
   * @param in JSON in the format above
   * @param source what the stream holds, for messages, such as a file name or URL
   * @return the catalog
   * @throws PriceCatalogException when the stream cannot be read or has problems
   */
  public static PriceCatalog load(InputStream in, String source) {
    Require.nonNull(in, "in");
    Require.nonBlank(source, "source");
    JsonNode root;
    try {
      byte[] bytes = in.readAllBytes();
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new PriceCatalogException(
          source, List.of("$: not valid JSON" + where + ": " + e.getOriginalMessage()), e);
    } catch (IOException e) {
      throw new PriceCatalogException(source, List.of("$: cannot read: " + e), e);
    }
    return new Reader(source).read(root);
  }

  /**
   * This catalog with {@code model} priced at {@code price}, replacing any price it had. Dated ids
   * of {@code model} get the new price too, unless they are listed themselves.
   *
   * @param model the model id
   * @param price its price
   * @return a new catalog; this one is unchanged
   */
  public PriceCatalog with(String model, ModelPrice price) {
    String id = normalize(Require.nonBlank(model, "model"));
    Require.nonNull(price, "price");
    Map<String, ModelPrice> copy = new LinkedHashMap<>(prices);
    copy.put(id, price);
    return new PriceCatalog(version, asOf, sources, copy);
  }

  /**
   * The price of {@code model}: listed exactly, or listed without a trailing date.
   *
   * @param model the model id, as sent in a request or reported in a response
   * @return its price, or empty when the catalog does not know it
   */
  public Optional<ModelPrice> price(String model) {
    Require.nonNull(model, "model");
    String id = normalize(model);
    ModelPrice exact = prices.get(id);
    if (exact != null) {
      return Optional.of(exact);
    }
    Matcher dated = DATED.matcher(id);
    if (dated.matches()) {
      return Optional.ofNullable(prices.get(dated.group(1)));
    }
    return Optional.empty();
  }

  /**
   * The price of {@code model}, which must be known.
   *
   * @param model the model id
   * @return its price
   * @throws NoSuchElementException when the catalog does not know the model; the message says how
   *     to add a price
   */
  public ModelPrice require(String model) {
    return price(model).orElseThrow(() -> new NoSuchElementException(unknown(model)));
  }

  /** The message for a model with no price: what is missing and how to add it. */
  String unknown(String model) {
    return "the model "
        + Require.quote(model)
        + " has no known price in the price catalog (version "
        + version
        + ", as of "
        + asOf
        + "); add one with PriceCatalog.with("
        + Require.quote(model)
        + ", ModelPrice.of(input, output, cacheWrite, cacheRead)) in US dollars per million"
        + " tokens, or load a catalog file that lists it with PriceCatalog.load(path)";
  }

  /** The edition of the prices, as the file names it. */
  public String version() {
    return version;
  }

  /** The date the prices were checked against the vendors' pages. */
  public LocalDate asOf() {
    return asOf;
  }

  /** Each vendor's published pricing page, by vendor. */
  public Map<String, String> sources() {
    return sources;
  }

  /** Every model id the catalog prices (aliases and overrides included), sorted. */
  public Set<String> models() {
    return Collections.unmodifiableSet(new TreeSet<>(prices.keySet()));
  }

  @Override
  public String toString() {
    return "PriceCatalog[version=" + version + ", asOf=" + asOf + ", " + prices.size() + " models]";
  }

  private static String normalize(String model) {
    return model.strip().toLowerCase(Locale.ROOT);
  }

  /** Holds the bundled catalog, read on first use. */
  private static final class Bundled {
    static final PriceCatalog CATALOG = read();

    private static PriceCatalog read() {
      String name = "classpath:dev/darkfactory/core/cost/" + BUNDLED_RESOURCE;
      try (InputStream in = PriceCatalog.class.getResourceAsStream(BUNDLED_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the bundled price catalog " + name + " is missing");
        }
        return load(in, name);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the bundled price catalog " + name, e);
      }
    }
  }

  /** Reads one file's tree, collecting every problem before failing. */
  private static final class Reader {
    private final String source;
    private final List<String> problems = new ArrayList<>();

    Reader(String source) {
      this.source = source;
    }

    PriceCatalog read(JsonNode root) {
      if (root == null || root.isMissingNode() || !root.isObject()) {
        fail("$", "must be a JSON object");
        throw new PriceCatalogException(source, problems, null);
      }
      unknownFields(root, "$", ROOT_FIELDS);
      String version = text(root, "$", "version");
      LocalDate asOf = null;
      String asOfText = text(root, "$", "asOf");
      if (asOfText != null) {
        try {
          asOf = LocalDate.parse(asOfText);
        } catch (DateTimeParseException e) {
          fail("$.asOf", "must be a date such as 2026-11-24 but was " + Require.quote(asOfText));
        }
      }
      String currency = text(root, "$", "currency");
      if (currency != null && !currency.equals("USD")) {
        fail("$.currency", "must be \"USD\" but was " + Require.quote(currency));
      }
      JsonNode notes = root.get("notes");
      if (notes != null && !notes.isTextual()) {
        fail("$.notes", "must be text");
      }
      Map<String, String> sources = sources(root.get("sources"));
      Map<String, ModelPrice> prices = models(root.get("models"), sources);
      if (!problems.isEmpty()) {
        throw new PriceCatalogException(source, problems, null);
      }
      return new PriceCatalog(version, asOf, sources, prices);
    }

    private Map<String, String> sources(@Nullable JsonNode node) {
      Map<String, String> sources = new LinkedHashMap<>();
      if (node == null) {
        fail("$.sources", "missing; name each vendor's pricing page");
        return sources;
      }
      if (!node.isObject() || node.isEmpty()) {
        fail("$.sources", "must be an object naming at least one vendor's pricing page");
        return sources;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String path = "$.sources" + key(e.getKey());
        JsonNode url = e.getValue();
        if (!url.isTextual() || !isWebAddress(url.asText())) {
          fail(path, "must be an http or https address but was " + url);
        } else {
          sources.put(e.getKey(), url.asText());
        }
      }
      return sources;
    }

    private Map<String, ModelPrice> models(@Nullable JsonNode node, Map<String, String> sources) {
      Map<String, ModelPrice> prices = new LinkedHashMap<>();
      Map<String, String> firstListedAt = new LinkedHashMap<>();
      if (node == null) {
        fail("$.models", "missing");
        return prices;
      }
      if (!node.isObject() || node.isEmpty()) {
        fail("$.models", "must be an object with at least one model");
        return prices;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String path = "$.models" + key(e.getKey());
        JsonNode model = e.getValue();
        List<String> ids = new ArrayList<>();
        if (modelId(e.getKey(), path)) {
          ids.add(e.getKey());
        }
        if (!model.isObject()) {
          fail(path, "must be an object with the model's prices");
          continue;
        }
        unknownFields(model, path, MODEL_FIELDS);
        String vendor = text(model, path, "vendor");
        if (vendor != null && !sources.containsKey(vendor)) {
          fail(path + ".vendor", Require.quote(vendor) + " is not listed in $.sources");
        }
        JsonNode note = model.get("note");
        if (note != null && !note.isTextual()) {
          fail(path + ".note", "must be text");
        }
        JsonNode aliases = model.get("aliases");
        if (aliases != null) {
          if (!aliases.isArray()) {
            fail(path + ".aliases", "must be an array of model ids");
          } else {
            for (int i = 0; i < aliases.size(); i++) {
              String aliasPath = path + ".aliases[" + i + "]";
              JsonNode alias = aliases.get(i);
              if (!alias.isTextual()) {
                fail(aliasPath, "must be a model id but was " + alias);
              } else if (modelId(alias.asText(), aliasPath)) {
                ids.add(alias.asText());
              }
            }
          }
        }
        ModelPrice price = prices(model, path);
        JsonNode longPrompt = model.get("longPrompt");
        if (longPrompt != null) {
          String lpPath = path + ".longPrompt";
          if (!longPrompt.isObject()) {
            fail(lpPath, "must be an object");
          } else {
            unknownFields(longPrompt, lpPath, LONG_PROMPT_FIELDS);
            Long above = positiveLong(longPrompt, lpPath, "aboveInputTokens");
            ModelPrice longPrices = prices(longPrompt, lpPath);
            if (price != null && above != null && longPrices != null) {
              price = price.withLongPrompt(above, longPrices);
            }
          }
        }
        for (String id : ids) {
          String earlier = firstListedAt.putIfAbsent(id, path);
          if (earlier != null) {
            fail(path, "lists " + Require.quote(id) + " again; " + earlier + " already lists it");
          } else if (price != null) {
            prices.put(id, price);
          }
        }
      }
      return prices;
    }

    private @Nullable ModelPrice prices(JsonNode node, String path) {
      BigDecimal input = price(node, path, "input");
      BigDecimal output = price(node, path, "output");
      BigDecimal cacheWrite = price(node, path, "cacheWrite");
      BigDecimal cacheRead = price(node, path, "cacheRead");
      if (input == null || output == null || cacheWrite == null || cacheRead == null) {
        return null;
      }
      return ModelPrice.of(input, output, cacheWrite, cacheRead);
    }

    private @Nullable BigDecimal price(JsonNode node, String path, String field) {
      JsonNode value = node.get(field);
      if (value == null) {
        fail(path + "." + field, "missing; every model needs all four prices"
            + " (input, output, cacheWrite, cacheRead) in US dollars per million tokens");
        return null;
      }
      if (!value.isNumber() || value.decimalValue().signum() < 0) {
        fail(path + "." + field, "must be a number at least 0 (US dollars per million tokens)"
            + " but was " + value);
        return null;
      }
      return value.decimalValue();
    }

    private @Nullable Long positiveLong(JsonNode node, String path, String field) {
      JsonNode value = node.get(field);
      if (value == null) {
        fail(path + "." + field, "missing");
        return null;
      }
      if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 1) {
        fail(path + "." + field, "must be a whole number at least 1 but was " + value);
        return null;
      }
      return value.asLong();
    }

    private @Nullable String text(JsonNode node, String path, String field) {
      JsonNode value = node.get(field);
      String at = path + "." + field;
      if (value == null) {
        fail(at, "missing");
        return null;
      }
      if (!value.isTextual() || value.asText().isBlank()) {
        fail(at, "must be non-blank text but was " + value);
        return null;
      }
      return value.asText();
    }

    private boolean modelId(String id, String path) {
      if (!MODEL_ID.matcher(id).matches()) {
        fail(path, "the model id " + Require.quote(id) + " must be lowercase letters, digits and"
            + " . _ : / @ - (starting with a letter or digit)");
        return false;
      }
      return true;
    }

    private void unknownFields(JsonNode node, String path, Set<String> known) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!known.contains(name)) {
          fail(path + "." + name, "unknown field; expected one of " + new TreeSet<>(known));
        }
      }
    }

    private void fail(String path, String problem) {
      problems.add(path + ": " + problem);
    }

    private static String key(String key) {
      return "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    private static boolean isWebAddress(String text) {
      try {
        URI uri = new URI(text);
        return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
            && uri.getHost() != null;
      } catch (URISyntaxException e) {
        return false;
      }
    }
  }
}
