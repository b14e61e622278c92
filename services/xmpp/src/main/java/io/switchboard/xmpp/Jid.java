package io.switchboard.xmpp;

import java.net.IDN;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;

/**
 * An XMPP address (RFC 7622): {@code [localpart@]domainpart[/resourcepart]}, normalized on
 * construction. Instances are immutable; {@link #equals}, {@link #hashCode} and {@link #compareTo}
 * work on the normalized string form.
 *
 * <p>Splitting follows RFC 7622 §3.1: the first {@code '/'} starts the resourcepart (which may
 * itself contain {@code '/'} and {@code '@'}); in what precedes it, the first {@code '@'} ends the
 * localpart.
 *
 * <p>Normalization approximates the PRECIS profiles (RFC 8264/8265) with the JDK alone:
 *
 * <ul>
 *   <li><b>localpart</b> (UsernameCaseMapped): fullwidth/halfwidth characters (U+FF00..U+FFEF) are
 *       mapped to their NFKC form, then the string is lowercased ({@link Locale#ROOT}) and put in
 *       NFC. It must not contain {@code " & ' / : < > @}, whitespace (any Unicode space or line
 *       separator), control characters or unpaired surrogates, and must be 1..1023 UTF-8 bytes.
 *       Unlike full PRECIS, other symbols and unassigned code points are accepted.
 *   <li><b>domainpart</b>: a bracketed IPv6 literal (validated, lowercased), or a DNS name: the
 *       ideographic full stops U+3002/U+FF0E/U+FF61 become {@code '.'}, fullwidth/halfwidth
 *       characters are width-mapped, the name is lowercased and put in NFC, one trailing dot is
 *       removed, and {@link IDN#toASCII(String, int)} with {@link IDN#USE_STD3_ASCII_RULES} must
 *       accept it. The Unicode form is kept; ASCII labels in A-label form ({@code xn--}) are
 *       converted to U-labels so both spellings compare equal. IPv4 literals are valid DNS names.
 *       1..1023 UTF-8 bytes.
 *   <li><b>resourcepart</b> (OpaqueString): non-ASCII space separators become U+0020, then NFC. It
 *       must not contain control characters or unpaired surrogates; 1..1023 UTF-8 bytes.
 * </ul>
 *
 * <p>Pure-ASCII parts take a fast path without {@link Normalizer} or {@link IDN}. When the input is
 * already normalized, it is kept as the string form, so parsing allocates little.
 */
public final class Jid implements Comparable<Jid> {
  private static final int MAX_PART_BYTES = 1023;

  /** The ASCII characters forbidden in a localpart besides controls and space. */
  private static final String LOCAL_FORBIDDEN = "\"&'/:<>@";

  private final String local;
  private final String domain;
  private final String resource;
  private final String string;

  /** Lazily computed bare form; benign race. */
  private Jid bare;

  private Jid(String local, String domain, String resource, String string) {
    this.local = local;
    this.domain = domain;
    this.resource = resource;
    this.string = string != null ? string : format(local, domain, resource);
  }

  /**
   * Parses and normalizes a JID.
   *
   * @throws JidFormatException if the string is not a valid JID
   */
  public static Jid of(String jid) {
    Objects.requireNonNull(jid, "jid");
    int slash = jid.indexOf('/');
    String head = slash < 0 ? jid : jid.substring(0, slash);
    String rawResource = slash < 0 ? null : jid.substring(slash + 1);
    int at = head.indexOf('@');
    String rawLocal = at < 0 ? null : head.substring(0, at);
    String rawDomain = at < 0 ? head : head.substring(at + 1);

    String local = rawLocal == null ? null : normalizeLocal(rawLocal);
    String domain = normalizeDomain(rawDomain);
    String resource = rawResource == null ? null : normalizeResource(rawResource);
    boolean unchanged =
        Objects.equals(local, rawLocal)
            && domain.equals(rawDomain)
            && Objects.equals(resource, rawResource);
    return new Jid(local, domain, resource, unchanged ? jid : null);
  }

  /**
   * Builds a JID from its parts, each validated and normalized.
   *
   * @param local the localpart, or {@code null} for none
   * @param resource the resourcepart, or {@code null} for a bare JID
   * @throws JidFormatException if a part is invalid (an empty string is invalid)
   */
  public static Jid of(String local, String domain, String resource) {
    Objects.requireNonNull(domain, "domain");
    return new Jid(
        local == null ? null : normalizeLocal(local),
        normalizeDomain(domain),
        resource == null ? null : normalizeResource(resource),
        null);
  }

