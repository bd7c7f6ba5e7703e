package dev.darkfactory.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled session is reproducible: recording the scripted model again, on this machine, in
 * another directory, gives exactly the cassettes in {@code factory/session}.
 */
class SessionRecordingTest {

  private static final Path FACTORY = Path.of("factory");

  @TempDir Path dir;

  @Test
  void recordingTheScriptedModelAgainGivesTheBundledCassettesByteForByte() throws Exception {
    Path session = dir.resolve("session");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int status =
        RecordSession.record(
            FACTORY,
            session,
            dir.resolve("work"),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
    List<Path> bundled = SessionCassettes.cassettes(FACTORY.resolve("session").toAbsolutePath());
    List<Path> recorded = SessionCassettes.cassettes(session);
    assertThat(recorded.stream().map(p -> session.relativize(p).toString()))
        .containsExactly("greeting/attempt-1.json", "word-count/attempt-1.json", "word-count/attempt-2.json");
    assertThat(bundled.stream().map(p -> FACTORY.resolve("session").toAbsolutePath().relativize(p).toString()))
        .containsExactlyElementsOf(recorded.stream().map(p -> session.relativize(p).toString()).toList());
    for (Path file : recorded) {
      Path committed = FACTORY.resolve("session").resolve(session.relativize(file).toString());
      assertThat(Files.readString(file))
          .as(
              "%s is not what RecordSession records now; record the session again"
                  + " (./mvnw -q -B -Precord-session -pl samples/quickstart -am verify -DskipTests)"
                  + " and commit factory/session",
              committed)
          .isEqualTo(Files.readString(committed));
      assertThat(Files.readString(file)).doesNotContain(dir.toString()).doesNotContain(FACTORY.toAbsolutePath().getParent().toString());
    }
  }
}
