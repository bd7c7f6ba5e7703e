package dev.darkfactory.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.budget.Charge;
import dev.darkfactory.api.model.Usage;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ModelPriceTest {

  @Test
  void pricesWrittenDifferentlyAreEqual() {
    assertThat(ModelPrice.of("3", "15.00", "3.750", "0.30"))
        .isEqualTo(ModelPrice.of("3.0", "15", "3.75", "0.3"));
  }

  @Test
  void aNegativePriceIsRefusedNamingIt() {
    assertThatThrownBy(() -> ModelPrice.of("1", "2", "1", "-0.1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cacheReadPerMillion must not be negative but was -0.1");
  }

  @Test
  void longPromptPricesCannotHaveATierOfTheirOwn() {
    ModelPrice tiered =
        ModelPrice.of("1", "2", "1", "0.1").withLongPrompt(10, ModelPrice.of("2", "4", "2", "0.2"));

    assertThatThrownBy(() -> ModelPrice.of("1", "2", "1", "0.1").withLongPrompt(10, tiered))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not have a long-prompt tier of their own");
    assertThatThrownBy(() -> tiered.withLongPrompt(0, ModelPrice.of("2", "4", "2", "0.2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("aboveInputTokens");
  }

  @Test
  void aFreeModelCostsNothingButItsTokensStillCount() {
    ModelPrice free = ModelPrice.of("0", "0", "0", "0");

    assertThat(free.cost(new Usage(10, 20, 30, 40, 5))).isEqualTo(Charge.tokens(100));
  }

  @Test
  void aMillionTokensCostExactlyTheirPricePerMillion() {
    ModelPrice p = ModelPrice.of("0.075", "0.3", "0.075", "0.01875");

    assertThat(p.cost(Usage.of(1_000_000, 0)).costUsd()).isEqualTo(new BigDecimal("0.075"));
    assertThat(p.cost(new Usage(0, 0, 1, 0, 0)).costUsd())
        .isEqualTo(new BigDecimal("0.00000001875"));
  }
}
