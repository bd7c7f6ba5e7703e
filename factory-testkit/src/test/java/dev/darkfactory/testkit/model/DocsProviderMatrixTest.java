package dev.darkfactory.testkit.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/providers.md} names, per provider and feature, the test that covers it; this keeps
 * every name pointing at a test that exists, so a renamed or deleted test cannot leave the matrix
 * claiming coverage that is gone.
 */
class DocsProviderMatrixTest {

  private static final Path ROOT = Path.of("..");
  private static final Path CORE_TESTS =
      ROOT.resolve("factory-core/src/test/java/dev/darkfactory/core/model");
  private static final List<String> COLUMNS =
      List.of(
          "AnthropicProviderTest",
          "OpenAiResponsesProviderTest",
          "ChatCompletionsProviderTest",
          "GeminiProviderTest");
  private static final Pattern NAME = Pattern.compile("`([a-z][A-Za-z0-9_]+)`");

  @Test
  void everyTestTheMatrixNamesExistsInItsProvidersTestClass() throws IOException {
    List<String> lines = Files.readAllLines(ROOT.resolve("docs/providers.md"));
    int header = lines.indexOf("| feature | anthropic | openai | openai-compatible | gemini |");
    assertThat(header).as("the matrix header in docs/providers.md").isNotNegative();

    List<String> missing = new ArrayList<>();
    int named = 0;
    for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      String[] cells = lines.get(i).split("\\|");
      // cells[0] is empty, cells[1] the feature, cells[2..5] the providers
      assertThat(cells).as("row %s", lines.get(i)).hasSizeGreaterThanOrEqualTo(6);
      for (int col = 0; col < COLUMNS.size(); col++) {
        String source = Files.readString(CORE_TESTS.resolve(COLUMNS.get(col) + ".java"));
        Matcher m = NAME.matcher(cells[col + 2]);
        while (m.find()) {
          named++;
          if (!source.contains("void " + m.group(1) + "(")) {
            missing.add(COLUMNS.get(col) + "." + m.group(1) + " (row: " + cells[1].strip() + ")");
          }
        }
      }
    }

    assertThat(named).as("test names in the matrix").isGreaterThanOrEqualTo(60);
    assertThat(missing).isEmpty();
  }

  @Test
  void everyBundledProviderRunsTheContract() throws IOException {
    Path contracts = Path.of("src/test/java/dev/darkfactory/testkit/model");
    for (String stage : List.of("Anthropic", "OpenAiResponses", "ChatCompletions", "Gemini")) {
      assertThat(Files.readString(contracts.resolve(stage + "ContractTest.java")))
          .contains("extends ModelProviderContract");
    }
  }
}
