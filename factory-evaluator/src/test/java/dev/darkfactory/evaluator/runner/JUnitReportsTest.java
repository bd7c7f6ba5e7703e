package dev.darkfactory.evaluator.runner;

import static dev.darkfactory.evaluator.runner.JUnitReports.Status.ERROR;
import static dev.darkfactory.evaluator.runner.JUnitReports.Status.FAILED;
import static dev.darkfactory.evaluator.runner.JUnitReports.Status.PASSED;
import static dev.darkfactory.evaluator.runner.JUnitReports.Status.SKIPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.darkfactory.evaluator.runner.JUnitReports.MalformedReportException;
import dev.darkfactory.evaluator.runner.JUnitReports.Report;
import dev.darkfactory.evaluator.runner.JUnitReports.TestCase;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JUnit XML parser against each tool's report format, and its refusals. */
class JUnitReportsTest {

  @TempDir Path dir;

  @Test
  void readsTheConsoleLauncherLegacyXml() throws Exception {
    Report report = parse("console-launcher-TEST-junit-jupiter.xml");

    assertThat(report.root()).isEqualTo("testsuite");
    assertThat(report.testCases())
        .containsExactly(
            new TestCase("fixture.CalculatorTest", "sumOfOne(int)[1]", FAILED, "expected: <4> but was: <0>"),
            new TestCase("fixture.CalculatorTest", "maxPicksTheLarger()", PASSED, ""),
            new TestCase("fixture.CalculatorTest", "sumOfOne(int)[2]", FAILED, "expected: <7> but was: <0>"),
            new TestCase(
                "fixture.CalculatorTest", "sumAddsEveryElement()", FAILED, "expected: <6> but was: <5>"),
            new TestCase("fixture.CalculatorTest", "sumOfNothingIsZero()", PASSED, ""));
  }

  @Test
  void readsSurefireWithErrorsSkipsAndAFlakyPass() throws Exception {
    Report report = parse("surefire-TEST-fixture.CalculatorTest.xml");

    assertThat(report.testCases())
        .extracting(TestCase::name, TestCase::status, TestCase::message)
        .containsExactly(
            tuple(
                "sumAddsEveryElement", FAILED, "expected: <6> but was: <5>"),
            tuple("sumOfOne(int)[1]", PASSED, ""),
            tuple("sumOfOne(int)[2]", PASSED, ""),
            tuple("dividesByZero", ERROR, "/ by zero"),
            tuple("roundsHalfUp", SKIPPED, "not on this platform"),
            // A flakyFailure is a test that passed when rerun.
            tuple("maxPicksTheLarger", PASSED, ""));
  }

  @Test
  void readsGradle() throws Exception {
    Report report = parse("gradle-TEST-fixture.CalculatorTest.xml");

    assertThat(report.testCases())
        .containsExactly(
            new TestCase(
                "fixture.CalculatorTest",
                "sumAddsEveryElement()",
                FAILED,
                "org.opentest4j.AssertionFailedError: expected: <6> but was: <5>"),
            new TestCase("fixture.CalculatorTest", "sumOfOne(int)[1]", PASSED, ""),
            new TestCase("fixture.CalculatorTest", "sumOfNothingIsZero()", PASSED, ""),
            new TestCase("fixture.CalculatorTest", "roundsHalfUp()", SKIPPED, ""));
  }

  @Test
  void readsPytestWithItsTestsuitesRoot() throws Exception {
    Report report = parse("pytest.xml");

    assertThat(report.root()).isEqualTo("testsuites");
    assertThat(report.testCases())
        .containsExactly(
            new TestCase("tests.test_calc", "test_sum_of_nothing", PASSED, ""),
            new TestCase("tests.test_calc.TestMax", "test_max[1-2]", PASSED, ""),
            new TestCase(
                "tests.test_calc.TestMax",
                "test_max[3-1]",
                FAILED,
                "assert 1 == 3\n +  where 1 = max_of(3, 1)"),
            new TestCase("tests.test_calc", "test_rounding", SKIPPED, "not yet"),
            new TestCase("tests.test_calc", "test_sum", PASSED, ""));
  }

  @Test
  void readsJestJunitAndTakesTheFirstLineOfAFailureWithoutMessage() throws Exception {
    Report report = parse("jest-junit.xml");

    assertThat(report.testCases())
        .extracting(TestCase::name, TestCase::status, TestCase::message)
        .containsExactly(
            tuple("Calculator sums every element", PASSED, ""),
            tuple(
                "Calculator picks the larger (max)",
                FAILED,
                "Error: expect(received).toBe(expected) // Object.is equality"),
            tuple("Calculator sums nothing to zero", PASSED, ""));
  }

  @Test
  void countsTestCasesNotTheSuiteTotalsAForgerEdits() throws Exception {
    // The suite says failures="0"; one of its test cases failed.
    Report report = parse("forged-totals.xml");

    assertThat(report.testCases()).extracting(TestCase::status).containsExactly(FAILED, PASSED, PASSED);
  }

  @Test
  void anotherKindOfXmlHasNoTestCases() throws Exception {
    Report report = parse("open-test-reporting-events.xml");

    assertThat(report.isJUnit()).isFalse();
    assertThat(report.root()).isEqualTo("e:events");
    assertThat(report.testCases()).isEmpty();
  }

  @Test
  void malformedXmlIsRefusedWithWhere() {
    assertThatThrownBy(() -> parse("malformed.xml"))
        .isInstanceOf(MalformedReportException.class)
        .hasMessageStartingWith("line 4, column ")
        .hasMessageContaining("testcase");
  }

