package dev.darkfactory.testkit.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.api.InputProblem;
import dev.darkfactory.api.InvalidInputException;
import dev.darkfactory.api.SourceLocation;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.core.model.ModelJson;
import dev.darkfactory.core.model.ModelJsonException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The cassette file format: writing it pretty and atomically, reading it with located errors. */
final class CassetteFiles {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final JsonFactory PARSERS = JsonFactory.builder().build();

  private static final Set<String> ROOT_FIELDS = Set.of("format", "version", "provider", "interactions");
  private static final Set<String> ERROR_FIELDS = Set.of("kind", "message", "retryAfter");
  private static final String SHAPE =
      "a cassette: {\"format\": \"" + Cassette.FORMAT + "\", \"version\": " + Cassette.VERSION
          + ", \"provider\": ..., \"interactions\": [{\"request\": ..., \"response\": ...}, ...]}";

  private CassetteFiles() {}

  // ---------------------------------------------------------------- writing

  static String write(Cassette cassette) {
    ObjectNode root = NODES.objectNode();
    root.put("format", Cassette.FORMAT);
    root.put("version", Cassette.VERSION);
    root.put("provider", cassette.provider());
    ArrayNode interactions = root.putArray("interactions");
    for (Cassette.Interaction i : cassette.interactions()) {
      ObjectNode n = interactions.addObject();
      n.set("request", ModelJson.toTree(i.request()));
      if (i.response() != null) {
        n.set("response", ModelJson.toTree(i.response()));
      } else {
        Cassette.RecordedError e = Require.nonNull(i.error(), "error");
        ObjectNode error = n.putObject("error");
        error.put("kind", e.kind().name());
        error.put("message", e.message());
        if (e.retryAfter() != null) {
          error.put("retryAfter", e.retryAfter().toString());
        }
      }
    }
    DefaultPrettyPrinter pretty =
        new DefaultPrettyPrinter(
            Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""));
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    pretty.indentArraysWith(indenter);
    pretty.indentObjectsWith(indenter);
    try {
      return escapeUnpairedSurrogates(MAPPER.writer(pretty).writeValueAsString(root)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a cassette: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * JSON text keeps every character as it is, which UTF-8 cannot encode for a surrogate without
   * its pair; such a character (it can only be inside a string) becomes a {@code \}{@code uXXXX}
   * escape, which reads back as the same character.
   */
  private static String escapeUnpairedSurrogates(String json) {
    StringBuilder b = null;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      boolean unpaired =
          Character.isHighSurrogate(c)
              ? i + 1 >= json.length() || !Character.isLowSurrogate(json.charAt(i + 1))
              : Character.isLowSurrogate(c)
                  && (i == 0 || !Character.isHighSurrogate(json.charAt(i - 1)));
      if (Character.isHighSurrogate(c) && !unpaired) {
        if (b != null) {
          b.append(c).append(json.charAt(i + 1));
        }
        i++;
        continue;
      }
      if (unpaired && b == null) {
        b = new StringBuilder(json.length() + 16).append(json, 0, i);
      }
      if (b != null) {
        if (unpaired) {
          b.append(String.format("\\u%04X", (int) c));
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? json : b.toString();
  }

  static void writeAtomically(Path file, String text) {
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      try {
        Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the cassette " + file + ": " + e, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the move took it, or it is left as a hidden .tmp file; the cassette is intact
        }
      }
    }
  }

  // ---------------------------------------------------------------- reading

  static Cassette read(String text, String source) {
    Require.nonNull(text, "text");
    Require.nonBlank(source, "source");
    Located located = parse(text, source);
    Reader r = new Reader(source, located.lines());
    JsonNode root = located.tree();
    if (!root.isObject()) {
      throw r.fail("$", "the file holds " + kind(root) + ", not a cassette", SHAPE);
    }
    JsonNode format = root.get("format");
    if (format == null) {
      throw r.fail("$.format", "missing, so this is not a cassette", SHAPE);
    }
    if (!format.isTextual() || !format.textValue().equals(Cassette.FORMAT)) {
      throw r.fail(
          "$.format",
          "is " + format + ", so this is not a cassette",
          "\"" + Cassette.FORMAT + "\"");
    }
    JsonNode version = root.get("version");
    if (version == null || !version.isIntegralNumber()) {
      throw r.fail(
          "$.version",
          version == null ? "missing" : "is " + version + ", not a whole number",
          "version " + Cassette.VERSION);
    }
    if (version.asLong() != Cassette.VERSION) {
      throw r.fail(
          "$.version",
          "is version " + version + ", but this testkit reads version " + Cassette.VERSION
              + (version.asLong() > Cassette.VERSION ? " (a newer testkit wrote it)" : ""),
          "version " + Cassette.VERSION + "; record the cassette again with this testkit");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!ROOT_FIELDS.contains(name)) {
        r.problem(JsonPaths.member("$", name), "unknown field", "only " + new TreeSet<>(ROOT_FIELDS));
      }
    }
    JsonNode provider = root.get("provider");
    if (provider == null || !provider.isTextual() || provider.textValue().isBlank()) {
      r.problem("$.provider", provider == null ? "missing" : "is " + provider, "the recorded provider's id, a string");
    }
    JsonNode interactions = root.get("interactions");
    List<Cassette.Interaction> read = new ArrayList<>();
    if (interactions == null || !interactions.isArray()) {
      r.problem(
          "$.interactions",
          interactions == null ? "missing" : "is " + kind(interactions),
          "an array of interactions");
    } else {
      for (int i = 0; i < interactions.size(); i++) {
        Cassette.Interaction interaction = r.interaction(interactions.get(i), "$.interactions[" + i + "]");
        if (interaction != null) {
          read.add(interaction);
        }
      }
    }
    r.throwIfAny();
    return new Cassette(provider.textValue(), read, source);
  }

  /** Reads the parts of one file, collecting every problem with its line. */
  private static final class Reader {
    private final String source;
    private final Map<String, Integer> lines;
    private final List<InputProblem> problems = new ArrayList<>();

    Reader(String source, Map<String, Integer> lines) {
      this.source = source;
      this.lines = lines;
    }

    Cassette.@Nullable Interaction interaction(JsonNode node, String path) {
      if (!node.isObject()) {
        problem(path, "is " + kind(node), "an object with a request and a response or an error");
        return null;
      }
      int before = problems.size();
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!Set.of("request", "response", "error").contains(name)) {
          problem(JsonPaths.member(path, name), "unknown field", "only request, response, error");
        }
      }
      JsonNode request = node.get("request");
      JsonNode response = node.get("response");
      JsonNode error = node.get("error");
      if (request == null) {
        problem(path + ".request", "missing", "the request in ModelJson's form");
      }
      if ((response == null) == (error == null)) {
        problem(
            path,
            response == null ? "has neither a response nor an error" : "has both a response and an error",
            "exactly one of response and error");
      }
      ModelRequest req =
          request == null ? null : model(path + ".request", request, ModelJson::readRequest, "a request in ModelJson's form");
      ModelResponse resp =
          response == null ? null : model(path + ".response", response, ModelJson::readResponse, "a response in ModelJson's form");
      Cassette.RecordedError err = error == null ? null : error(path + ".error", error);
      if (problems.size() > before || req == null) {
        return null;
      }
      return resp != null ? Cassette.Interaction.answered(req, resp) : new Cassette.Interaction(req, null, err);
    }

