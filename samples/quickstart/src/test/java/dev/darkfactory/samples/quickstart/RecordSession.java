package dev.darkfactory.samples.quickstart;

import static dev.darkfactory.testkit.model.Reply.json;

import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.testkit.model.Reply;
import dev.darkfactory.testkit.model.RequestMatcher;
import dev.darkfactory.testkit.model.ScriptedModelProvider;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Makes the quickstart's recorded session: runs the whole quickstart factory with the default
 * agent on a scripted model ({@link ScriptedModelProvider}), recording every attempt's
 * conversation through {@code RecordingModelProvider} into {@code factory/session}.
 *
 * <pre>{@code
 * ./mvnw -q -B -Precord-session -pl samples/quickstart -am verify -DskipTests
 * }</pre>
 *
 * <p>The script is what a careful but fallible coder might do. {@code greeting}: look around, write
 * {@code Greeter}, run it, finish. {@code word-count}, attempt 1: write a counter that splits on
 * single spaces, check it only with the visible scenario, leave a note, finish; the holdouts catch
 * it. Attempt 2, told only that a hidden check failed: rewrite it for runs of any whitespace and
 * empty input, check three inputs, finish. Each rule waits for the tool result it expects, so a
 * recording where a command went wrong fails instead of being written.
 *
 * <p>Recording is reproducible: the same script gives the same cassettes on any machine, since
 * {@link SessionCassettes#NORMALIZER} takes out host paths, dates and command times ({@code
 * SessionRecordingTest} checks that the bundled cassettes are exactly what this makes).
 */
public final class RecordSession {

  /** The model name the scripted session is recorded under. */
  static final String MODEL = "scripted-coder";

  private RecordSession() {}

  /**
   * Records the session into {@code <factory>/session}, replacing the cassettes there only when
   * the recorded run ended well.
   *
   * @param args the factory directory (default {@code samples/quickstart/factory}) and a work
   *     directory (default {@code samples/quickstart/target/record-session})
   */
  public static void main(String[] args) throws Exception {
    System.setProperty("org.jboss.logging.provider", "slf4j");
    Path factory = Path.of(args.length > 0 ? args[0] : "samples/quickstart/factory");
    Path work = Path.of(args.length > 1 ? args[1] : "samples/quickstart/target/record-session");
    Path fresh = work.toAbsolutePath().resolve("session");
    Quickstart.deleteTree(fresh);
    int status = record(factory, fresh, work.resolve("run"), System.out, System.err);
    if (status != 0) {
      System.err.println("The recording did not end well; " + factory.resolve("session") + " is unchanged.");
      System.exit(status);
    }
    Path session = factory.resolve("session");
    for (Path old : SessionCassettes.cassettes(session)) {
      Files.delete(old);
    }
    for (Path file : SessionCassettes.cassettes(fresh)) {
      Path to = session.resolve(fresh.relativize(file).toString());
      Files.createDirectories(to.getParent());
      Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
    }
    System.out.println("The recorded session is in " + session.toAbsolutePath() + ".");
  }

  /**
   * Runs the quickstart factory on the scripted model, recording into {@code into}.
   *
   * @return the quickstart's exit status
   */
  static int record(Path factory, Path into, Path work, PrintStream out, PrintStream err) throws Exception {
    Quickstart.Record record =
        new Quickstart.Record(
            "a SCRIPTED MODEL (ScriptedModelProvider, see RecordSession)",
            "scripted",
            MODEL,
            RecordSession::script,
            into,
            false);
    return Quickstart.run(factory, work, out, err, record, () -> {});
  }

  /** The scripted model for one attempt at one spec. */
  static ModelProvider script(String spec, int attempt) {
    return switch (spec + "/" + attempt) {
      case "greeting/1" -> greeting();
      case "word-count/1" -> wordCountFirst();
      case "word-count/2" -> wordCountSecond();
      default -> throw new AssertionError("the script has no attempt " + attempt + " at spec " + spec);
    };
  }

  /** Compiles into out/, runs {@code run}, removes out/ again, and exits with run's status. */
  private static String compileAndRun(String run) {
    return "javac -d out src/*.java && " + run + "; status=$?; rm -rf out; exit $status";
  }

