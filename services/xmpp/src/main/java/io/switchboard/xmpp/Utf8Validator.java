package io.switchboard.xmpp;

/**
 * Incremental UTF-8 well-formedness check following Unicode Table 3-7: rejects stray continuation
 * bytes, overlong forms, UTF-16 surrogates and code points above U+10FFFF. A sequence may be split
 * across calls.
 *
 * <p>Needed because Aalto 1.4 decodes some invalid sequences without complaint (for instance the
 * overlong {@code C0 80} becomes U+0000).
 */
final class Utf8Validator {
  /** Continuation bytes still expected. */
  private int remaining;

  /** Allowed range of the next continuation byte (narrower right after some lead bytes). */
  private int low = 0x80;

  private int high = 0xBF;

  /**
   * Checks {@code bytes[offset, offset + length)} as the continuation of the data seen so far.
   *
   * @return the index of the first invalid byte, or -1 when all are valid so far
   */
  int validate(byte[] bytes, int offset, int length) {
    int i = offset;
    int end = offset + length;
    int rem = remaining;
    int lo = low;
    int hi = high;
    while (i < end) {
      if (rem == 0) {
        while (i < end && bytes[i] >= 0) {
          i++; // ASCII
        }
        if (i == end) {
          break;
        }
        int b = bytes[i] & 0xFF;
        if (b < 0xC2) {
          return i; // continuation byte without lead, or overlong 2-byte lead
        } else if (b < 0xE0) {
          rem = 1;
          lo = 0x80;
          hi = 0xBF;
        } else if (b < 0xF0) {
          rem = 2;
          lo = b == 0xE0 ? 0xA0 : 0x80; // E0: no overlong
          hi = b == 0xED ? 0x9F : 0xBF; // ED: no surrogates
        } else if (b < 0xF5) {
          rem = 3;
          lo = b == 0xF0 ? 0x90 : 0x80; // F0: no overlong
          hi = b == 0xF4 ? 0x8F : 0xBF; // F4: nothing above U+10FFFF
        } else {
          return i;
        }
      } else {
        int b = bytes[i] & 0xFF;
        if (b < lo || b > hi) {
          return i;
        }
        rem--;
        lo = 0x80;
        hi = 0xBF;
      }
      i++;
    }
    remaining = rem;
    low = lo;
    high = hi;
    return -1;
  }

  /** Forgets any partial sequence (a new stream starts). */
  void reset() {
    remaining = 0;
    low = 0x80;
    high = 0xBF;
  }
}