    private <T> @Nullable T model(String path, JsonNode node, Function<JsonNode, T> reader, String expected) {
      try {
        return reader.apply(node);
      } catch (ModelJsonException e) {
        String inner = e.path();
        String problem = e.getMessage().substring(Math.min(e.getMessage().length(), inner.length() + 2));
        problem(path + inner.substring(1), problem, expected);
        return null;
      }
    }

    private Cassette.@Nullable RecordedError error(String path, JsonNode node) {
      if (!node.isObject()) {
        problem(path, "is " + kind(node), "{\"kind\", \"message\", \"retryAfter\"}");
        return null;
      }
      int before = problems.size();
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!ERROR_FIELDS.contains(name)) {
          problem(JsonPaths.member(path, name), "unknown field", "only kind, message, retryAfter");
        }
      }
      JsonNode kind = node.get("kind");
      ModelException.Kind k = null;
      String kinds = Arrays.toString(ModelException.Kind.values());
      if (kind == null || !kind.isTextual()) {
        problem(path + ".kind", kind == null ? "missing" : "is " + kind, "one of " + kinds);
      } else {
        try {
          k = ModelException.Kind.valueOf(kind.textValue());
        } catch (IllegalArgumentException e) {
          problem(path + ".kind", "unknown kind " + kind, "one of " + kinds);
        }
      }
      JsonNode message = node.get("message");
      if (message == null || !message.isTextual() || message.textValue().isBlank()) {
        problem(path + ".message", message == null ? "missing" : "is " + message, "the error's message, a string that is not blank");
      }
      JsonNode retry = node.get("retryAfter");
      Duration retryAfter = null;
      if (retry != null && !retry.isNull()) {
        try {
          retryAfter = Duration.parse(retry.asText());
        } catch (DateTimeParseException e) {
          problem(path + ".retryAfter", "is " + retry + ", not a duration", "an ISO-8601 duration such as \"PT2S\"");
        }
      }
      if (problems.size() > before || k == null || message == null) {
        return null;
      }
      return new Cassette.RecordedError(k, message.textValue(), retryAfter);
    }

    void problem(String path, String message, String expected) {
      problems.add(new InputProblem(SourceLocation.of(source, lineOf(path)), path + ": " + message, expected));
    }

    InvalidInputException fail(String path, String message, String expected) {
      problem(path, message, expected);
      return new InvalidInputException(problems);
    }

    void throwIfAny() {
      if (!problems.isEmpty()) {
        throw new InvalidInputException(problems);
      }
    }

    /** The line of the value at {@code path}, or of its nearest ancestor that is in the file. */
    private int lineOf(String path) {
      String p = path;
      while (true) {
        Integer line = lines.get(p);
        if (line != null) {
          return line;
        }
        String parent = parent(p);
        if (parent == null) {
          return 0;
        }
        p = parent;
      }
    }
  }

  /** The path without its last step, or {@code null} for {@code $}. */
  static @Nullable String parent(String path) {
    int last = -1;
    boolean quoted = false;
    for (int i = 1; i < path.length(); i++) {
      char c = path.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '.' || c == '[') {
        last = i;
      }
    }
    return last < 0 ? null : path.substring(0, last);
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** A parsed tree and the line each value starts on, by JSON path. */
  record Located(JsonNode tree, Map<String, Integer> lines) {}

  static Located parse(String text, String source) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser p = PARSERS.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new InvalidInputException(
            List.of(new InputProblem(SourceLocation.of(source, 1), "the file is empty", SHAPE)));
      }
      JsonNode tree = node(p, "$", lines, source);
      if (p.nextToken() != null) {
        throw new InvalidInputException(
            List.of(
                new InputProblem(
                    new SourceLocation(source, line(p.currentTokenLocation().getLineNr()), 0),
                    "more JSON after the cassette's object",
                    "one JSON object")));
      }
      return new Located(tree, lines);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : line(e.getLocation().getLineNr());
      int column = e.getLocation() == null || line == 0 ? 0 : Math.max(0, e.getLocation().getColumnNr());
      throw new InvalidInputException(
          List.of(new InputProblem(new SourceLocation(source, line, column), "not JSON: " + e.getOriginalMessage(), SHAPE)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + source, e);
    }
  }

  private static int line(int lineNr) {
    return Math.max(0, lineNr);
  }

  private static JsonNode node(JsonParser p, String path, Map<String, Integer> lines, String source)
      throws IOException {
    lines.put(path, line(p.currentTokenLocation().getLineNr()));
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        ObjectNode o = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          String at = JsonPaths.member(path, name);
          int line = line(p.currentTokenLocation().getLineNr());
          p.nextToken();
          JsonNode child = node(p, at, lines, source);
          lines.put(at, line);
          if (o.has(name)) {
            throw new InvalidInputException(
                List.of(
                    new InputProblem(
                        SourceLocation.of(source, line), at + ": the field appears twice", "each field once")));
          }
          o.set(name, child);
        }
        return o;
      }
      case START_ARRAY -> {
        ArrayNode a = NODES.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          a.add(node(p, JsonPaths.element(path, a.size()), lines, source));
        }
        return a;
      }
      case VALUE_STRING -> {
        return NODES.textNode(p.getText());
      }
      case VALUE_NUMBER_INT -> {
        return switch (p.getNumberType()) {
          case INT -> NODES.numberNode(p.getIntValue());
          case LONG -> NODES.numberNode(p.getLongValue());
          default -> NODES.numberNode(p.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(p.getDoubleValue());
      }
      case VALUE_TRUE -> {
        return NODES.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return NODES.booleanNode(false);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> throw new IllegalStateException("unexpected JSON token " + t + " at " + path);
    }
  }
}