  private static final String GREETER =
      """
      /** Greets the person named by the first argument, or the world. */
      public class Greeter {
        public static void main(String[] args) {
          String name = args.length > 0 ? args[0] : "world";
          System.out.println("Hello, " + name + "!");
        }
      }
      """;

  private static final String WORD_COUNT_NAIVE =
      """
      import java.io.IOException;

      /** Counts the words of standard input. */
      public class WordCount {
        public static void main(String[] args) throws IOException {
          String text = new String(System.in.readAllBytes()).trim();
          System.out.println(text.split(" ").length);
        }
      }
      """;

  private static final String WORD_COUNT =
      """
      import java.io.IOException;

      /** Counts the words of standard input: maximal runs of non-whitespace characters. */
      public class WordCount {
        public static void main(String[] args) throws IOException {
          String text = new String(System.in.readAllBytes()).strip();
          System.out.println(text.isEmpty() ? 0 : text.split("\\\\s+").length);
        }
      }
      """;

  private static ScriptedModelProvider greeting() {
    return ScriptedModelProvider.builder()
        .on(RequestMatcher.turn(1))
        .reply(
            Reply.text("I'll look at the project and its one program first.")
                .andToolCall("list_files", json("glob", "**/*"))
                .andToolCall("read_file", json("path", "src/Main.java")))
        .on(RequestMatcher.toolResult("read_file").containing("tiny tools"))
        .reply(
            Reply.text("Main is a plain class in the default package; Greeter follows it. Writing it and running both cases.")
                .andToolCall("write_file", json("path", "src/Greeter.java", "content", GREETER))
                .andToolCall(
                    "run_command",
                    json("command", compileAndRun("java -cp out Greeter Ada && java -cp out Greeter"))))
        .on(RequestMatcher.toolResult("run_command").containing("--- stdout ---\nHello, Ada!\nHello, world!\n"))
        .reply(
            Reply.toolCall(
                "finish",
                json("summary", "Added src/Greeter.java: prints Hello, <name>! for the first argument, Hello, world! without one; ran both.")))
        .build();
  }

  private static ScriptedModelProvider wordCountFirst() {
    return ScriptedModelProvider.builder()
        .on(RequestMatcher.turn(1))
        .reply(Reply.toolCall("list_files", json("glob", "**/*")))
        .on(RequestMatcher.toolResult("list_files").containing("src/Main.java"))
        .reply(
            Reply.text("Reading everything, trimming, and splitting on spaces should do.")
                .andToolCall("write_file", json("path", "src/WordCount.java", "content", WORD_COUNT_NAIVE))
                .andToolCall(
                    "run_command",
                    json("command", compileAndRun("printf 'one two three\\n' | java -cp out WordCount"))))
        .on(RequestMatcher.toolResult("run_command").containing("--- stdout ---\n3\n"))
        .reply(
            Reply.toolCall("note", json("text", "WordCount trims the input and splits on single spaces; only the visible scenario was run."))
                .andToolCall("finish", json("summary", "Added src/WordCount.java; the visible scenario prints 3.")))
        .build();
  }

  private static ScriptedModelProvider wordCountSecond() {
    return ScriptedModelProvider.builder()
        .on(RequestMatcher.turn(1).and(RequestMatcher.anyMessageContains("Hidden scenarios passed: 1 of 2")))
        .reply(
            Reply.text(
                    "The first attempt failed a hidden check. It split on single spaces, but a word is a maximal"
                        + " run of non-whitespace: tabs, newlines and repeated spaces separate words too, and empty"
                        + " input has none. Rewriting it and checking those cases.")
                .andToolCall("write_file", json("path", "src/WordCount.java", "content", WORD_COUNT))
                .andToolCall(
                    "run_command",
                    json(
                        "command",
                        compileAndRun(
                            String.join(
                                " && ",
                                List.of(
                                    "printf 'one two three\\n' | java -cp out WordCount",
                                    "printf ' a\\tb\\n\\nc   d \\n' | java -cp out WordCount",
                                    "java -cp out WordCount < /dev/null"))))))
        .on(RequestMatcher.toolResult("run_command").containing("--- stdout ---\n3\n4\n0\n"))
        .reply(
            Reply.toolCall(
                "finish",
                json("summary", "Rewrote src/WordCount.java to split on runs of whitespace and print 0 for empty input; checked spaces, tabs, newlines and empty input.")))
        .build();
  }
}
