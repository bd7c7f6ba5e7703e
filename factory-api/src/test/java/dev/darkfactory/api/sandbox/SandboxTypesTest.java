package dev.darkfactory.api.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SandboxTypesTest {

  private static final Path WS = Path.of("/tmp/factory/ws-1").toAbsolutePath();
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Nested
  class Policies {

    @Test
    void strictAllowsNoNetworkAMinimalEnvironmentAndKeepsGitHooksReadOnly() {
      SandboxPolicy strict = SandboxPolicy.strict();

      assertThat(strict.network()).isEqualTo(NetworkAccess.NONE);
      assertThat(strict.readOnlyPaths()).containsExactly(".git/hooks", ".git/config");
      assertThat(strict.hostReadOnlyMounts()).isEmpty();
      assertThat(strict.environmentAllowlist()).containsExactly("PATH", "LANG", "TZ");
      assertThat(strict.maxOutputBytes()).isEqualTo(1L << 20);
      assertThat(strict.maxProcesses()).isPositive();
      assertThat(strict.maxFileSizeBytes()).isPositive();
      assertThat(strict.maxMemoryBytes()).isGreaterThanOrEqualTo(1L << 20);
    }

    @Test
    void builderAddsToTheStrictDefaultsAndToBuilderRoundTrips() {
      Path m2 = Path.of("/home/user/.m2/repository");
      SandboxPolicy policy =
          SandboxPolicy.builder()
              .network(NetworkAccess.LOOPBACK)
              .readOnlyPaths(List.of("src/test/**"))
              .hostReadOnlyMount(m2)
              .allowEnvironment("JAVA_HOME")
              .maxOutputBytes(1024)
              .maxProcesses(1)
              .maxFileSizeBytes(1)
              .maxMemoryBytes(1L << 20)
              .build();

      assertThat(policy.network()).isEqualTo(NetworkAccess.LOOPBACK);
      assertThat(policy.readOnlyPaths())
          .containsExactly(".git/hooks", ".git/config", "src/test/**");
      assertThat(policy.hostReadOnlyMounts()).containsExactly(m2);
      assertThat(policy.environmentAllowlist()).containsExactly("PATH", "LANG", "TZ", "JAVA_HOME");
      assertThat(policy.maxOutputBytes()).isEqualTo(1024);
      assertThat(policy.toBuilder().build()).isEqualTo(policy);
      assertThat(policy.toBuilder().maxProcesses(7).build().maxProcesses()).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "OPENAI_API_KEY",
          "ANTHROPIC_API_KEY",
          "GITHUB_TOKEN",
          "NPM_TOKEN",
          "DB_PASSWORD",
          "PASSWORD",
          "MYSQL_ROOT_PASSWORD",
          "AWS_SECRET_ACCESS_KEY",
          "AWS_ACCESS_KEY_ID",
          "AWS_SESSION_TOKEN",
          "AZURE_CLIENT_SECRET",
          "GOOGLE_APPLICATION_CREDENTIALS",
          "GCP_SERVICE_ACCOUNT",
          "CLIENT_SECRET",
          "DOCKER_CREDENTIALS",
          "openai_api_key",
          "github_token"
        })
    void refusesToAllowAVariableThatLooksLikeASecret(String name) {
      assertThat(SandboxPolicy.isSecretName(name)).isTrue();
      assertThatThrownBy(() -> SandboxPolicy.builder().allowEnvironment(name).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("environment variable '" + name + "' looks like a secret");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "PATH",
          "HOME",
          "LANG",
          "TZ",
          "JAVA_HOME",
          "MAVEN_OPTS",
          "CI",
          "TOKENIZERS_PARALLELISM"
        })
    void allowsOrdinaryVariables(String name) {
      assertThat(SandboxPolicy.isSecretName(name)).isFalse();
      assertThat(SandboxPolicy.builder().allowEnvironment(name).build().environmentAllowlist())
          .contains(name);
    }

    @Test
    void rejectsAVariableNameThatIsNotAShellName() {
      assertThatThrownBy(() -> SandboxPolicy.builder().allowEnvironment("MY-VAR").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(
              "environment variable name must be a shell variable name but was 'MY-VAR'");
      assertThatThrownBy(() -> SandboxPolicy.builder().allowEnvironment("1X").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'1X'");
    }

    @Test
    void rejectsReadOnlyPathsOutsideTheWorkspaceAndRelativeHostMounts() {
      assertThatThrownBy(() -> SandboxPolicy.builder().readOnlyPaths(List.of("../x")).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("read-only path")
          .hasMessageContaining("'../x'");
      assertThatThrownBy(() -> SandboxPolicy.builder().readOnlyPaths(List.of("/etc")).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'/etc'");
      assertThatThrownBy(() -> SandboxPolicy.builder().hostReadOnlyMount(Path.of("cache")).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("host read-only mount must be an absolute path but was 'cache'");
    }

    @Test
    void rejectsLimitsBelowTheirMinimum() {
      assertThatThrownBy(() -> SandboxPolicy.builder().maxOutputBytes(1023).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxOutputBytes must be at least 1024 but was 1023");
      assertThatThrownBy(() -> SandboxPolicy.builder().maxProcesses(0).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxProcesses must be at least 1 but was 0");
      assertThatThrownBy(() -> SandboxPolicy.builder().maxFileSizeBytes(0).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxFileSizeBytes must be at least 1 but was 0");
      assertThatThrownBy(() -> SandboxPolicy.builder().maxMemoryBytes((1L << 20) - 1).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxMemoryBytes must be at least 1048576 but was 1048575");
      assertThatThrownBy(() -> SandboxPolicy.builder().network(null).build())
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("network");
    }

    @Test
    void rejectsRepeatsInTheCanonicalConstructor() {
      assertThatThrownBy(
              () ->
                  new SandboxPolicy(
                      NetworkAccess.NONE,
                      List.of("a", "a"),
                      List.of(),
                      Set.of(),
                      1024,
                      1,
                      1,
                      1L << 20))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("readOnlyPaths contains 'a' twice");
    }

    @Test
    void copiesItsCollectionsAndExposesThemUnmodifiable() {
      List<String> paths = new ArrayList<>(List.of("a"));
      List<Path> mounts = new ArrayList<>(List.of(Path.of("/opt/cache")));
      Set<String> env = new LinkedHashSet<>(List.of("PATH"));
      SandboxPolicy policy =
          new SandboxPolicy(NetworkAccess.NONE, paths, mounts, env, 1024, 1, 1, 1L << 20);

      paths.add("b");
      mounts.clear();
      env.add("HOME");

      assertThat(policy.readOnlyPaths()).containsExactly("a");
      assertThat(policy.hostReadOnlyMounts()).containsExactly(Path.of("/opt/cache"));
      assertThat(policy.environmentAllowlist()).containsExactly("PATH");
      assertThatThrownBy(() -> policy.readOnlyPaths().add("x"))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> policy.hostReadOnlyMounts().add(Path.of("/x")))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> policy.environmentAllowlist().add("OPENAI_API_KEY"))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Nested
  class Requests {

    @Test
    void ofRunsAtTheRootUnderTheStrictPolicy() {
      ExecRequest r = ExecRequest.of(WS, MINUTE, "mvn", "-q", "test");

      assertThat(r.workingDirectory()).isEqualTo(".");
      assertThat(r.command()).containsExactly("mvn", "-q", "test");
      assertThat(r.environment()).isEmpty();
      assertThat(r.stdin()).isEmpty();
      assertThat(r.policy()).isEqualTo(SandboxPolicy.strict());
      assertThat(
              new ExecRequest(
                      WS,
                      "sub/dir",
                      List.of("ls"),
                      Map.of("CI", "1"),
                      "in",
                      MINUTE,
                      SandboxPolicy.strict())
                  .workingDirectory())
          .isEqualTo("sub/dir");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {"OPENAI_API_KEY", "GITHUB_TOKEN", "DB_PASSWORD", "AWS_SECRET_ACCESS_KEY"})
    void refusesSecretLookingVariablesInTheEnvironment(String name) {
      Map<String, String> env = Map.of(name, "s3cr3t");

      assertThatThrownBy(
              () ->
                  new ExecRequest(WS, ".", List.of("env"), env, "", MINUTE, SandboxPolicy.strict()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("environment variable '" + name + "' looks like a secret")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
    }

    @Test
    void rejectsEachBadValue() {
      SandboxPolicy strict = SandboxPolicy.strict();
      List<String> ls = List.of("ls");
      assertThatThrownBy(
              () -> new ExecRequest(Path.of("relative/ws"), ".", ls, Map.of(), "", MINUTE, strict))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("workspace must be an absolute path but was 'relative/ws'");
      assertThatThrownBy(() -> new ExecRequest(null, ".", ls, Map.of(), "", MINUTE, strict))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("workspace");
      assertThatThrownBy(() -> new ExecRequest(WS, "../other", ls, Map.of(), "", MINUTE, strict))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("workingDirectory")
          .hasMessageContaining("'../other'");
      assertThatThrownBy(() -> new ExecRequest(WS, "/etc", ls, Map.of(), "", MINUTE, strict))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("workingDirectory")
          .hasMessageContaining("'/etc'");
      assertThatThrownBy(() -> new ExecRequest(WS, ".", List.of(), Map.of(), "", MINUTE, strict))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("command must not be empty");
      assertThatThrownBy(() -> new ExecRequest(WS, ".", ls, Map.of(), null, MINUTE, strict))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("stdin");
      assertThatThrownBy(() -> new ExecRequest(WS, ".", ls, Map.of(), "", Duration.ZERO, strict))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("timeout must be positive but was PT0S");
      assertThatThrownBy(() -> new ExecRequest(WS, ".", ls, Map.of(), "", MINUTE, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("policy");
    }

    @Test
    void copiesCommandAndEnvironment() {
      List<String> command = new ArrayList<>(List.of("ls"));
      Map<String, String> env = new LinkedHashMap<>(Map.of("CI", "1"));
      ExecRequest r = new ExecRequest(WS, ".", command, env, "", MINUTE, SandboxPolicy.strict());

      command.add("-la");
      env.put("GITHUB_TOKEN", "sneaked in later");

      assertThat(r.command()).containsExactly("ls");
      assertThat(r.environment()).containsOnlyKeys("CI");
      assertThatThrownBy(() -> r.command().add("x"))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> r.environment().put("OPENAI_API_KEY", "x"))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Nested
  class Results {

    @Test
    void succeedsOnlyWhenItExitedZeroWithoutTimingOut() {
      assertThat(new ExecResult(0, "", "", false, false, Duration.ZERO, null).succeeded()).isTrue();
      assertThat(new ExecResult(1, "", "", false, false, Duration.ZERO, null).succeeded())
          .isFalse();
      assertThat(new ExecResult(0, "", "", true, false, Duration.ZERO, null).succeeded()).isFalse();
    }

    @Test
    void pointsAtTheFullOutputOnlyWhenThereIsOne() {
      Path full = Path.of("/var/factory/out-1.log");
      assertThat(new ExecResult(0, "head…tail", "", false, true, MINUTE, full).fullOutputFile())
          .contains(full);
      assertThat(new ExecResult(0, "", "", false, false, MINUTE, null).fullOutputFile()).isEmpty();
    }

    @Test
    void rejectsMissingOutputAndNegativeTime() {
      assertThatThrownBy(() -> new ExecResult(0, null, "", false, false, MINUTE, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("stdout");
      assertThatThrownBy(() -> new ExecResult(0, "", null, false, false, MINUTE, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("stderr");
      assertThatThrownBy(
              () -> new ExecResult(0, "", "", false, false, Duration.ofSeconds(-3), null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("elapsed must not be negative but was PT-3S");
    }
  }

  @Nested
  class Health {

    @Test
    void anIsolatingSandboxNeedNotExplain() {
      assertThat(SandboxHealth.isolating().isolates()).isTrue();
      assertThat(SandboxHealth.isolating("bwrap 0.8 found").details())
          .containsExactly("bwrap 0.8 found");
    }

    @Test
    void aSandboxThatCannotIsolateMustSayWhy() {
      assertThat(SandboxHealth.notIsolating("bwrap not installed").details())
          .containsExactly("bwrap not installed");
      assertThatThrownBy(() -> SandboxHealth.notIsolating())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("a sandbox that cannot isolate must say why");
    }

    @Test
    void copiesItsDetails() {
      List<String> details = new ArrayList<>(List.of("no user namespaces"));
      SandboxHealth health = new SandboxHealth(false, details);
      details.clear();

      assertThat(health.details()).containsExactly("no user namespaces");
      assertThatThrownBy(() -> health.details().clear())
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void sandboxExceptionKeepsItsMessageAndCause() {
    IOException cause = new IOException("bwrap: no such file");
    SandboxException e = new SandboxException("could not start bwrap", cause);

    assertThat(e).hasMessage("could not start bwrap").hasCause(cause);
    assertThat(new SandboxException("no isolation")).hasMessage("no isolation").hasNoCause();
  }
}
