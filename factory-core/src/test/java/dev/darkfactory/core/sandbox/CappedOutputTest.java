package dev.darkfactory.core.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CappedOutputTest {

  @TempDir Path dir;

  @Property(tries = 200)
  void keepsEverythingUpToTheCapAndHeadPlusTailBeyondIt(
      @ForAll @StringLength(max = 3000) String ascii, @ForAll @IntRange(min = 16, max = 2048) int cap)
      throws IOException {
    String text = ascii.replaceAll("[^\\x20-\\x7e]", "x");
    Path spill = Files.createTempDirectory("capped").resolve("out");
    CappedOutput out = new CappedOutput(cap, Long.MAX_VALUE, spill);

    out.drain(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));

    assertThat(out.total()).isEqualTo(text.length());
    if (text.length() <= cap) {
      assertThat(out.truncated()).isFalse();
      assertThat(out.text()).isEqualTo(text);
      assertThat(out.spillFile()).isNull();
      assertThat(spill).doesNotExist();
    } else {
      int head = cap / 2;
      int tail = cap - head;
      assertThat(out.truncated()).isTrue();
      assertThat(out.text())
          .startsWith(text.substring(0, head))
          .endsWith(text.substring(text.length() - tail))
          .contains("[... truncated: " + (text.length() - cap) + " of " + text.length() + " bytes removed; the full output is in " + spill);
      assertThat(Files.readString(spill)).isEqualTo(text);
    }
  }

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
