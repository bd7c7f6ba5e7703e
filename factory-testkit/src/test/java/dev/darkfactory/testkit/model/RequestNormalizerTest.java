package dev.darkfactory.testkit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.core.model.ModelJson;
import org.junit.jupiter.api.Test;

/** What the normalizers change, and how a bad path is reported. */
class RequestNormalizerTest {

  private static ObjectNode tree(String json) {
    return (ObjectNode) ModelJson.parse(json);
  }

  @Test
  void ignoringRemovesFieldsAndMarksArrayElements() {
    ObjectNode t =
        tree("{\"a\": {\"b\": 1, \"c\": 2}, \"list\": [{\"x\": 1, \"y\": 2}, {\"x\": 3}], \"odd key\": 5, \"keep\": true}");

    RequestNormalizer.ignoring("$.a.b", "$.list[*].x", "$[\"odd key\"]").normalize(t);

    assertThat(t.toString()).isEqualTo("{\"a\":{\"c\":2},\"list\":[{\"y\":2},{}],\"keep\":true}");
    assertThat(RequestNormalizer.ignoring("$.list[1]", "$.a.*").normalize(tree("{\"a\": {\"b\": 1}, \"list\": [1, 2, 3]}")).toString())
        .isEqualTo("{\"a\":{},\"list\":[1,\"<ignored>\",3]}");
  }

  @Test
  void ignoringAPathThatIsNotThereChangesNothing() {
    ObjectNode t = tree("{\"a\": [1]}");

    RequestNormalizer.ignoring("$.b.c", "$.a[3]", "$.a.b").normalize(t);

    assertThat(t.toString()).isEqualTo("{\"a\":[1]}");
  }

  @Test
  void replacingRewritesEveryStringValueButNoFieldName() {
    ObjectNode t = tree("{\"when\": \"2026-03-14\", \"list\": [\"on 2026-03-15\", 20260316], \"2026-01-01\": \"x\"}");

    RequestNormalizer.replacing("\\d{4}-\\d{2}-\\d{2}", "<date>").normalize(t);

    assertThat(t.toString()).isEqualTo("{\"when\":\"<date>\",\"list\":[\"on <date>\",20260316],\"2026-01-01\":\"x\"}");
  }

  @Test
  void normalizersComposeInOrder() {
    RequestNormalizer n =
        RequestNormalizer.replacing("a", "b").andThen(RequestNormalizer.replacing("b", "c"));

    assertThat(n.normalize(tree("{\"s\": \"ab\"}")).toString()).isEqualTo("{\"s\":\"cc\"}");
    assertThat(RequestNormalizer.none().normalize(tree("{\"s\": \"ab\"}")).toString()).isEqualTo("{\"s\":\"ab\"}");
  }

  @Test
  void aBadPathIsRefusedNamingItAndWhere() {
    assertThatThrownBy(() -> RequestNormalizer.ignoring("messages[0]"))
        .hasMessage(
            "bad JSON path 'messages[0]' at character 1: a path starts with $"
                + " (paths look like $.messages[*].content[0].text or $[\"a key\"])");
    assertThatThrownBy(() -> RequestNormalizer.ignoring("$.messages[x]"))
        .hasMessageStartingWith("bad JSON path '$.messages[x]' at character 11: expected [n], [*] or [\"name\"] but found [x]");
    assertThatThrownBy(() -> RequestNormalizer.ignoring("$.messages[0"))
        .hasMessageContaining("the [ is never closed");
    assertThatThrownBy(() -> RequestNormalizer.ignoring("$."))
        .hasMessageContaining("expected a field name or * after the dot");
    assertThatThrownBy(() -> RequestNormalizer.ignoring("$"))
        .hasMessage("cannot ignore '$': that is the whole request; name a part of it");
  }
}
