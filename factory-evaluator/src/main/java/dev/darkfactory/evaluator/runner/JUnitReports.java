package dev.darkfactory.evaluator.runner;

import dev.darkfactory.api.internal.Require;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * Reads JUnit XML test reports: the legacy XML of the JUnit Platform console launcher, Maven
 * Surefire's and Gradle's {@code TEST-*.xml} ({@code testsuite} root), pytest's {@code
 * --junitxml} and jest-junit ({@code testsuites} root, suites nested at any depth).
 *
 * <p>Results come from the {@code testcase} elements alone, never from the suites' {@code tests},
 * {@code failures} or {@code skipped} attributes, which a forger edits more easily than every test
 * case. A test case is failed when it has a {@code failure} child, errored with an {@code error}
 * child, skipped with a {@code skipped} child, and passed otherwise; Surefire's {@code
 * flakyFailure} and {@code flakyError} (a test that passed on a rerun) leave it passed.
 *
 * <p>The parser is the JDK's streaming parser with DTDs and external entities off; a document
 * with a {@code DOCTYPE} is refused as malformed, so no entity, external or internal, is ever
 * expanded.
 */
final class JUnitReports {

  /** The most characters of a failure message kept. */
  static final int MESSAGE_LIMIT = 300;

  private static final XMLInputFactory FACTORY = safeFactory();

  private JUnitReports() {}

  /** How a test case ended. */
  enum Status {
    PASSED,
    FAILED,
    ERROR,
    SKIPPED;

    /** Whether the test case ran and did not pass. */
    boolean failed() {
      return this == FAILED || this == ERROR;
    }
  }

  /**
   * One test case of a report.
   *
   * @param className its {@code classname} attribute; empty when missing
   * @param name its {@code name} attribute; empty when missing
   * @param status how it ended
   * @param message the failure's, error's or skip's message (its {@code message} attribute, else
   *     the first line of its text), at most {@link #MESSAGE_LIMIT} characters; empty when none
   */
  record TestCase(String className, String name, Status status, String message) {

    TestCase {
      Require.nonNull(className, "className");
      Require.nonNull(name, "name");
      Require.nonNull(status, "status");
      Require.nonNull(message, "message");
    }

    /** {@code className#name}, the form named tests are written in. */
    String id() {
      return className + "#" + name;
    }
  }

  /**
   * One parsed report file.
   *
   * @param root the name of its root element
   * @param testCases its test cases, in document order; empty when the root is neither {@code
   *     testsuite} nor {@code testsuites}
   */
  record Report(String root, List<TestCase> testCases) {

    Report {
      Require.nonNull(root, "root");
      testCases = Require.copyOf(testCases, "testCases");
    }

    /** Whether the root is a JUnit XML root, {@code testsuite} or {@code testsuites}. */
    boolean isJUnit() {
      return isJUnitRoot(root);
    }
  }

  /** A report file that is not well-formed XML, or has a {@code DOCTYPE}. */
  static final class MalformedReportException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedReportException(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Parses one report file.
   *
   * @param file the file
   * @return its root element's name and its test cases
   * @throws MalformedReportException when it is not well-formed XML or declares a DOCTYPE
   * @throws IOException when it cannot be read
   */
  static Report parse(Path file) throws MalformedReportException, IOException {
    try (InputStream in = Files.newInputStream(file)) {
      XMLStreamReader reader = FACTORY.createXMLStreamReader(in);
      try {
        return read(reader);
      } finally {
        reader.close();
      }
    } catch (XMLStreamException e) {
      throw new MalformedReportException(describe(e), e);
    }
  }

  private static Report read(XMLStreamReader r)
      throws XMLStreamException, MalformedReportException {
    String root = null;
    List<TestCase> cases = new ArrayList<>();
    // The open test case, the depth of its element, and what its children said so far.
    int caseDepth = -1;
    String className = "";
    String name = "";
    Status status = Status.PASSED;
    String message = "";
    // The outcome child whose text is the message when it has no message attribute.
    int outcomeDepth = -1;
    StringBuilder outcomeText = new StringBuilder();
    int depth = 0;
    while (r.hasNext()) {
      int event = r.next();
      switch (event) {
        case XMLStreamConstants.DTD ->
            throw new MalformedReportException(
                "a DOCTYPE declaration is not allowed in a test report", null);
        case XMLStreamConstants.START_ELEMENT -> {
          depth++;
          String element = r.getLocalName();
          if (root == null) {
            root = element;
            if (!isJUnitRoot(root)) {
              // Another kind of XML (an Open Test Reporting event log, a coverage report): read
              // through it for well-formedness, but it holds no JUnit test cases.
              skipRest(r);
              return new Report(root, List.of());
            }
          }
          if (caseDepth < 0 && element.equals("testcase")) {
            caseDepth = depth;
            className = attribute(r, "classname");
            name = attribute(r, "name");
            status = Status.PASSED;
            message = "";
          } else if (caseDepth >= 0 && depth == caseDepth + 1) {
            Status child =
                switch (element) {
                  case "failure" -> Status.FAILED;
                  case "error" -> Status.ERROR;
                  case "skipped" -> Status.SKIPPED;
                  default -> null;
                };
            if (child != null && rank(child) > rank(status)) {
              status = child;
              message = cap(attribute(r, "message"));
              if (message.isEmpty()) {
                outcomeDepth = depth;
                outcomeText.setLength(0);
              }
            }
          }
        }
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
          if (outcomeDepth >= 0 && outcomeText.length() < 4 * MESSAGE_LIMIT) {
            outcomeText.append(r.getText(), 0, Math.min(r.getTextLength(), 4 * MESSAGE_LIMIT));
          }
        }
        case XMLStreamConstants.END_ELEMENT -> {
          if (depth == outcomeDepth) {
            message = cap(firstLine(outcomeText.toString()));
            outcomeDepth = -1;
          }
          if (depth == caseDepth) {
            cases.add(new TestCase(className, name, status, message));
            caseDepth = -1;
          }
          depth--;
        }
        default -> {
          // Comments, processing instructions and whitespace say nothing about the results.
        }
      }
    }
    if (root == null) {
      throw new MalformedReportException("no root element", null);
    }
    return new Report(root, cases);
  }

