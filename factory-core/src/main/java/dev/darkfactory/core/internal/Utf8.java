package dev.darkfactory.core.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Strict UTF-8 decoding, for code that must tell text it may rewrite from bytes it must leave
 * alone.
 *
 * @since 0.1.0
 */
@API(status = INTERNAL, since = "0.1.0")
public final class Utf8 {

  private Utf8() {}

  /**
   * Decodes bytes that must be valid UTF-8.
   *
   * @param bytes the bytes
   * @return the text, or {@code null} when the bytes are not valid UTF-8
   */
  public static @Nullable String strict(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
