package io.switchboard.core.archive;

import java.nio.charset.StandardCharsets;

/**
 * Archive ids (XEP-0313 result ids, XEP-0359 stanza-ids): 16 lower-case hex digits of the time the
 * message entered the platform (epoch microseconds, zero-padded), a dash, and 8 hex digits of a
 * hash of the envelope id. Ids therefore sort chronologically as plain strings, and the id of a
 * message is a function of its envelope: a redelivered envelope gets the same id again.
 */
public final class ArchiveId {

  /** Length of every id. */
  public static final int LENGTH = 16 + 1 + 8;

  private ArchiveId() {}

  /** The id of the message carried by the envelope with this id and creation time. */
  public static String of(long createdMicros, String envelopeId) {
    StringBuilder b = new StringBuilder(LENGTH);
    appendHex(b, createdMicros, 16);
    b.append('-');
    appendHex(b, fnv1a32(envelopeId) & 0xffffffffL, 8);
    return b.toString();
  }

  /**
   * The smallest id of a message created at or after {@code micros}: every id of that microsecond
   * or later sorts at or after it, every earlier one before it.
   */
  public static String lowerBound(long micros) {
    StringBuilder b = new StringBuilder(16);
    appendHex(b, Math.max(0, micros), 16);
    return b.toString();
  }

  /** The creation time encoded in an id, epoch microseconds. */
  public static long micros(String id) {
    return Long.parseUnsignedLong(id.substring(0, 16), 16);
  }

  /** Whether a client-supplied string has the shape of an id (and so can be used as a bound). */
  public static boolean isWellFormed(String id) {
    if (id == null || id.length() != LENGTH || id.charAt(16) != '-') {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      char c = id.charAt(i);
      if (i != 16 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static void appendHex(StringBuilder b, long value, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      b.append(Character.forDigit((int) ((value >>> shift) & 0xf), 16));
    }
  }

  /** FNV-1a, 32 bits, over the UTF-8 bytes. */
  static int fnv1a32(String s) {
    int h = 0x811c9dc5;
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= x & 0xff;
      h *= 0x01000193;
    }
    return h;
  }
}
