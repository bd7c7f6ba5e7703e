package dev.darkfactory.core.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One output stream of a command, kept within a cap: everything up to the cap in memory; beyond
 * it the head and the tail in memory and the whole stream (up to a larger cap) in a file, so a
 * flood can neither exhaust the heap nor be lost.
 */
final class CappedOutput {

  private final int cap;
  private final long saveCap;
  private final Path spillFile;

  private byte[] memory = new byte[1024];
  private int size;
  private byte @Nullable [] head;
  private byte @Nullable [] tail;
  private int tailPos;
  private long total;
  private @Nullable OutputStream spill;
  private long saved;

  /**
   * Creates the buffer.
   *
   * @param cap the most bytes kept in memory (half head, half tail once exceeded)
   * @param saveCap the most bytes written to the spill file
   * @param spillFile where the whole stream goes once it exceeds {@code cap}
   */
  CappedOutput(int cap, long saveCap, Path spillFile) {
    this.cap = cap;
    this.saveCap = saveCap;
    this.spillFile = spillFile;
  }

  /** Reads {@code in} to its end; closes nothing. */
  void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      write(buffer, n);
    }
    if (spill != null) {
      spill.close();
    }
  }

  private void write(byte[] bytes, int n) throws IOException {
    total += n;
    if (head == null) {
      if (size + n <= cap) {
        if (size + n > memory.length) {
          memory = Arrays.copyOf(memory, Math.min(cap, Math.max(size + n, memory.length * 2)));
        }
        System.arraycopy(bytes, 0, memory, size, n);
        size += n;
        return;
      }
      // The cap is exceeded: keep the head, start the tail ring, and spill everything to a file.
      byte[] combined = Arrays.copyOf(memory, size + n);
      System.arraycopy(bytes, 0, combined, size, n);
      int half = cap / 2;
      head = Arrays.copyOf(combined, half);
      tail = new byte[cap - half];
      memory = new byte[0];
      Files.createDirectories(spillFile.getParent());
      spill = Files.newOutputStream(spillFile);
      save(combined, combined.length);
      appendTail(combined, combined.length);
      return;
    }
    save(bytes, n);
    appendTail(bytes, n);
  }

  private void save(byte[] bytes, int n) throws IOException {
    long room = saveCap - saved;
    if (room > 0 && spill != null) {
      int w = (int) Math.min(room, n);
      spill.write(bytes, 0, w);
      saved += w;
    }
  }

  private void appendTail(byte[] bytes, int n) {
    byte[] ring = java.util.Objects.requireNonNull(tail);
    for (int i = Math.max(0, n - ring.length); i < n; i++) {
      ring[tailPos] = bytes[i];
      tailPos = (tailPos + 1) % ring.length;
    }
  }

  /** Whether the stream exceeded the cap. */
  boolean truncated() {
    return head != null;
  }

  /** Every byte the stream produced. */
  long total() {
    return total;
  }

  /** The file holding the whole stream, when it was truncated. */
  @Nullable Path spillFile() {
    return truncated() ? spillFile : null;
  }

  /** The text: all of it, or its head and tail around a marker saying how much was cut. */
  String text() {
    if (head == null) {
      return new String(memory, 0, size, StandardCharsets.UTF_8);
    }
    byte[] ring = java.util.Objects.requireNonNull(tail);
    int kept = (int) Math.min(ring.length, total - head.length);
    byte[] last = new byte[kept];
    for (int i = 0; i < kept; i++) {
      last[i] = ring[Math.floorMod(tailPos - kept + i, ring.length)];
    }
    long removed = total - head.length - kept;
    String savedNote =
        saved < total
            ? "the first " + saved + " bytes are in " + spillFile
            : "the full output is in " + spillFile;
    return new String(head, StandardCharsets.UTF_8)
        + "\n[... truncated: "
        + removed
        + " of "
        + total
        + " bytes removed; "
        + savedNote
        + " ...]\n"
        + new String(last, StandardCharsets.UTF_8);
  }
}
