package dev.darkfactory.core.agent.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The properties of {@link OutputTruncation}, apart so each engine reports its own class. */
class OutputTruncationPropertiesTest {

  @Provide
  Arbitrary<String> texts() {
    // Pieces that exercise line breaks of every kind and surrogate pairs; no '[' so the marker
    // can be found.
    return Arbitraries.of("a", "bc", " ", "\n", "\r\n", "\r", "\u00e9", "\uD83D\uDE00", "line\n")
        .list()
        .ofMaxSize(300)
        .map(pieces -> String.join("", pieces));
  }

  @Property(tries = 1000)
  void keepsAHeadAndATailWithinTheLimitsAroundOneMarker(
      @ForAll("texts") String text,
      @ForAll @IntRange(min = 2, max = 400) int maxChars,
      @ForAll @IntRange(min = 2, max = 40) int maxLines) {
    OutputTruncation.Truncated t = OutputTruncation.of(maxChars, maxLines).apply(text);

    if (text.length() <= maxChars && lines(text) <= maxLines) {
      assertThat(t.truncated()).isFalse();
      assertThat(t.text()).isSameAs(text);
      assertThat(t.removedChars()).isZero();
      return;
    }
    assertThat(t.truncated()).isTrue();
    assertThat(t.removedChars()).isPositive();
    String marker = OutputTruncation.marker(t.removedChars(), t.removedLines());
    int at = t.text().indexOf(marker);
    assertThat(at).isNotNegative();
    String tail = t.text().substring(at + marker.length() + 1);
    assertThat(t.text().charAt(at + marker.length())).isEqualTo('\n');
    int headLength = text.length() - t.removedChars() - tail.length();
    String head = text.substring(0, headLength);
    String before = t.text().substring(0, at);

    // The head and the tail of the original, around the marker on a line of its own.
    assertThat(text).endsWith(tail);
    assertThat(before).isIn(head.isEmpty() || head.endsWith("\n") ? List.of(head) : List.of(head + "\n"));
    assertThat(t.removedLines())
        .isEqualTo(count(text.substring(headLength, text.length() - tail.length()), '\n'));
    // Both kept (unless a half is a single character and that is half a surrogate pair), within
    // the limits.
    if (maxChars >= 4) {
      assertThat(head).isNotEmpty();
      assertThat(tail).isNotEmpty();
    }
    assertThat(head.length() + tail.length()).isLessThanOrEqualTo(maxChars);
    assertThat(lines(head) + lines(tail)).isLessThanOrEqualTo(maxLines);
    assertThat(t.text().length()).isLessThanOrEqualTo(maxChars + marker.length() + 2);
    assertThat(lines(t.text())).isLessThanOrEqualTo(maxLines + 1);
    // A surrogate pair is never split.
    assertThat(!tail.isEmpty() && Character.isLowSurrogate(tail.charAt(0))).isFalse();
    assertThat(!head.isEmpty() && Character.isHighSurrogate(head.charAt(head.length() - 1)))
        .isFalse();
  }

  @Property(tries = 300)
  void largerLimitsNeverRemoveMore(
      @ForAll("texts") String text,
      @ForAll @IntRange(min = 2, max = 200) int maxChars,
      @ForAll @IntRange(min = 2, max = 20) int maxLines) {
    OutputTruncation.Truncated tight = OutputTruncation.of(maxChars, maxLines).apply(text);
    OutputTruncation.Truncated loose = OutputTruncation.of(maxChars * 2, maxLines * 2).apply(text);

    assertThat(loose.removedChars()).isLessThanOrEqualTo(tight.removedChars());
  }

  private static long lines(String s) {
    return s.lines().count();
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }
}
