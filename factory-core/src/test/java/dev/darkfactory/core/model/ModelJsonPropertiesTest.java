package dev.darkfactory.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.Role;
import dev.darkfactory.api.model.StopReason;
import dev.darkfactory.api.model.ToolSpec;
import dev.darkfactory.api.model.Usage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever ModelJson writes, it reads back equal; its canonical text tells requests apart. */
class ModelJsonPropertiesTest {

  @Property(tries = 300)
  void everyRequestRoundTripsThroughTextAndTree(@ForAll("requests") ModelRequest request) {
    String text = ModelJson.write(request);

    assertThat(ModelJson.readRequest(text)).isEqualTo(request);
    assertThat(ModelJson.readRequest(ModelJson.toTree(request))).isEqualTo(request);
    assertThat(text).isEqualTo(ModelJson.write(ModelJson.readRequest(text)));
    // pure ASCII, so the bytes are as lossless as the text
    assertThat(new String(text.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII))
        .isEqualTo(text);
    assertThat(text.chars().allMatch(c -> c < 128)).isTrue();
  }

  @Property(tries = 300)
  void everyResponseRoundTripsThroughTextAndTree(@ForAll("responses") ModelResponse response) {
    String text = ModelJson.write(response);

    assertThat(ModelJson.readResponse(text)).isEqualTo(response);
    assertThat(ModelJson.readResponse(ModelJson.toTree(response))).isEqualTo(response);
    assertThat(text.chars().allMatch(c -> c < 128)).isTrue();
  }

  @Property(tries = 200)
  void differentRequestsHaveDifferentCanonicalTextAndEqualOnesTheSame(
      @ForAll("requests") ModelRequest a, @ForAll("requests") ModelRequest b) {
    assertThat(ModelJson.write(a).equals(ModelJson.write(b))).isEqualTo(a.equals(b));
    // the metadata's order does not matter, as it does not for the record
    Map<String, String> reversed = new LinkedHashMap<>();
    List<Map.Entry<String, String>> entries = new ArrayList<>(a.metadata().entrySet());
    for (int i = entries.size() - 1; i >= 0; i--) {
      reversed.put(entries.get(i).getKey(), entries.get(i).getValue());
    }
    ModelRequest same =
        new ModelRequest(
            a.model(),
            a.system(),
            a.messages(),
            a.tools(),
            a.maxOutputTokens(),
            a.temperature(),
            reversed,
            a.responseSchemaJson());
    assertThat(ModelJson.write(same)).isEqualTo(ModelJson.write(a));
  }

  // ---------------------------------------------------------------- generators

  /** Any text: surrogates (paired or not), control characters, quotes, anything. */
  private static Arbitrary<String> text() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(40),
        Arbitraries.strings().all().ofMaxLength(12),
        Arbitraries.of("", " ", "\"", "\\", "\u0000", "\uD83D\uDE00", "\uD800", "\uDFFF x", "{}"));
  }

  private static Arbitrary<String> nonBlank() {
    return text().map(s -> "x" + s);
  }

  private static Arbitrary<String> jsonObjectText() {
    return text().map(s -> "{" + s);
  }

  private static Arbitrary<ContentBlock> block() {
    return Arbitraries.oneOf(
        text().map(ContentBlock.Text::new),
        Combinators.combine(nonBlank(), nonBlank(), text()).as(ContentBlock.ToolCall::new),
        Combinators.combine(nonBlank(), text(), Arbitraries.of(true, false))
            .as(ContentBlock.ToolResult::new),
        Combinators.combine(text(), text()).as(ContentBlock.Thinking::new));
  }

  private static Arbitrary<Message> message(Role role) {
    return block().list().ofMinSize(1).ofMaxSize(4).map(blocks -> new Message(role, blocks));
  }

  private static Arbitrary<Message> anyMessage() {
    return Arbitraries.of(Role.values()).flatMap(ModelJsonPropertiesTest::message);
  }

  private static Arbitrary<List<ToolSpec>> tools() {
    return Combinators.combine(
            Arbitraries.strings().withCharRange('a', 'z').withChars('_', '-').ofMinLength(1).ofMaxLength(8),
            nonBlank(),
            jsonObjectText())
        .as(ToolSpec::new)
        .list()
        .ofMaxSize(3)
        .uniqueElements(ToolSpec::name);
  }

  private static Arbitrary<Usage> usage() {
    Arbitrary<Long> count = Arbitraries.longs().between(0, Long.MAX_VALUE / 8);
    return Combinators.combine(count, count, count, count, Arbitraries.doubles().between(0, 1))
        .as((in, out, read, write, share) -> new Usage(in, out, read, write, Math.min(out, (long) (out * share))));
  }

  @Provide
  Arbitrary<ModelRequest> requests() {
    Arbitrary<List<Message>> messages =
        Combinators.combine(message(Role.USER), anyMessage().list().ofMaxSize(4))
            .as(
                (first, rest) -> {
                  List<Message> all = new ArrayList<>();
                  all.add(first);
                  all.addAll(rest);
                  return all;
                });
    Arbitrary<Map<String, String>> metadata = Arbitraries.maps(text(), text()).ofMaxSize(3);
    return Combinators.combine(
            nonBlank(),
            text(),
            messages,
            tools(),
            Arbitraries.integers().between(1, Integer.MAX_VALUE),
            Arbitraries.doubles().between(0.0, 2.0).injectNull(0.3),
            metadata,
            jsonObjectText().injectNull(0.5))
        .as(ModelRequest::new);
  }

  @Provide
  Arbitrary<ModelResponse> responses() {
    return Combinators.combine(
            text(), nonBlank(), message(Role.ASSISTANT), Arbitraries.of(StopReason.values()), usage())
        .as(ModelResponse::new);
  }
}
