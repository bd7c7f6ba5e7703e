package dev.darkfactory.core.agent.tool;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.api.workspace.Workspace;
import dev.darkfactory.core.sandbox.UnisolatedProcessSandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** A workspace in a temporary directory and a tool context over it, for the tool tests. */
final class ToolFixture {

  static final ObjectMapper JSON = new ObjectMapper();

  final Path root;
  final Path outside;
  final Sandbox sandbox;
  final SandboxPolicy policy;
  final ToolContext context;

  /** A workspace at {@code dir/workspace}, a directory beside it at {@code dir/outside}. */
  ToolFixture(Path dir) throws IOException {
    this(dir, SandboxPolicy.strict());
  }

  ToolFixture(Path dir, SandboxPolicy policy) throws IOException {
    this(dir, policy, UnisolatedProcessSandbox.optIn("tool tests", dir.resolve("sandbox-output")));
  }

  ToolFixture(Path dir, SandboxPolicy policy, Sandbox sandbox) throws IOException {
    this.root = Files.createDirectories(dir.resolve("workspace"));
    this.outside = Files.createDirectories(dir.resolve("outside"));
    this.sandbox = sandbox;
    this.policy = policy;
    this.context = context(root, sandbox, policy);
  }

  static ToolContext context(Path root, Sandbox sandbox, SandboxPolicy policy) {
    Workspace workspace = new PlainWorkspace(root);
    return new ToolContext() {
      @Override
      public Workspace workspace() {
        return workspace;
      }

      @Override
      public Sandbox sandbox() {
        return sandbox;
      }

      @Override
      public SandboxPolicy sandboxPolicy() {
        return policy;
      }

      @Override
      public Clock clock() {
        return Clock.systemUTC();
      }
    };
  }

  /** Writes a file in the workspace, creating its directories. */
  Path write(String path, String content) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  String read(String path) throws IOException {
    return Files.readString(root.resolve(path), StandardCharsets.UTF_8);
  }

  /** A JSON object of alternating names and values. */
  static ObjectNode args(Object... namesAndValues) {
    ObjectNode node = JSON.createObjectNode();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      node.set((String) namesAndValues[i], JSON.valueToTree(namesAndValues[i + 1]));
    }
    return node;
  }

  /** A workspace that is just a directory. */
  record PlainWorkspace(Path root) implements Workspace {
    @Override
    public CommitId base() {
      return CommitId.of("0".repeat(40));
    }

    @Override
    public String branch() {
      return "factory/tools-test/attempt-1";
    }

    @Override
    public void close() {}
  }
}
