package dev.darkfactory.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What the store tests run in a child JVM: {@code append DIR RUN COUNT} appends {@code COUNT}
 * entries ({@code -1}: until killed) and prints {@code seq N} for each after it returns; {@code
 * export DIR} exports the journal to a writer that keeps nothing and prints what it saw.
 */
public final class StoreChildProcess {

  private StoreChildProcess() {}

  public static void main(String[] args) throws IOException {
    PrintStream out = System.out;
    Path directory = Path.of(args[1]);
    switch (args[0]) {
      case "append" -> {
        String runId = args[2];
        int count = Integer.parseInt(args[3]);
        try (SqliteRunStore store = SqliteRunStore.open(directory)) {
          store.runStarted(runId, "child", Instant.now());
          for (int i = 0; count < 0 || i < count; i++) {
            JournalEntry stored = store.append(StoreSamples.entry(runId, i));
            out.println("seq " + stored.sequence());
            out.flush();
          }
        }
        out.println("done");
      }
      case "export" -> {
        LineChecker lines = new LineChecker();
        try (SqliteRunStore store = SqliteRunStore.open(directory)) {
          store.exportJsonLines(lines);
        }
        Runtime rt = Runtime.getRuntime();
        out.println(
            "lines "
                + lines.count
                + " ordered "
                + lines.ordered
                + " max-heap-mib "
                + rt.maxMemory() / (1 << 20));
      }
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  /** Counts lines and checks that step sequences increase, keeping only the current line. */
  private static final class LineChecker extends Writer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final StringBuilder line = new StringBuilder();
    long count;
    boolean ordered = true;
    private long lastSeq = -1;

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
      for (int i = offset; i < offset + length; i++) {
        if (buffer[i] == '\n') {
          JsonNode node = JSON.readTree(line.toString());
          if (node.get("type").asText().equals("step")) {
            long seq = node.get("seq").asLong();
            ordered &= seq > lastSeq;
            lastSeq = seq;
          }
          count++;
          line.setLength(0);
        } else {
          line.append(buffer[i]);
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
