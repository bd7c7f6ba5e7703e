package dev.darkfactory.testkit.docs.examples.docs1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.core.sandbox.Sandboxes;
import dev.darkfactory.core.sandbox.UnisolatedProcessSandbox;
import org.junit.jupiter.api.Test;

/** The examples of {@code docs/faq.md}. */
class FaqExampleTest {

  @Test
  void runningWithoutIsolationIsAnExplicitNamedOptIn() throws Exception {
    Sandbox sandbox = UnisolatedProcessSandbox.optIn("demo on a laptop without bubblewrap; no secrets here");

    assertThat(sandbox.doctor().isolates()).isFalse();
    assertThat(Sandboxes.requireIsolation(sandbox)).isSameAs(sandbox);   // accepted: it was named
    assertThat(((UnisolatedProcessSandbox) sandbox).reason())
        .isEqualTo("demo on a laptop without bubblewrap; no secrets here");
  }
}
