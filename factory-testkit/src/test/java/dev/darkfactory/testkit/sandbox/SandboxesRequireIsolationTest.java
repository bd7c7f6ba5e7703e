package dev.darkfactory.testkit.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.sandbox.SandboxHealth;
import dev.darkfactory.core.sandbox.BubblewrapSandbox;
import dev.darkfactory.core.sandbox.Sandboxes;
import dev.darkfactory.core.sandbox.UnisolatedProcessSandbox;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The sandbox fails closed: {@link Sandboxes#requireIsolation} and the bubblewrap skip rule. */
class SandboxesRequireIsolationTest {

  @TempDir Path output;

  /** A sandbox whose doctor gives a fixed answer and which must never run anything. */
  private static final class FakeSandbox implements Sandbox {
    private final SandboxHealth health;
    final AtomicInteger execs = new AtomicInteger();

    FakeSandbox(SandboxHealth health) {
      this.health = health;
    }

    @Override
    public String name() {
      return "fake";
    }

    @Override
    public SandboxHealth doctor() {
      return health;
    }

    @Override
    public ExecResult exec(ExecRequest request) {
      execs.incrementAndGet();
      throw new AssertionError("the fail-closed check must not run commands");
    }
  }

  @Test
  void refusesASandboxWhoseDoctorSaysItCannotIsolateWithEveryReason() {
    FakeSandbox sandbox =
        new FakeSandbox(
            SandboxHealth.notIsolating(
                "no user namespaces on this kernel", "bwrap is not installed at /nowhere"));
    assertThatThrownBy(() -> Sandboxes.requireIsolation(sandbox))
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("fake")
        .hasMessageContaining("no user namespaces on this kernel")
        .hasMessageContaining("bwrap is not installed at /nowhere")
        .hasMessageContaining("UnisolatedProcessSandbox.optIn");
    assertThat(sandbox.execs).hasValue(0);
  }

  @Test
  void acceptsASandboxWhoseDoctorSaysItIsolates() throws Exception {
    FakeSandbox sandbox = new FakeSandbox(SandboxHealth.isolating("namespaces work"));
    assertThat(Sandboxes.requireIsolation(sandbox)).isSameAs(sandbox);
    assertThat(sandbox.execs).hasValue(0);
  }

  @Test
  void acceptsTheExplicitUnisolatedOptInAlthoughItsDoctorSaysNo() throws Exception {
    UnisolatedProcessSandbox sandbox =
        UnisolatedProcessSandbox.optIn("trusted test runner", output);
    assertThat(sandbox.doctor().isolates()).isFalse();
    assertThat(sandbox.doctor().details())
        .anySatisfy(d -> assertThat(d).contains("trusted test runner"));
    assertThat(Sandboxes.requireIsolation(sandbox)).isSameAs(sandbox);
    assertThat(sandbox.reason()).isEqualTo("trusted test runner");
  }

  @Test
  void theUnisolatedOptInNeedsAReason() {
    assertThatThrownBy(() -> UnisolatedProcessSandbox.optIn("  ", output))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bubblewrapWithAMissingExecutableIsRefusedWithTheReason() {
    BubblewrapSandbox sandbox =
        BubblewrapSandbox.builder()
            .bwrap(Path.of("/nonexistent/bwrap"))
            .outputDirectory(output)
            .build();
    assertThat(sandbox.doctor().isolates()).isFalse();
    assertThatThrownBy(() -> Sandboxes.requireIsolation(sandbox))
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("/nonexistent/bwrap");
  }

  @Test
  void theDefaultSandboxIsBubblewrapWhereItIsolates() throws Exception {
    BubblewrapSupport.requireIsolation();
    assertThat(Sandboxes.defaultSandbox()).isInstanceOf(BubblewrapSandbox.class);
  }

  @Test
  void bubblewrapTestsAreSkippedWhereItCannotIsolateButFailOnCi() {
    SandboxHealth no = SandboxHealth.notIsolating("unprivileged user namespaces are disabled");
    assertThatThrownBy(() -> BubblewrapSupport.requireIsolation(no, null))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("bubblewrap cannot isolate on this machine")
        .hasMessageContaining("unprivileged user namespaces are disabled");
    assertThatThrownBy(() -> BubblewrapSupport.requireIsolation(no, "false"))
        .isInstanceOf(TestAbortedException.class);
    assertThatThrownBy(() -> BubblewrapSupport.requireIsolation(no, "true"))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("unprivileged user namespaces are disabled")
        .hasMessageContaining("CI=true");
    SandboxHealth yes = SandboxHealth.isolating("namespaces work");
    BubblewrapSupport.requireIsolation(yes, "true");
    BubblewrapSupport.requireIsolation(yes, null);
    assertThat(yes.isolates()).isTrue();
  }
}
