package dev.darkfactory.api.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

class SpecPropertiesTest {

  @Property
  void isValidAgreesWithTheConstructorForEveryString(@ForAll("idLikeStrings") String value) {
    Throwable specError = catchThrowable(() -> SpecId.of(value));
    Throwable scenarioError = catchThrowable(() -> ScenarioId.of(value));

    assertThat(specError == null).isEqualTo(SpecId.isValid(value));
    assertThat(scenarioError == null).isEqualTo(ScenarioId.isValid(value));
    if (specError != null) {
      assertThat(specError)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("spec id");
    }
  }

  @Property
  void wordsJoinedBySingleSeparatorsAreValidUpToSixtyFourCharacters(
      @ForAll("joinedWords") String value) {
    if (value.length() <= 64) {
      assertThat(SpecId.of(value).value()).isEqualTo(value);
      assertThat(ScenarioId.of(value).value()).isEqualTo(value);
    } else {
      assertThatThrownBy(() -> SpecId.of(value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at most 64");
    }
  }

  @Property
  void anUppercaseLetterAnywhereMakesAnIdInvalid(
      @ForAll("joinedWords") String value, @ForAll @IntRange(min = 0, max = 200) int at) {
    int i = at % value.length();
    String upper = value.substring(0, i) + "Q" + value.substring(i + 1);
    assertThat(SpecId.isValid(upper)).isFalse();
    assertThat(ScenarioId.isValid(upper)).isFalse();
  }

  @Property
  void aParentSegmentAnywhereIsRejectedAndThePathWithoutItIsAccepted(
      @ForAll("segments") List<String> segments, @ForAll @IntRange(min = 0, max = 10) int at) {
    String clean = String.join("/", segments);
    List<String> withParent = new ArrayList<>(segments);
    withParent.add(Math.min(at, segments.size()), "..");
    String escaping = String.join("/", withParent);

    assertThat(Spec.checkRelativePath(clean, "path")).isEqualTo(clean);
    assertThatThrownBy(() -> Spec.checkRelativePath(escaping, "path"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + escaping + "'");
    assertThatThrownBy(() -> Spec.checkRelativePath("/" + clean, "path"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Spec.checkRelativePath(clean.replace('/', '\\') + "\\x", "path"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property
  void sectionKeyIsIdempotentAndHoldsOnlyLowercaseLettersAndDigits(
      @ForAll @StringLength(max = 30) String heading) {
    String key = Spec.sectionKey(heading);
    assertThat(Spec.sectionKey(key)).isEqualTo(key);
    assertThat(key).doesNotContain(" ", "-", "_");
  }

  @Provide
  Arbitrary<String> idLikeStrings() {
    return Arbitraries.strings().withChars("ab09.-_ A/").ofMinLength(0).ofMaxLength(70);
  }

  @Provide
  Arbitrary<String> joinedWords() {
    Arbitrary<String> word =
        Arbitraries.strings().withChars("abcxyz0189").ofMinLength(1).ofMaxLength(12);
    Arbitrary<String> sep = Arbitraries.of(".", "_", "-");
    Arbitrary<String> tail = Combinators.combine(sep, word).as((s, w) -> s + w);
    return Combinators.combine(word, tail.list().ofMaxSize(8))
        .as((first, rest) -> first + String.join("", rest));
  }

  @Provide
  Arbitrary<List<String>> segments() {
    return Arbitraries.strings()
        .withChars("abz09._-*")
        .ofMinLength(1)
        .ofMaxLength(6)
        .filter(s -> !s.equals("..") && !s.equals("."))
        .map(s -> s.startsWith(".") ? "d" + s : s)
        .list()
        .ofMinSize(1)
        .ofMaxSize(5);
  }
}