  /** Like {@link #of(String)}, but returns {@code null} for a null or invalid input. */
  public static Jid ofOrNull(String jid) {
    if (jid == null) {
      return null;
    }
    try {
      return of(jid);
    } catch (JidFormatException e) {
      return null;
    }
  }

  /** The localpart, or {@code null} when absent. */
  public String local() {
    return local;
  }

  public String domain() {
    return domain;
  }

  /** The resourcepart, or {@code null} for a bare JID. */
  public String resource() {
    return resource;
  }

  public boolean isBare() {
    return resource == null;
  }

  /** This JID without its resource ({@code this} when already bare). */
  public Jid bare() {
    if (resource == null) {
      return this;
    }
    Jid result = bare;
    if (result == null) {
      result = new Jid(local, domain, null, null);
      bare = result;
    }
    return result;
  }

  /**
   * This JID with another resource, validated and normalized; {@code null} gives the bare JID.
   *
   * @throws JidFormatException if the resource is invalid
   */
  public Jid withResource(String resource) {
    if (resource == null) {
      return bare();
    }
    return new Jid(local, domain, normalizeResource(resource), null);
  }

  /** The normalized string form. */
  @Override
  public String toString() {
    return string;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Jid other && string.equals(other.string);
  }

  @Override
  public int hashCode() {
    return string.hashCode();
  }

  @Override
  public int compareTo(Jid other) {
    return string.compareTo(other.string);
  }

