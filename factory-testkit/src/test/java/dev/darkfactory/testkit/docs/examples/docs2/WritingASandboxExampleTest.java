package dev.darkfactory.testkit.docs.examples.docs2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.NetworkAccess;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.sandbox.SandboxHealth;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.core.factory.Factory;
import dev.darkfactory.core.factory.RunResult;
import dev.darkfactory.core.git.GitIntegrator;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.core.git.MergeStyle;
import dev.darkfactory.core.sandbox.BubblewrapSandbox;
import dev.darkfactory.core.sandbox.Sandboxes;
import dev.darkfactory.core.sandbox.UnisolatedProcessSandbox;
import dev.darkfactory.core.store.SqliteRunStore;
import dev.darkfactory.core.work.DirectoryWorkSource;
import dev.darkfactory.evaluator.HoldoutEvaluator;
import dev.darkfactory.evaluator.policy.VerdictPolicy;
import dev.darkfactory.testkit.agent.Script;
import dev.darkfactory.testkit.agent.ScriptedAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example of {@code docs/writing-a-sandbox.md}: {@link AuditedSandbox} tightens every policy
 * it is given, keeps the factory's fail-closed check, and audits every command of a real factory
 * run. Its contract runs are {@link AuditedSandboxContractTest} and {@link AuditedSandboxEscapeTest}.
 */
class WritingASandboxExampleTest {

  @TempDir Path dir;

  @Test
  void everyPolicyIsTightenedBeforeItReachesTheWrappedSandbox() throws Exception {
    List<ExecRequest> seen = new ArrayList<>();
    Sandbox recording =
        new Sandbox() {
          @Override
          public String name() {
            return "recording";
          }

          @Override
          public SandboxHealth doctor() {
            return SandboxHealth.isolating("records requests");
          }

          @Override
          public ExecResult exec(ExecRequest request) {
            seen.add(request);
            return new ExecResult(0, "", "", false, false, Duration.ofMillis(3), null);
          }
        };
    List<String> audit = new ArrayList<>();
    AuditedSandbox sandbox = new AuditedSandbox(recording, 1L << 30, audit::add);
    Path workspace = dir.toAbsolutePath();

    sandbox.exec(
        new ExecRequest(
            workspace,
            ".",
            List.of("make", "test"),
            Map.of(),
            "",
            Duration.ofMinutes(1),
            SandboxPolicy.builder().network(NetworkAccess.LOOPBACK).maxMemoryBytes(8L << 30).build()));
    sandbox.exec(
        new ExecRequest(
            workspace,
            ".",
            List.of("true"),
            Map.of(),
            "",
            Duration.ofMinutes(1),
            SandboxPolicy.builder().maxMemoryBytes(100L << 20).build()));

    assertThat(seen).extracting(r -> r.policy().network()).containsOnly(NetworkAccess.NONE);
    assertThat(seen).extracting(r -> r.policy().maxMemoryBytes()).containsExactly(1L << 30, 100L << 20);
    assertThat(audit)
        .containsExactly(
            workspace + " . [make, test] -> exit 0 in 3 ms", workspace + " . [true] -> exit 0 in 3 ms");
    assertThat(sandbox.name()).isEqualTo("audited-recording");
  }

  @Test
  void wrappingASandboxThatCannotIsolateIsRefusedByTheFailClosedCheck() {
    Sandbox wrapped =
        new AuditedSandbox(UnisolatedProcessSandbox.optIn("a test of the refusal"), 1L << 30, line -> {});

    assertThat(wrapped.doctor().isolates()).isFalse();
    assertThatThrownBy(() -> Sandboxes.requireIsolation(wrapped))
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("sandbox 'audited-unisolated-process' cannot isolate on this machine");
  }

  @Test
  void everyCommandOfTheAgentAndTheEvaluatorGoesThroughTheAuditedSandbox() throws Exception {
    Bubblewrap.requireIsolation();
    try (ExampleFactory f = new ExampleFactory(dir, Map.of("README.md", "a target\n"))) {
      f.spec("hello", "hello.txt", "hello world", true);
      ScriptedAgent agent =
          ScriptedAgent.builder()
              .on(
                  SpecId.of("hello"),
                  1,
                  Script.steps()
                      .run("sh", "-c", "printf 'hello world\\n' > hello.txt")
                      .finish("wrote it with a command"))
              .build();
      DirectoryWorkSource work = f.workSource();
      SqliteRunStore store = f.store();
      GitRepository repository = f.repository();
      Path state = f.state;
      List<String> audit = new CopyOnWriteArrayList<>();

      Factory factory =
          Factory.builder()
              .sandbox(new AuditedSandbox(BubblewrapSandbox.builder().build(), 2L << 30, audit::add))
              .agent(agent)
              .workSource(work)
              .evaluator(HoldoutEvaluator.builder().build())
              .mergePolicy(VerdictPolicy.defaults())
              .repository(repository)
              .integrator(GitIntegrator.local(repository, "main", MergeStyle.FAST_FORWARD))
              .store(store)
              .stateDirectory(state)
              .build();
      RunResult result = factory.runUntilIdle();

      assertThat(result.outcomes())
          .singleElement()
          .satisfies(o -> assertThat(o.resolution()).isEqualTo(Resolution.MERGED));
      assertThat(audit)
          .anySatisfy(line -> assertThat(line).contains("[sh, -c, printf 'hello world\\n' > hello.txt] -> exit 0"))
          .anySatisfy(line -> assertThat(line).contains("test -f hello.txt").contains("-> exit 0"))
          .anySatisfy(line -> assertThat(line).contains("cat hello.txt").contains("-> exit 0"));
    }
  }
}
