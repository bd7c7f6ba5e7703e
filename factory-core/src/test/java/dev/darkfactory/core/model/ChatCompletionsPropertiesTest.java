package dev.darkfactory.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkfactory.api.model.Usage;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class ChatCompletionsPropertiesTest {

  @Property(tries = 300)
  void usageSplitsPromptTokensIntoUncachedAndCached(
      @ForAll @LongRange(min = 0, max = 1_000_000_000L) long uncached,
      @ForAll @LongRange(min = 0, max = 1_000_000_000L) long cached,
      @ForAll @LongRange(min = 0, max = 1_000_000_000L) long visibleOutput,
      @ForAll @LongRange(min = 0, max = 1_000_000_000L) long reasoning) {
    long prompt = uncached + cached;
    long completion = visibleOutput + reasoning;
    Usage usage =
        ChatCompletionsProvider.usage(
            json(
                "{\"prompt_tokens\": %d, \"completion_tokens\": %d, \"prompt_tokens_details\":"
                        .formatted(prompt, completion)
                    + " {\"cached_tokens\": %d}, \"completion_tokens_details\":".formatted(cached)
                    + " {\"reasoning_tokens\": %d}}".formatted(reasoning)));

    assertThat(usage).isEqualTo(new Usage(uncached, completion, cached, 0, reasoning));
    assertThat(usage.totalInputTokens()).isEqualTo(prompt);
  }

  private static JsonNode json(String text) {
    try {
      return ModelHttp.JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
