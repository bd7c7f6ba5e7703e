package dev.darkfactory.evaluator.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class ModelJudgeRunnerPropertiesTest {

  private static final Pattern MARKER =
      Pattern.compile(
          "\\[\\.\\.\\. diff cut: (\\d+) more characters in \\d+ lines? not shown, of (\\d+) in"
              + " all");

  @Provide
  Arbitrary<String> diffs() {
    Arbitrary<String> line =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(300).map(s -> "+" + s),
            Arbitraries.strings().alpha().ofMaxLength(20).map(s -> "diff --git a/" + s + " b/" + s),
            Arbitraries.strings().ofMaxLength(3_000));
    return line.list().ofMaxSize(40).map(lines -> String.join("\n", lines));
  }

  @Provide
  Arbitrary<String> shortTexts() {
    return Arbitraries.strings()
        .ofMaxLength(40)
        .list()
        .ofMaxSize(8)
        .map(lines -> String.join("\n", lines));
  }

  @Property
  void aCutDiffKeepsAPrefixWithinTheLimitAndSaysExactlyHowMuchWasCut(
      @ForAll("diffs") String diff, @ForAll @IntRange(min = 1_000, max = 5_000) int max) {
    String cut = ModelJudgeRunner.cutDiff(diff, max);
    if (diff.length() <= max) {
      assertThat(cut).isEqualTo(diff);
      return;
    }
    int at = cut.lastIndexOf("[... diff cut: ");
    assertThat(at).isNotNegative();
    Matcher m = MARKER.matcher(cut.substring(at));
    assertThat(m.lookingAt()).as("marker in %s", cut.substring(at)).isTrue();
    assertThat(Integer.parseInt(m.group(2))).isEqualTo(diff.length());
    int keptLength = diff.length() - Integer.parseInt(m.group(1));
    assertThat(keptLength).isPositive().isLessThanOrEqualTo(max);
    if (diff.substring(0, max).indexOf('\n') >= 0) {
      assertThat(diff.charAt(keptLength - 1)).as("cut after a line").isEqualTo('\n');
      assertThat(diff.substring(keptLength, max))
          .as("after the last line that fits")
          .doesNotContain("\n");
    } else {
      assertThat(keptLength)
          .as("one line longer than the limit is cut at it")
          .isBetween(max - 1, max);
    }
    String kept = diff.substring(0, keptLength);
    assertThat(cut).startsWith(kept);
    assertThat(cut.substring(0, at)).isIn(kept, kept + "\n");
    assertThat(cut).endsWith(" ...]\n");
  }

  @Property
  void theDiffWithoutItsPreambleStartsAtTheFirstFileHeaderAndEndsAsBefore(
      @ForAll("shortTexts") String preamble, @ForAll("shortTexts") String body) {
    String diff = preamble + "\ndiff --git a/x b/x\n" + body;
    String stripped = ModelJudgeRunner.withoutPreamble(diff);
    assertThat(diff).endsWith(stripped);
    assertThat(stripped).startsWith("diff --git ");
    assertThat(ModelJudgeRunner.withoutPreamble(stripped)).isEqualTo(stripped);
  }
}
