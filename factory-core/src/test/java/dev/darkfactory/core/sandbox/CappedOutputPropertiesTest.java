package dev.darkfactory.core.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** The properties of {@link CappedOutputTest}, apart so each engine reports its own class. */
class CappedOutputPropertiesTest {

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
}
