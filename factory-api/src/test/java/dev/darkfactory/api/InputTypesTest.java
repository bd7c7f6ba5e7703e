package dev.darkfactory.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputTypesTest {

  @Test
  void sourceLocationPrintsWhatIsKnownAsACompilerWould() {
    assertThat(SourceLocation.of("specs/a.md")).hasToString("specs/a.md");
    assertThat(SourceLocation.of("specs/a.md", 7)).hasToString("specs/a.md:7");
    assertThat(new SourceLocation("specs/a.md", 7, 3)).hasToString("specs/a.md:7:3");
    assertThat(new SourceLocation("specs/a.md", 7, 3).atLine(9))
        .isEqualTo(new SourceLocation("specs/a.md", 9, 0));
  }

  @Test
  void sourceLocationRejectsBlankSourceAndNegativePositions() {
    assertThatThrownBy(() -> SourceLocation.of(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("source")
        .hasMessageContaining("' '");
    assertThatThrownBy(() -> SourceLocation.of(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("source");
    assertThatThrownBy(() -> new SourceLocation("a.md", -1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> new SourceLocation("a.md", 1, -2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column")
        .hasMessageContaining("-2");
    assertThatThrownBy(() -> SourceLocation.of("a.md", 3).atLine(-5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line")
        .hasMessageContaining("-5");
  }

  @Test
  void inputProblemPrintsOneLineWithWhereWhatAndExpected() {
    InputProblem p = new InputProblem(SourceLocation.of("a.md", 4), "unknown key 'foo'", "goal");
    assertThat(p).hasToString("a.md:4: unknown key 'foo' (expected goal)");
  }

  @Test
  void inputProblemRejectsMissingParts() {
    SourceLocation at = SourceLocation.of("a.md");
    assertThatThrownBy(() -> new InputProblem(null, "m", "e"))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("location");
    assertThatThrownBy(() -> new InputProblem(at, "", "e"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("message")
        .hasMessageContaining("''");
    assertThatThrownBy(() -> new InputProblem(at, "m", "\t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected");
  }

  @Test
  void invalidInputExceptionCarriesEveryProblemInOrderAndListsThemInItsMessage() {
    InputProblem first = new InputProblem(SourceLocation.of("a.md", 1), "first", "x");
    InputProblem second = new InputProblem(SourceLocation.of("b.md", 2), "second", "y");
    List<InputProblem> source = new ArrayList<>(List.of(first, second));

    InvalidInputException e = new InvalidInputException(source);
    source.clear();

    assertThat(e.problems()).containsExactly(first, second);
    assertThat(e.getMessage())
        .startsWith("2 input problems:")
        .contains("a.md:1: first (expected x)")
        .contains("b.md:2: second (expected y)");
    assertThatThrownBy(() -> e.problems().add(first))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(new InvalidInputException(List.of(first)).getMessage())
        .startsWith("1 input problem:");
  }

  @Test
  void invalidInputExceptionNeedsAtLeastOneNonNullProblem() {
    assertThatThrownBy(() -> new InvalidInputException(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("problems");
    assertThatThrownBy(() -> new InvalidInputException(Arrays.asList((InputProblem) null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("problems[0]");
  }
}
