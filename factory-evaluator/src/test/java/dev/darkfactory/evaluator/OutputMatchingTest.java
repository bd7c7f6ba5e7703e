package dev.darkfactory.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.spec.OutputMatcher;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Example;

class OutputMatchingTest {

  @Example
  void equalsIgnoresTrailingWhitespaceOnly() {
    assertThat(OutputMatching.mismatch(new OutputMatcher.Equals("Hello, Ada!"), "stdout", "Hello, Ada!\n")).isEmpty();
    assertThat(OutputMatching.mismatch(new OutputMatcher.Equals("Hello, Ada!"), "stdout", " Hello, Ada!"))
        .contains("stdout was ' Hello, Ada!', expected 'Hello, Ada!'");
  }

  @Example
  void containsAndRegexSayWhatWasMissing() {
    assertThat(OutputMatching.mismatch(new OutputMatcher.Contains("Ada"), "stderr", "no name")).contains(
        "stderr does not contain 'Ada'; it was 'no name'");
    assertThat(OutputMatching.mismatch(new OutputMatcher.Regex("^\\d+$"), "stdout", "12\n")).isEmpty();
    assertThat(OutputMatching.mismatch(new OutputMatcher.Regex("^\\d+$"), "stdout", "twelve"))
        .contains("stdout has no match for /^\\d+$/; it was 'twelve'");
  }

  @Example
  void jsonFieldComparesTheValueAtThePointerAsText() {
    String json = "{\"result\": {\"count\": 3, \"ok\": true, \"name\": \"x\", \"list\": [1, 2]}}";

    assertThat(OutputMatching.mismatches(
            List.of(
                new OutputMatcher.JsonField("/result/count", "3"),
                new OutputMatcher.JsonField("/result/ok", "true"),
                new OutputMatcher.JsonField("/result/name", "x"),
                new OutputMatcher.JsonField("/result/list", "[1,2]")),
            "stdout",
            json))
        .isEmpty();
    assertThat(OutputMatching.mismatch(new OutputMatcher.JsonField("/result/count", "4"), "stdout", json))
        .contains("stdout JSON at /result/count was '3', expected '4'");
    assertThat(OutputMatching.mismatch(new OutputMatcher.JsonField("/nope", "4"), "stdout", json))
        .contains("stdout JSON has nothing at /nope");
    assertThat(OutputMatching.mismatch(new OutputMatcher.JsonField("/a", "1"), "stdout", "not json"))
        .hasValueSatisfying(m -> assertThat(m).startsWith("stdout is not JSON: "));
    assertThat(OutputMatching.mismatch(new OutputMatcher.JsonField("/a", "1"), "stdout", ""))
        .contains("stdout is empty, expected JSON");
  }

  @Property
  void outputAlwaysContainsItselfAndEqualsItself(@ForAll String output) {
    if (!output.isEmpty()) {
      assertThat(OutputMatching.mismatch(new OutputMatcher.Contains(output), "stdout", output)).isEmpty();
    }
    assertThat(OutputMatching.mismatch(new OutputMatcher.Equals(output), "stdout", output)).isEmpty();
  }
}
