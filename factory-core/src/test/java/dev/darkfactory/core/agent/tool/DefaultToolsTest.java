package dev.darkfactory.core.agent.tool;

import static dev.darkfactory.core.agent.tool.ToolFixture.args;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultToolsTest {

  @TempDir Path dir;

  @Test
  void allListsTheSixToolsInAStableOrder() {
    assertThat(DefaultTools.standard().all())
        .extracting(Tool::name)
        .containsExactly(
            "read_file", "write_file", "edit_file", "list_files", "search_files", "run_command");
  }

  @Test
  void everySchemaIsAClosedObjectWithItsRequiredFields() throws Exception {
    Map<String, List<String>> required =
        Map.of(
            "read_file", List.of("path"),
            "write_file", List.of("path", "content"),
            "edit_file", List.of("path", "old_string", "new_string"),
            "list_files", List.of("glob"),
            "search_files", List.of("pattern"),
            "run_command", List.of("command"));
    for (Tool tool : DefaultTools.standard().all()) {
      JsonNode schema = ToolFixture.JSON.readTree(tool.spec().inputSchemaJson());
      assertThat(schema.get("type").asText()).as(tool.name()).isEqualTo("object");
      assertThat(schema.get("additionalProperties").asBoolean(true)).as(tool.name()).isFalse();
      List<String> names = new ArrayList<>();
      schema.get("required").forEach(n -> names.add(n.asText()));
      assertThat(names).as(tool.name()).isEqualTo(required.get(tool.name()));
      for (String name : names) {
        assertThat(schema.get("properties").has(name)).as(tool.name() + "." + name).isTrue();
      }
      schema
          .get("properties")
          .forEach(p -> assertThat(p.get("description").asText()).as(tool.name()).isNotBlank());
      assertThat(tool.spec().description()).hasSizeGreaterThan(80);
    }
  }

  @Test
  void theOptionsReachTheTools() throws Exception {
    DefaultTools tools =
        DefaultTools.builder()
            .commandTimeout(Duration.ofSeconds(7))
            .maxCommandTimeout(Duration.ofSeconds(9))
            .maxListedFiles(1)
            .maxSearchMatches(1)
            .build();
    ToolFixture ws = new ToolFixture(dir);
    ws.write("a.txt", "x\n");
    ws.write("b.txt", "x\n");

    Tool list = tools.all().get(3);
    Tool search = tools.all().get(4);
    RunCommandTool run = (RunCommandTool) tools.all().get(5);

    assertThat(list.call(args("glob", "*.txt"), ws.context).content())
        .isEqualTo("a.txt\n[... 1 more of 2 matching files left off; narrow the glob or the path]\n");
    assertThat(search.call(args("pattern", "x"), ws.context).content())
        .startsWith("a.txt:1: x\n[... 1 more matches left off");
    assertThat(run.defaultTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(run.maxTimeout()).isEqualTo(Duration.ofSeconds(9));
    assertThat(run.spec().description()).contains("after 7 s").contains("at most 9 s");
    assertThat(tools.maxListedFiles()).isEqualTo(1);
  }

  @Test
  void inconsistentOptionsAreRefused() {
    assertThatThrownBy(
            () ->
                DefaultTools.builder()
                    .commandTimeout(Duration.ofMinutes(20))
                    .maxCommandTimeout(Duration.ofMinutes(10))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxTimeout");
    assertThatThrownBy(() -> DefaultTools.builder().maxListedFiles(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxListedFiles");
  }
}