  @Test
  void anEmptyFileIsMalformed() throws Exception {
    Path empty = Files.writeString(dir.resolve("TEST-empty.xml"), "");

    assertThatThrownBy(() -> JUnitReports.parse(empty)).isInstanceOf(MalformedReportException.class);
  }

  @Test
  void externalEntitiesAreNeverReadXxe() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-VALUE");
    Path report =
        Files.writeString(
            dir.resolve("TEST-xxe.xml"),
            "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE testsuite [<!ENTITY leak SYSTEM \""
                + secret.toUri()
                + "\">]>\n"
                + "<testsuite><testcase classname=\"x.Y\" name=\"z\">"
                + "<failure message=\"&leak;\"/></testcase></testsuite>\n");

    assertThatThrownBy(() -> JUnitReports.parse(report))
        .isInstanceOf(MalformedReportException.class)
        .hasMessageContaining("DOCTYPE")
        .satisfies(e -> assertThat(e.toString()).doesNotContain("TOP-SECRET-VALUE"));
  }

  @Test
  void internalEntityExpansionIsRefusedBillionLaughs() throws Exception {
    StringBuilder doc = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE testsuite [\n");
    doc.append("<!ENTITY a0 \"lol\">\n");
    for (int i = 1; i < 10; i++) {
      doc.append("<!ENTITY a").append(i).append(" \"");
      doc.append(("&a" + (i - 1) + ";").repeat(10)).append("\">\n");
    }
    doc.append("]>\n<testsuite><testcase classname=\"x\" name=\"&a9;\"/></testsuite>\n");
    Path report = Files.writeString(dir.resolve("TEST-laughs.xml"), doc);

    assertThatThrownBy(() -> JUnitReports.parse(report))
        .isInstanceOf(MalformedReportException.class)
        .hasMessageContaining("DOCTYPE");
  }

  @Test
  void longMessagesAreCut() throws Exception {
    Path report =
        Files.writeString(
            dir.resolve("TEST-long.xml"),
            "<testsuite><testcase classname=\"x.Y\" name=\"z\"><failure message=\""
                + "m".repeat(5000)
                + "\"/></testcase></testsuite>");

    String message = JUnitReports.parse(report).testCases().get(0).message();

    assertThat(message).hasSize(JUnitReports.MESSAGE_LIMIT + 3).endsWith("...");
  }

  @ParameterizedTest(name = "{0} matches {1}#{2}: {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        // Class#method against the console launcher's and Gradle's names.
        "fixture.CalculatorTest#sumAddsEveryElement | fixture.CalculatorTest | sumAddsEveryElement() | true",
        "fixture.CalculatorTest#sumAddsEveryElement() | fixture.CalculatorTest | sumAddsEveryElement() | true",
        // Surefire writes no parentheses.
        "fixture.CalculatorTest#sumAddsEveryElement() | fixture.CalculatorTest | sumAddsEveryElement | true",
        // A simple class name matches the qualified one, at a dot only.
        "CalculatorTest#sumAddsEveryElement | fixture.CalculatorTest | sumAddsEveryElement() | true",
        "CalculatorTest#sumAddsEveryElement | fixture.MyCalculatorTest | sumAddsEveryElement() | false",
        "other.CalculatorTest#sumAddsEveryElement | fixture.CalculatorTest | sumAddsEveryElement() | false",
        // Parameterized invocations.
        "fixture.CalculatorTest#sumOfOne | fixture.CalculatorTest | sumOfOne(int)[2] | true",
        "fixture.CalculatorTest#sumOfOne(int) | fixture.CalculatorTest | sumOfOne(int)[2] | true",
        "fixture.CalculatorTest#sumOfOne(int)[2] | fixture.CalculatorTest | sumOfOne(int)[2] | true",
        "fixture.CalculatorTest#sumOfOne(int)[1] | fixture.CalculatorTest | sumOfOne(int)[2] | false",
        "fixture.CalculatorTest#sumOfOne(long) | fixture.CalculatorTest | sumOfOne(int)[2] | false",
        // A method is not a prefix match.
        "fixture.CalculatorTest#sum | fixture.CalculatorTest | sumAddsEveryElement() | false",
        "fixture.CalculatorTest#sumAddsEveryElement | fixture.CalculatorTest | sumAddsEveryElementTwice() | false",
        // A class alone matches each of its test cases, and not its nested classes' siblings.
        "fixture.CalculatorTest | fixture.CalculatorTest | maxPicksTheLarger() | true",
        "fixture.CalculatorTest | fixture.CalculatorTestHelper | maxPicksTheLarger() | false",
        // Nested classes with $ or a dot.
        "fixture.CalculatorTest.Sums#ofNothing | fixture.CalculatorTest$Sums | ofNothing() | true",
        "CalculatorTest$Sums#ofNothing | fixture.CalculatorTest$Sums | ofNothing() | true",
        // pytest and jest.
        "tests.test_calc.TestMax#test_max | tests.test_calc.TestMax | test_max[3-1] | true",
        "tests.test_calc.TestMax#test_max[3-1] | tests.test_calc.TestMax | test_max[3-1] | true",
        "Calculator sums every element#Calculator sums every element | Calculator sums every element | Calculator sums every element | true",
      })
  void namedTestsMatchTestCases(String named, String className, String name, boolean expected) {
    TestCase testCase = new TestCase(className, name, PASSED, "");

    assertThat(JUnitReports.matches(named, testCase)).isEqualTo(expected);
  }

  private static Report parse(String fixture) throws Exception {
    return JUnitReports.parse(fixture(fixture));
  }

  static Path fixture(String name) throws URISyntaxException {
    URL url =
        Objects.requireNonNull(
            JUnitReportsTest.class.getResource("/junit-xml/" + name), "no fixture " + name);
    return Path.of(url.toURI());
  }
}
