package dev.darkfactory.core.agent.guard;

import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.Role;
import dev.darkfactory.api.model.StopReason;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.core.spec.SpecCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A realistic spec on disk: the quickstart's greeting spec with its visible scenario, a holdout
 * file of three holdouts (two commands, one hidden test suite) and the hidden test, planted.
 */
record GuardFixture(Path specs, Path holdouts, WorkItem item) {

  static final String SPEC =
      """
      ---
      id: greeting
      title: Greet a person by name
      ---
      # Greet a person by name

      The tool should greet whoever runs it.

      ## Goal

      Add a command-line program `Greeter` that prints a greeting for the name given as its
      first argument, followed by a newline:

      ```
      $ java -cp out Greeter Ada
      Hello, Ada!
      ```

      ## Constraints

      - Plain Java 17, no dependencies; it is compiled with `javac -d out src/*.java`.
      - With no argument, print `Hello, world!`.

      ## Interfaces

      - Class `Greeter` in the default package, in `src/Greeter.java`, with a `main` method and a
        static method `String greeting(String name)`.

      ## Acceptance

      - greets-ada
      """;

  static final String VISIBLE =
      """
      spec: greeting
      scenarios:
        - id: greets-ada
          title: Greets Ada
          description: Given the name Ada, the program greets Ada.
          timeout: 60s
          check:
            kind: command
            run: javac -d out src/*.java && java -cp out Greeter Ada
            exitCode: 0
            stdout:
              - equals: "Hello, Ada!"
      """;

  static final String HOLDOUTS =
      """
      spec: greeting
      scenarios:
        - id: greets-world-without-argument
          title: Greets the world when no name is given
          description: Given the name Ada, the program greets Ada.
          timeout: 60s
          check:
            kind: command
            run: javac -d out src/*.java && java -cp out Greeter
            stdout:
              - equals: "Hello, world!"
        - id: greets-other-names
          title: Greets a name it has never seen before
          description: >
            A name the spec never mentions gets the same greeting, followed by the polite
            remark that the factory reserves for strangers it meets for the very first time.
          trials: 2
          timeout: 60s
          check:
            kind: command
            run: [sh, -c, "javac -d out src/*.java && java -cp out Greeter Grace"]
            stdout:
              - equals: "Hello, Grace! Nice to meet you, stranger."
        - id: hidden-tests
          title: The hidden unit tests pass
          check:
            kind: test-suite
            run: ./build.sh test
            reports: target/reports
            files: {test/GreeterHiddenTest.java: greeting/GreeterHiddenTest.java}
            failToPass: [GreeterHiddenTest#greetsGraceAsAStranger]
      """;

  static final String HIDDEN_TEST =
      """
      import static org.junit.jupiter.api.Assertions.assertEquals;

      import org.junit.jupiter.api.Test;

      class GreeterHiddenTest {

        @Test
        void greetsGraceAsAStranger() {
          assertEquals("Hello, Grace! Nice to meet you, stranger.", Greeter.greeting("Grace"));
        }

        @Test
        void trimsSurroundingBlanksFromTheName() {
          assertEquals("Hello, Linus! Nice to meet you, stranger.", Greeter.greeting("  Linus "));
        }
      }
      """;

  /** Writes the layout under {@code dir}, plants the holdouts and loads the work item. */
  static GuardFixture create(Path dir) throws IOException {
    Path specs = Files.createDirectories(dir.resolve("specs"));
    Path holdouts = Files.createDirectories(dir.resolve("holdouts"));
    Files.writeString(specs.resolve("greeting.md"), SPEC);
    Files.writeString(specs.resolve("greeting.scenarios.yaml"), VISIBLE);
    Files.writeString(holdouts.resolve("greeting.holdouts.yaml"), HOLDOUTS);
    Files.createDirectories(holdouts.resolve("greeting"));
    Files.writeString(holdouts.resolve("greeting/GreeterHiddenTest.java"), HIDDEN_TEST);
    HoldoutCanaries.plant(holdouts);
    WorkItem item = SpecCatalog.load(specs, holdouts).find(SpecId.of("greeting")).orElseThrow();
    return new GuardFixture(specs, holdouts, item);
  }

  Path holdoutFile() {
    return holdouts.resolve("greeting.holdouts.yaml");
  }

  Path hiddenTest() {
    return holdouts.resolve("greeting/GreeterHiddenTest.java");
  }

  String canary(Path file) throws IOException {
    return HoldoutCanaries.canaryFor(holdouts, file).orElseThrow();
  }

  /** A request as a coding agent builds it: a system prompt and one user message. */
  static ModelRequest request(String system, Message... messages) {
    return ModelRequest.builder("test-model").system(system).messages(List.of(messages)).build();
  }

  static Message toolResult(String content) {
    return new Message(Role.USER, List.of(new ContentBlock.ToolResult("call-1", content, false)));
  }

  static Message toolCall(String name, String argumentsJson) {
    return new Message(
        Role.ASSISTANT, List.of(new ContentBlock.ToolCall("call-1", name, argumentsJson)));
  }

  /** A model that records every request it is sent and answers "done". */
  static final class RecordingProvider implements ModelProvider {
    final List<ModelRequest> requests = new CopyOnWriteArrayList<>();

    @Override
    public String id() {
      return "recording";
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
      requests.add(request);
      return new ModelResponse(
          "r" + requests.size(),
          request.model(),
          Message.assistant("done"),
          StopReason.END_TURN,
          Usage.ZERO);
    }
  }
}
