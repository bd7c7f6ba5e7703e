package dev.darkfactory.api.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SandboxPropertiesTest {

  @Property
  void aSecretLookingNameNeverEntersASandbox(@ForAll("secretNames") String name) {
    assertThat(SandboxPolicy.isSecretName(name)).isTrue();
    assertThatThrownBy(() -> SandboxPolicy.builder().allowEnvironment(name).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + name + "' looks like a secret");
    assertThatThrownBy(
            () ->
                new ExecRequest(
                    Path.of("/ws"),
                    ".",
                    List.of("env"),
                    Map.of(name, "x"),
                    "",
                    Duration.ofSeconds(1),
                    SandboxPolicy.strict()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + name + "' looks like a secret");
  }

  @Provide
  Arbitrary<String> secretNames() {
    Arbitrary<String> prefix =
        Arbitraries.strings().withChars("ABCXYZ019_").ofMinLength(1).ofMaxLength(10);
    Arbitrary<String> secretPart =
        Arbitraries.of("_API_KEY", "_TOKEN", "_SECRET", "PASSWORD", "_CREDENTIALS");
    Arbitrary<String> suffix = Arbitraries.strings().withChars("ABC_9").ofMaxLength(6);
    Arbitrary<String> anywhere =
        Combinators.combine(prefix, secretPart, suffix).as((p, s, x) -> "V" + p + s + x);
    Arbitrary<String> cloud =
        Combinators.combine(Arbitraries.of("AWS_", "AZURE_", "GCP_"), suffix).as((p, x) -> p + x);
    Arbitrary<String> anyCase = Arbitraries.oneOf(anywhere, cloud);
    return Combinators.combine(anyCase, Arbitraries.of(true, false))
        .as((n, lower) -> lower ? n.toLowerCase(Locale.ROOT) : n);
  }
}
