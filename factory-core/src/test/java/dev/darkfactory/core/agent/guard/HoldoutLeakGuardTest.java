package dev.darkfactory.core.agent.guard;

import static dev.darkfactory.core.agent.guard.GuardFixture.request;
import static dev.darkfactory.core.agent.guard.GuardFixture.toolCall;
import static dev.darkfactory.core.agent.guard.GuardFixture.toolResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkfactory.api.agent.HoldoutLeakException;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.Role;
import dev.darkfactory.api.model.ToolSpec;
import dev.darkfactory.api.spec.Check;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.ModelJudgeCheck;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.ScenarioSet;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.work.WorkItem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HoldoutLeakGuardTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ScenarioId WORLD = ScenarioId.of("greets-world-without-argument");
  private static final ScenarioId OTHERS = ScenarioId.of("greets-other-names");
  private static final ScenarioId HIDDEN = ScenarioId.of("hidden-tests");

  @TempDir Path dir;
  GuardFixture fixture;
  HoldoutLeakGuard guard;
  GuardFixture.RecordingProvider model;
  ModelProvider guarded;

  @BeforeEach
  void setUp() throws IOException {
    fixture = GuardFixture.create(dir);
    guard = HoldoutLeakGuard.of(fixture.item());
    model = new GuardFixture.RecordingProvider();
    guarded = guard.wrap(model);
  }

  private HoldoutLeakException refused(ModelRequest request) {
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(() -> guarded.complete(request));
    assertThat(thrown).isInstanceOf(HoldoutLeakException.class);
    assertThat(model.requests).as("nothing reaches the model").isEmpty();
    return (HoldoutLeakException) thrown;
  }

  private static String json(Map<String, Object> arguments) throws IOException {
    return JSON.writeValueAsString(arguments);
  }

  @Test
  void aRequestCarryingAPlantedCanaryIsRefusedBeforeItReachesTheModel() throws IOException {
    String canary = fixture.canary(fixture.holdoutFile());
    ModelRequest request =
        request(
            "You are a coding agent.",
            Message.user("Implement the greeting spec."),
            toolCall("read_file", "{\"path\":\"notes.txt\"}"),
            toolResult("notes from somewhere: " + canary + " and more"));

    HoldoutLeakException leak = refused(request);

    assertThat(leak.holdout()).isEqualTo(WORLD);
    assertThat(leak.getMessage())
        .contains("holdout 'greets-world-without-argument' leaked")
        .contains("canary match")
        .contains("holdout file 'greeting.holdouts.yaml'")
        .contains("messages[2] (user), content[0] (tool result)");
  }

  @Test
  void theCanaryOfAHiddenTestFileNamesTheTestSuiteHoldout() throws IOException {
    String canary = fixture.canary(fixture.hiddenTest());

    HoldoutLeakException leak = refused(request("Remember " + canary, Message.user("go")));

    assertThat(leak.holdout()).isEqualTo(HIDDEN);
    assertThat(leak.getMessage())
        .contains("canary match")
        .contains("holdout test file 'GreeterHiddenTest.java'")
        .contains("the system prompt");
  }

  @Test
  void aWholeHoldoutFileSmuggledIntoTheSystemPromptIsRefused() throws IOException {
    String smuggled = Files.readString(fixture.holdoutFile());

    HoldoutLeakException leak =
        refused(
            request("Here are the tests you will be graded on:\n" + smuggled, Message.user("go")));

    assertThat(leak.getMessage()).contains("canary match").contains("the system prompt");
  }

  @Test
  void quotingAHoldoutsExpectedOutputWithOtherWhitespaceIsRefused() {
    ModelRequest request =
        request(
            "You are a coding agent.",
            Message.user("Implement it."),
            Message.assistant(
                "I think the output must be\n  Hello,   Grace!\tNice to meet\n you,  stranger."));

    HoldoutLeakException leak = refused(request);

    assertThat(leak.holdout()).isEqualTo(OTHERS);
    assertThat(leak.getMessage())
        .contains("content fingerprint match: its expected output")
        .contains("messages[1] (assistant), content[0] (text)");
  }

  @Test
  void quotingAHoldoutsCommandInAToolCallIsRefused() throws IOException {
    ModelRequest request =
        request(
            "You are a coding agent.",
            Message.user("Implement it."),
            toolCall(
                "run_command",
                json(Map.of("command", "javac -d out src/*.java && java -cp out Greeter Grace"))));

    HoldoutLeakException leak = refused(request);

    assertThat(leak.holdout()).isEqualTo(OTHERS);
    assertThat(leak.getMessage())
        .contains("content fingerprint match: its command")
        .contains("messages[1] (assistant), content[0] (tool call 'run_command' arguments)");
  }

  @Test
  void aLineOfTheHoldoutFileWithChangedWhitespaceIsRefusedAndNamesTheScenarioItBelongsTo() {
    ModelRequest request =
        request(
            "You are a coding agent.",
            Message.user("Implement it."),
            toolResult(
                "run:\t[sh,\n   -c,  \"javac -d out src/*.java && java -cp out Greeter Grace\"]"));

    HoldoutLeakException leak = refused(request);

    assertThat(leak.holdout()).isEqualTo(OTHERS);
    assertThat(leak.getMessage())
        .contains("content fingerprint match: a line of holdout file 'greeting.holdouts.yaml'");
  }

  @Test
  void aLineOfTheHiddenTestWrittenThroughAJsonEscapedToolCallIsRefused() throws IOException {
    String file =
        "class MyTest {\n"
            + "  @Test\n"
            + "  void t() {\n"
            + "    assertEquals(\"Hello, Linus! Nice to meet you, stranger.\", Greeter.greeting(\" "
            + " Linus \"));\n"
            + "  }\n"
            + "}\n";
    String arguments = json(Map.of("path", "test/MyTest.java", "content", file));
    assertThat(arguments).contains("\\\"Hello, Linus!");

    HoldoutLeakException leak =
        refused(request("sys", Message.user("go"), toolCall("write_file", arguments)));

    assertThat(leak.holdout()).isEqualTo(HIDDEN);
    assertThat(leak.getMessage())
        .contains("a line of holdout test file 'GreeterHiddenTest.java'")
        .contains("tool call 'write_file' arguments");
  }

  @Test
  void aLongEnoughPartOfALongHoldoutTextIsRefused() {
    String part = "polite remark that the factory reserves for strangers it meets for the very";

    HoldoutLeakException leak =
        refused(request("sys", Message.user("Make sure to add a " + part + " first time.")));

    assertThat(leak.holdout()).isEqualTo(OTHERS);
    assertThat(leak.getMessage()).contains("its title or description");
  }

  @Test
  void theExceptionNamesTheHoldoutButNeverItsContent() {
    String expected = "Hello, Grace! Nice to meet you, stranger.";

    HoldoutLeakException leak = refused(request("sys", Message.user("Print " + expected)));

    assertThat(leak.holdout()).isEqualTo(OTHERS);
    assertThat(leak.getMessage())
        .contains("greets-other-names")
        .doesNotContain("Grace")
        .doesNotContain("stranger")
        .doesNotContain("Nice to meet");
  }

  @Test
  void theSpecAndTheVisibleScenariosNeverTripTheGuard() throws IOException {
    String spec = Files.readString(fixture.specs().resolve("greeting.md"));
    String visible = Files.readString(fixture.specs().resolve("greeting.scenarios.yaml"));
    Spec s = fixture.item().spec();
    ModelRequest request =
        request(
            "You are a coding agent.\n\n# Spec\n"
                + s.goal()
                + "\n"
                + s.constraints()
                + "\n"
                + s.interfaces(),
            Message.user("The spec file:\n" + spec + "\nThe visible scenarios:\n" + visible),
            toolCall(
                "run_command",
                json(Map.of("command", "javac -d out src/*.java && java -cp out Greeter Ada"))),
            toolResult("Hello, Ada!\n"),
            toolCall(
                "run_command",
                json(Map.of("command", "javac -d out src/*.java && java -cp out Greeter"))));

    assertThatCode(() -> guarded.complete(request)).doesNotThrowAnyException();

    assertThat(model.requests).containsExactly(request);
  }

  @Test
  void aHoldoutFragmentThatIsAlsoVisibleTextIsIgnoredButWouldTripWithoutTheVisibleScenario() {
    String sharedDescription = "Given the name Ada, the program greets Ada.";
    ModelRequest request = request("sys", Message.user("Scenario: " + sharedDescription));

    assertThatCode(() -> guard.check(request)).doesNotThrowAnyException();

    WorkItem item = fixture.item();
    Spec withoutAcceptance =
        Spec.builder(item.spec().id()).title(item.spec().title()).goal("Greet people.").build();
    HoldoutLeakGuard noVisible =
        HoldoutLeakGuard.of(
            new WorkItem(withoutAcceptance, ScenarioSet.of(item.scenarios().holdouts())));
    assertThatThrownBy(() -> noVisible.check(request))
        .isInstanceOf(HoldoutLeakException.class)
        .satisfies(e -> assertThat(((HoldoutLeakException) e).holdout()).isEqualTo(WORLD));
  }

  @Test
  void aCleanRealisticRequestPassesAndReachesTheModel() throws Exception {
    String greeter =
        """
        public class Greeter {
          public static String greeting(String name) {
            return "Hello, " + name + "!";
          }

          public static void main(String[] args) {
            System.out.println(args.length == 0 ? "Hello, world!" : greeting(args[0]));
          }
        }
        """;
    ModelRequest request =
        ModelRequest.builder("test-model")
            .system(
                "You are a careful coding agent working in a git checkout. Use the tools to read,"
                    + " edit and run code. Keep changes small and run the build before finishing.\n"
                    + "Platform: linux; working directory: /workspace; date: 2025-01-01.\n\n"
                    + "# Goal\n"
                    + fixture.item().spec().goal())
            .message(
                Message.user(
                    "Implement the spec 'greeting'. The visible scenario greets-ada must pass."))
            .message(
                new Message(
                    Role.ASSISTANT,
                    List.of(
                        new ContentBlock.Thinking("I should write src/Greeter.java first.", "sig"),
                        new ContentBlock.ToolCall(
                            "c1",
                            "write_file",
                            json(Map.of("path", "src/Greeter.java", "content", greeter))))))
            .message(
                new Message(
                    Role.USER, List.of(new ContentBlock.ToolResult("c1", "wrote 9 lines", false))))
            .message(
                toolCall(
                    "run_command",
                    json(Map.of("command", "javac -d out src/*.java && java -cp out Greeter Ada"))))
            .message(toolResult("Hello, Ada!\n"))
            .tool(
                new ToolSpec(
                    "write_file", "Writes a file in the workspace.", "{\"type\":\"object\"}"))
            .tool(
                new ToolSpec(
                    "run_command", "Runs a command in the sandbox.", "{\"type\":\"object\"}"))
            .metadata("prompt_cache_key", "greeting-1")
            .build();

    ModelResponse response = guarded.complete(request);

    assertThat(response.message().text()).isEqualTo("done");
    assertThat(model.requests).containsExactly(request);
    assertThat(guarded.id()).isEqualTo("recording");
  }

  @Test
  void importLinesAndShortFragmentsOfAHoldoutNeverTrip() {
    ModelRequest request =
        request(
            "sys",
            Message.user(
                "import static org.junit.jupiter.api.Assertions.assertEquals;\n"
                    + "import org.junit.jupiter.api.Test;\n"
                    + "Hello, world! spec: greeting timeout: 60s kind: command"));

    assertThatCode(() -> guard.check(request)).doesNotThrowAnyException();
  }

  @Test
  void aHoldoutLineTheRepositoryAlreadyHoldsIsIgnoredWhenTheRepositoryIsDeclaredVisible(
      @TempDir Path repository) throws IOException {
    String shared =
        "assertEquals(\"Hello, Linus! Nice to meet you, stranger.\", Greeter.greeting(\"  Linus"
            + " \"));";
    Files.createDirectories(repository.resolve("test"));
    Files.writeString(
        repository.resolve("test/GreeterTest.java"), "class GreeterTest {\n  " + shared + "\n}\n");
    Files.createDirectories(repository.resolve(".git"));
    Files.writeString(repository.resolve(".git/leak"), "Hello, Grace! Nice to meet you, stranger.");
    Files.copy(fixture.holdoutFile(), repository.resolve("copied-holdouts.yaml"));
    Files.createSymbolicLink(repository.resolve("linked-test.java"), fixture.hiddenTest());
    ModelRequest reading = request("sys", Message.user("go"), toolResult(shared));
    assertThatThrownBy(() -> guard.check(reading)).isInstanceOf(HoldoutLeakException.class);

    HoldoutLeakGuard withRepository =
        HoldoutLeakGuard.builder(fixture.item()).visibleDirectory(repository).build();

    assertThatCode(() -> withRepository.check(reading)).doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                withRepository.check(
                    request("sys", Message.user("Hello, Grace! Nice to meet you, stranger."))))
        .as(".git is not visible material")
        .isInstanceOf(HoldoutLeakException.class);
    assertThatThrownBy(
            () ->
                withRepository.check(
                    request("sys", Message.user("javac -d out src/*.java && java -cp out Greeter Grace"))))
        .as("a copy of a holdout file, recognized by its canary, is not visible material")
        .isInstanceOf(HoldoutLeakException.class);
    assertThatThrownBy(
            () ->
                withRepository.check(
                    request("sys", Message.user("void trimsSurroundingBlanksFromTheName() {"))))
        .as("a symbolic link is not followed")
        .isInstanceOf(HoldoutLeakException.class);
  }

  @Test
  void aFileWhoseCanaryLineWasRemovedIsStillKnownByTheTokenItShouldCarry() throws IOException {
    String canary = fixture.canary(fixture.holdoutFile());
    String text = Files.readString(fixture.holdoutFile());
    Files.writeString(fixture.holdoutFile(), text.replaceAll("(?m)^# DFCANARY-.*\\n", ""));
    assertThat(Files.readString(fixture.holdoutFile())).doesNotContain(canary);

    HoldoutLeakGuard rebuilt = HoldoutLeakGuard.of(fixture.item());

    assertThatThrownBy(() -> rebuilt.check(request(canary, Message.user("go"))))
        .isInstanceOf(HoldoutLeakException.class)
        .hasMessageContaining("canary match");
  }

  @Test
  void aCanaryOfSomeOtherHoldoutRootIsNotThisSpecsLeak() {
    String foreign = HoldoutCanaries.canary("another-salt", "greeting.holdouts.yaml");

    assertThatCode(() -> guard.check(request("sys " + foreign, Message.user("go"))))
        .doesNotThrowAnyException();
  }

  @Test
  void holdoutsBuiltInCodeAreGuardedByTheirCheckContent() {
    record PortProbe(String probe, List<String> expectations) implements Check {
      @Override
      public String kind() {
        return "port-probe";
      }
    }
    Scenario judged =
        Scenario.builder("judged")
            .title("Reads well")
            .holdout()
            .check(
                new ModelJudgeCheck(
                    "The greeting code keeps formatting apart from the choice of name.", 1, null))
            .build();
    Scenario probed =
        Scenario.builder("probed")
            .title("Listens on the port")
            .holdout()
            .check(
                new PortProbe(
                    "curl -fsS http://localhost:8080/greet?name=Zed",
                    List.of("a body that greets Zed by name")))
            .build();
    Scenario shown =
        Scenario.builder("shown")
            .title("Shown")
            .check(CommandCheck.exitsZero("./build.sh", "test"))
            .build();
    Spec spec = Spec.builder("s").title("S").goal("Greet.").acceptance(shown.id()).build();
    HoldoutLeakGuard inCode =
        HoldoutLeakGuard.of(new WorkItem(spec, ScenarioSet.of(shown, judged, probed)));

    assertThat(inCode.holdouts()).containsExactly(judged.id(), probed.id());
    assertThat(inCode.canaryCount()).isZero();
    assertThatThrownBy(
            () ->
                inCode.check(
                    request(
                        "The greeting code keeps formatting apart from the choice of name.",
                        Message.user("go"))))
        .hasMessageContaining("holdout 'judged' leaked: content fingerprint match: its rubric");
    assertThatThrownBy(
            () ->
                inCode.check(
                    request(
                        "sys", Message.user("run curl -fsS http://localhost:8080/greet?name=Zed"))))
        .hasMessageContaining("holdout 'probed' leaked: content fingerprint match: its check");
    assertThatCode(() -> inCode.check(request("sys", Message.user("./build.sh test"))))
        .doesNotThrowAnyException();
  }

  @Test
  void aSpecWithoutHoldoutsLetsEverythingThrough() throws Exception {
    Scenario shown =
        Scenario.builder("shown").title("Shown").check(CommandCheck.exitsZero("true")).build();
    Spec spec = Spec.builder("s").title("S").goal("Greet.").acceptance(shown.id()).build();
    HoldoutLeakGuard empty = HoldoutLeakGuard.of(new WorkItem(spec, ScenarioSet.of(shown)));
    ModelRequest request = request("Hello, Grace! Nice to meet you, stranger.", Message.user("go"));

    empty.wrap(model).complete(request);

    assertThat(empty.fingerprintCount()).isZero();
    assertThat(model.requests).containsExactly(request);
  }

  @Test
  void theGuardKnowsEveryHoldoutAndItsCanariesAndHasFingerprints() {
    assertThat(guard.holdouts()).containsExactly(WORLD, OTHERS, HIDDEN);
    assertThat(guard.canaryCount()).isEqualTo(2);
    assertThat(guard.fingerprintCount()).isGreaterThan(10);
    assertThat(guard.toString()).contains("spec=greeting").doesNotContain("Grace");
  }

  @Test
  void aLargeCleanRequestIsScannedInOnePassAndPasses() {
    StringBuilder big = new StringBuilder();
    for (int i = 0; big.length() < 200_000; i++) {
      big.append("line ")
          .append(i)
          .append(": public static int value")
          .append(i)
          .append("() { return ")
          .append(i)
          .append("; }\n");
    }
    ModelRequest request =
        request(big.toString(), Message.user(big.toString()), toolResult(big.toString()));

    assertThatCode(() -> guard.check(request)).doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                guard.check(
                    request(
                        big + "Hello, Grace! Nice to meet you, stranger." + big,
                        Message.user("go"))))
        .isInstanceOf(HoldoutLeakException.class);
  }

  @Test
  void builderSettingsAreChecked() {
    assertThatThrownBy(() -> HoldoutLeakGuard.builder(fixture.item()).minimumFragmentLength(4))
        .hasMessageContaining("minimumFragmentLength");
    assertThatThrownBy(
            () ->
                HoldoutLeakGuard.builder(fixture.item())
                    .minimumFragmentLength(40)
                    .shingleLength(30)
                    .build())
        .hasMessageContaining(
            "shingleLength must be at least minimumFragmentLength (40) but was 30");
    HoldoutLeakGuard lenient =
        HoldoutLeakGuard.builder(fixture.item())
            .minimumFragmentLength(60)
            .shingleLength(60)
            .build();
    assertThatCode(
            () ->
                lenient.check(
                    request("sys", Message.user("Hello, Grace! Nice to meet you, stranger."))))
        .doesNotThrowAnyException();
  }
}