  private static String format(String local, String domain, String resource) {
    StringBuilder sb =
        new StringBuilder(
            domain.length()
                + (local == null ? 0 : local.length() + 1)
                + (resource == null ? 0 : resource.length() + 1));
    if (local != null) {
      sb.append(local).append('@');
    }
    sb.append(domain);
    if (resource != null) {
      sb.append('/').append(resource);
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- localpart

  static String normalizeLocal(String s) {
    if (s.isEmpty()) {
      throw new JidFormatException("empty localpart");
    }
    boolean ascii = true;
    boolean upper = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        ascii = false;
        break;
      }
      if (c <= ' ' || c == 0x7F || LOCAL_FORBIDDEN.indexOf(c) >= 0) {
        throw invalidChar("localpart", c);
      }
      upper |= c >= 'A' && c <= 'Z';
    }
    if (ascii) {
      checkLength("localpart", s);
      return upper ? s.toLowerCase(Locale.ROOT) : s;
    }
    String n = Normalizer.normalize(widthMap(s).toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
    for (int i = 0; i < n.length(); ) {
      int cp = n.codePointAt(i);
      if ((cp < 0x80 && LOCAL_FORBIDDEN.indexOf(cp) >= 0)
          || isSpace(cp)
          || isControlOrLoneSurrogate(cp)) {
        throw invalidChar("localpart", cp);
      }
      i += Character.charCount(cp);
    }
    checkLength("localpart", n);
    return n;
  }

  // ---------------------------------------------------------------- domainpart

  static String normalizeDomain(String s) {
    if (s.isEmpty()) {
      throw new JidFormatException("empty domainpart");
    }
    if (s.charAt(0) == '[') {
      if (s.length() < 3
          || s.charAt(s.length() - 1) != ']'
          || !isIpv6(s.substring(1, s.length() - 1))) {
        throw new JidFormatException("invalid IPv6 literal domainpart");
      }
      return s.toLowerCase(Locale.ROOT);
    }
    String n;
    if (isAscii(s)) {
      String lower = stripTrailingDot(s).toLowerCase(Locale.ROOT);
      if (!lower.contains("xn--")) {
        checkAsciiHostname(lower);
        checkLength("domainpart", lower);
        return lower.equals(s) ? s : lower;
      }
      // A-labels: compare in U-label form (IDN.toUnicode leaves invalid labels as they are).
      n = IDN.toUnicode(lower, IDN.USE_STD3_ASCII_RULES);
    } else {
      n = widthMap(s).replace('\u3002', '.').replace('\uFF0E', '.').replace('\uFF61', '.');
      n = stripTrailingDot(n);
    }
    n = Normalizer.normalize(n.toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
    try {
      checkAsciiHostname(IDN.toASCII(n, IDN.USE_STD3_ASCII_RULES));
    } catch (IllegalArgumentException e) { // includes JidFormatException
      throw new JidFormatException("invalid domainpart: " + e.getMessage());
    }
    checkLength("domainpart", n);
    return n;
  }

  private static String stripTrailingDot(String s) {
    String result = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    if (result.isEmpty()) {
      throw new JidFormatException("empty domainpart");
    }
    return result;
  }

  /** Labels of 1..63 letters, digits and hyphens, not starting or ending with a hyphen. */
  private static void checkAsciiHostname(String s) {
    int labelStart = 0;
    for (int i = 0; i <= s.length(); i++) {
      char c = i == s.length() ? '.' : s.charAt(i);
      if (c == '.') {
        int len = i - labelStart;
        if (len == 0 || len > 63) {
          throw new JidFormatException("invalid domainpart label length");
        }
        if (s.charAt(labelStart) == '-' || s.charAt(i - 1) == '-') {
          throw new JidFormatException("domainpart label starts or ends with '-'");
        }
        labelStart = i + 1;
      } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        throw invalidChar("domainpart", c);
      }
    }
  }

  /** Validates an IPv6 address (no zone): 8 groups, or fewer with one "::". */
  static boolean isIpv6(String s) {
    int gap = s.indexOf("::");
    if (gap < 0) {
      return ipv6Groups(s, 0, s.length(), true) == 8;
    }
    if (s.indexOf("::", gap + 1) >= 0) {
      return false; // more than one "::" (":::" included)
    }
    int head = ipv6Groups(s, 0, gap, false);
    int tail = ipv6Groups(s, gap + 2, s.length(), true);
    return head >= 0 && tail >= 0 && head + tail <= 7;
  }

  /** Number of 16-bit groups in colon-separated hex (an IPv4 tail counts 2), or -1. */
  private static int ipv6Groups(String s, int from, int to, boolean ipv4Tail) {
    if (from == to) {
      return 0;
    }
    int groups = 0;
    int start = from;
    for (int i = from; i <= to; i++) {
      if (i == to || s.charAt(i) == ':') {
        int len = i - start;
        if (len == 0) {
          return -1;
        }
        if (i == to && ipv4Tail && s.lastIndexOf('.', to - 1) >= start) {
          return isIpv4(s, start, to) ? groups + 2 : -1;
        }
        if (len > 4) {
          return -1;
        }
        for (int j = start; j < i; j++) {
          if (Character.digit(s.charAt(j), 16) < 0) {
            return -1;
          }
        }
        groups++;
        start = i + 1;
      }
    }
    return groups;
  }

  private static boolean isIpv4(String s, int from, int to) {
    int parts = 0;
    int value = 0;
    int digits = 0;
    for (int i = from; i <= to; i++) {
      char c = i == to ? '.' : s.charAt(i);
      if (c == '.') {
        if (digits == 0 || value > 255) {
          return false;
        }
        parts++;
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9' && digits < 3) {
        value = value * 10 + (c - '0');
        digits++;
      } else {
        return false;
      }
    }
    return parts == 4;
  }

  // ---------------------------------------------------------------- resourcepart

  static String normalizeResource(String s) {
    if (s.isEmpty()) {
      throw new JidFormatException("empty resourcepart");
    }
    boolean ascii = true;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        ascii = false;
        break;
      }
      if (c < ' ' || c == 0x7F) {
        throw invalidChar("resourcepart", c);
      }
    }
    if (ascii) {
      checkLength("resourcepart", s);
      return s;
    }
    StringBuilder mapped = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80 && Character.getType(c) == Character.SPACE_SEPARATOR) {
        if (mapped == null) {
          mapped = new StringBuilder(s);
        }
        mapped.setCharAt(i, ' ');
      }
    }
    String n = Normalizer.normalize(mapped == null ? s : mapped, Normalizer.Form.NFC);
    for (int i = 0; i < n.length(); ) {
      int cp = n.codePointAt(i);
      if (isControlOrLoneSurrogate(cp)) {
        throw invalidChar("resourcepart", cp);
      }
      i += Character.charCount(cp);
    }
    checkLength("resourcepart", n);
    return n.equals(s) ? s : n;
  }

  // ---------------------------------------------------------------- helpers

  /** Maps fullwidth and halfwidth forms (U+FF00..U+FFEF) to their compatibility decomposition. */
  private static String widthMap(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean wide = c >= 0xFF00 && c <= 0xFFEF;
      if (wide && out == null) {
        out = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (out != null) {
        if (wide) {
          out.append(Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKC));
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? s : out.toString();
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSpace(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }

  private static boolean isControlOrLoneSurrogate(int cp) {
    int type = Character.getType(cp);
    return type == Character.CONTROL || type == Character.SURROGATE;
  }

  private static void checkLength(String part, String s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    if (bytes > MAX_PART_BYTES) {
      throw new JidFormatException(part + " exceeds " + MAX_PART_BYTES + " bytes");
    }
  }

  private static JidFormatException invalidChar(String part, int cp) {
    return new JidFormatException(String.format("invalid character U+%04X in %s", cp, part));
  }
}
