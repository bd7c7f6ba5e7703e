package dev.darkfactory.core.agent.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OutputTruncationTest {

  @Test
  void textWithinBothLimitsComesBackUnchanged() {
    OutputTruncation.Truncated t = OutputTruncation.of(100, 10).apply("one\ntwo\nthree\n");

    assertThat(t.text()).isEqualTo("one\ntwo\nthree\n");
    assertThat(t.truncated()).isFalse();
    assertThat(t.removedChars()).isZero();
    assertThat(t.removedLines()).isZero();
  }

  @Test
  void tooManyLinesKeepTheFirstAndLastHalfWithAMarkerSayingHowMuchWasRemoved() {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 10; i++) {
      text.append("line ").append(i).append('\n');
    }

    OutputTruncation.Truncated t = OutputTruncation.of(10_000, 4).apply(text.toString());

    assertThat(t.text())
        .isEqualTo(
            "line 1\nline 2\n[... 42 characters and 6 lines removed ...]\nline 9\nline 10\n");
    assertThat(t.truncated()).isTrue();
    assertThat(t.removedChars()).isEqualTo(42);
    assertThat(t.removedLines()).isEqualTo(6);
  }

  @Test
  void tooManyCharactersKeepTheHeadAndTailFirst() {
    String text = "a".repeat(20_000) + "b".repeat(20_000);

    OutputTruncation.Truncated t = OutputTruncation.of(1000, 100).apply(text);

    assertThat(t.text())
        .isEqualTo(
            "a".repeat(500) + "\n[... 39,000 characters removed ...]\n" + "b".repeat(500));
    assertThat(t.removedChars()).isEqualTo(39_000);
    assertThat(t.removedLines()).isZero();
  }

  @Test
  void charactersFirstThenLines() {
    // 2,000 short lines: the character cut leaves 1,000 characters (about 250 lines), which the
    // line cut then brings down to 10.
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      text.append(String.format("%03d\n", i % 1000));
    }

    OutputTruncation.Truncated t = OutputTruncation.of(1000, 10).apply(text.toString());

    assertThat(t.text())
        .isEqualTo(
            "000\n001\n002\n003\n004\n[... 7,960 characters and 1,990 lines removed ...]\n"
                + "995\n996\n997\n998\n999\n");
  }

  @Test
  void theMarkerUsesThousandsSeparators() {
    assertThat(OutputTruncation.marker(12_345, 210))
        .isEqualTo("[... 12,345 characters and 210 lines removed ...]");
    assertThat(OutputTruncation.marker(1, 1)).isEqualTo("[... 1 character and 1 line removed ...]");
  }

  @Test
  void limitsBelowTwoAreRefused() {
    assertThatThrownBy(() -> OutputTruncation.of(1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxChars");
    assertThatThrownBy(() -> OutputTruncation.of(10, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxLines");
  }
}
