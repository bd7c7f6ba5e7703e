package dev.darkfactory.core.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CappedOutputTest {

  @TempDir Path dir;

  @Test
  void aFloodFarBeyondTheCapKeepsMemorySmallAndSavesUpToItsOwnCap() throws IOException {
    long flood = 64L << 20;
    Path spill = dir.resolve("flood");
    CappedOutput out = new CappedOutput(4096, 1 << 20, spill);

    out.drain(zeros(flood));

    assertThat(out.total()).isEqualTo(flood);
    assertThat(out.text()).hasSizeLessThan(4096 + 200).contains("the first 1048576 bytes are in " + spill);
    assertThat(Files.size(spill)).isEqualTo(1 << 20);
  }

  private static InputStream zeros(long n) {
    return new InputStream() {
      long left = n;

      @Override
      public int read() {
        return left-- > 0 ? 0 : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int k = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + k, (byte) '0');
        left -= k;
        return k;
      }
    };
  }
}
