package io.switchboard.xmpp.sasl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/** Shared helpers of the mechanisms. */
final class SaslSupport {
  private SaslSupport() {}

  /** Strict UTF-8 decoding: malformed input is a malformed request. */
  static String utf8(byte[] bytes) throws SaslFailure {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new SaslFailure(SaslFailure.MALFORMED_REQUEST, "invalid UTF-8");
    }
  }

  static SaslFailure malformed(String text) {
    return new SaslFailure(SaslFailure.MALFORMED_REQUEST, text);
  }

  /**
   * Prepares a password the way the PRECIS OpaqueString profile (RFC 8265 §4.2, successor of
   * SASLprep) does, approximately: non-ASCII spaces become U+0020, then NFC.
   */
  static String normalizePassword(String password) {
    boolean ascii = true;
    for (int i = 0; i < password.length() && ascii; i++) {
      ascii = password.charAt(i) < 0x80;
    }
    if (ascii) {
      return password;
    }
    StringBuilder mapped = new StringBuilder(password);
    for (int i = 0; i < mapped.length(); i++) {
      char c = mapped.charAt(i);
      if (c >= 0x80 && Character.getType(c) == Character.SPACE_SEPARATOR) {
        mapped.setCharAt(i, ' ');
      }
    }
    return Normalizer.normalize(mapped, Normalizer.Form.NFC);
  }
}