  private static boolean isJUnitRoot(String element) {
    return element.equals("testsuite") || element.equals("testsuites");
  }

  /** Failures outrank errors outrank skips outrank passes, whatever order the children are in. */
  private static int rank(Status status) {
    return switch (status) {
      case PASSED -> 0;
      case SKIPPED -> 1;
      case ERROR -> 2;
      case FAILED -> 3;
    };
  }

  private static void skipRest(XMLStreamReader r) throws XMLStreamException {
    while (r.hasNext()) {
      r.next();
    }
  }

  private static String attribute(XMLStreamReader r, String name) {
    String value = r.getAttributeValue(null, name);
    return value == null ? "" : value.strip();
  }

  private static String firstLine(String text) {
    String t = text.strip();
    int nl = t.indexOf('\n');
    return (nl < 0 ? t : t.substring(0, nl)).strip();
  }

  private static String cap(String text) {
    return text.length() <= MESSAGE_LIMIT ? text : text.substring(0, MESSAGE_LIMIT) + "...";
  }

  private static String describe(XMLStreamException e) {
    Location at = e.getLocation();
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    // The JDK's message repeats the location as "ParseError at [row,col]:[r,c]\nMessage: ...".
    int i = message.indexOf("Message: ");
    if (i >= 0) {
      message = message.substring(i + "Message: ".length());
    }
    message = message.strip();
    return at == null || at.getLineNumber() < 0
        ? message
        : "line " + at.getLineNumber() + ", column " + at.getColumnNumber() + ": " + message;
  }

  /**
   * Whether {@code testCase} is the test {@code named}: {@code Class#method} or {@code Class}.
   *
   * <p>The class matches the test case's {@code classname} exactly or as its dotted suffix (so
   * {@code CalculatorTest} matches {@code fixture.CalculatorTest}), with {@code $} and {@code .}
   * alike for nested classes. The method matches the {@code name} exactly; or, when it names no
   * invocation index, ignoring a parameterized invocation's index ({@code [1]}) and an empty
   * parameter list ({@code ()}), so {@code sumOfOne(int)} matches {@code sumOfOne(int)[2]}; or,
   * when the named method has no parameter list or index, the name's part before {@code (} or
   * {@code [}: {@code sumOfOne} matches {@code sumOfOne(int)[2]} and pytest's {@code
   * test_max[1-2]}. A class alone matches every test case of that class.
   *
   * @param named the named test
   * @param testCase a test case from a report
   * @return whether it is that test, or one invocation of it
   */
  static boolean matches(String named, TestCase testCase) {
    String wanted = named.strip();
    int hash = wanted.indexOf('#');
    String wantedClass = hash < 0 ? wanted : wanted.substring(0, hash);
    if (!classMatches(wantedClass, testCase.className())) {
      return false;
    }
    return hash < 0 || methodMatches(wanted.substring(hash + 1), testCase.name());
  }

  private static boolean classMatches(String wanted, String actual) {
    String w = wanted.replace('$', '.');
    String a = actual.replace('$', '.');
    return !w.isEmpty() && (a.equals(w) || a.endsWith("." + w));
  }

  private static boolean methodMatches(String wanted, String actual) {
    if (actual.equals(wanted)) {
      return true;
    }
    if (wanted.indexOf('(') < 0 && wanted.indexOf('[') < 0) {
      return identifier(actual).equals(wanted);
    }
    if (wanted.endsWith("]")) {
      // One invocation, named by its index: that invocation only.
      return withoutEmptyParameters(actual).equals(withoutEmptyParameters(wanted));
    }
    return normalized(actual).equals(normalized(wanted));
  }

  private static String withoutEmptyParameters(String name) {
    return name.strip().replace("()[", "[");
  }

  /** The name without a trailing invocation index and without an empty parameter list. */
  private static String normalized(String name) {
    String n = name.strip();
    if (n.endsWith("]")) {
      int open = n.lastIndexOf('[');
      if (open > 0) {
        n = n.substring(0, open).strip();
      }
    }
    if (n.endsWith("()")) {
      n = n.substring(0, n.length() - 2);
    }
    return n;
  }

  /** The part of a test name before its parameter list or index. */
  private static String identifier(String name) {
    int end = name.length();
    int paren = name.indexOf('(');
    int bracket = name.indexOf('[');
    if (paren >= 0) {
      end = paren;
    }
    if (bracket >= 0 && bracket < end) {
      end = bracket;
    }
    return name.substring(0, end).strip();
  }

  /** A factory that never reads a DTD or an external entity. */
  private static XMLInputFactory safeFactory() {
    // The JDK's own parser, never one a library on the class path registers as a service.
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    // No resolver may fetch anything, whatever a document says.
    f.setXMLResolver(
        (publicId, systemId, baseUri, namespace) -> {
          throw new XMLStreamException(
              "external entity " + systemId + " refused: test reports may not reference files");
        });
    return f;
  }

  /** A short form of a status for details: {@code failed}, {@code errored}, {@code skipped}. */
  static String verb(Status status) {
    return switch (status) {
      case FAILED -> "failed";
      case ERROR -> "errored";
      case SKIPPED -> "was skipped";
      case PASSED -> "passed";
    };
  }
}
