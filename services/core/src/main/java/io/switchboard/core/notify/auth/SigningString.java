package io.switchboard.core.notify.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The string a {@code SB-HMAC-SHA256} signature covers, and the signature itself. Pure functions:
 * the same for the side that signs (outbound webhooks) and the side that verifies (the API).
 *
 * <pre>
 * SB-HMAC-SHA256
 * &lt;METHOD&gt;
 * &lt;path&gt;
 * &lt;canonical query&gt;
 * &lt;timestamp&gt;
 * &lt;nonce&gt;
 * &lt;lowercase hex SHA-256 of the body&gt;
 * </pre>
 *
 * <ul>
 *   <li>METHOD is upper-cased;
 *   <li>path is the path as it appears on the request line, percent-encoding untouched, without the
 *       query; {@code /} when empty;
 *   <li>canonical query: every parameter decoded, then name and value percent-encoded per RFC 3986
 *       (everything except {@code A-Z a-z 0-9 - . _ ~} as {@code %XX}, upper-case hex), sorted by
 *       encoded name then encoded value (byte order), {@code name=value} joined by {@code &}; empty
 *       when there are none. A {@code +} in a query is a literal plus (RFC 3986), not a space;
 *   <li>timestamp in Unix seconds; the body's hash is that of the empty string for no body.
 * </ul>
 *
 * The signature is the lowercase hex HMAC-SHA256 of that string, keyed with the secret's UTF-8
 * bytes.
 */
public final class SigningString {

  /** The scheme name, first line of the string to sign and first word of the header. */
  public static final String SCHEME = "SB-HMAC-SHA256";

  private static final HexFormat HEX = HexFormat.of();

  private SigningString() {}

  /**
   * Builds the string to sign.
   *
   * @param query decoded parameter names and values; may be null or empty
   */
  public static String of(
      String method,
      String path,
      Map<String, ? extends Collection<String>> query,
      long timestamp,
      String nonce,
      byte[] body) {
    return SCHEME
        + '\n'
        + method.toUpperCase(Locale.ROOT)
        + '\n'
        + (path == null || path.isEmpty() ? "/" : path)
        + '\n'
        + canonicalQuery(query)
        + '\n'
        + timestamp
        + '\n'
        + nonce
        + '\n'
        + sha256Hex(body == null ? new byte[0] : body);
  }

  /** The lowercase hex HMAC-SHA256 of {@code stringToSign} keyed with {@code secret}. */
  public static String signature(String secret, String stringToSign) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HEX.formatHex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Compares two hex signatures in constant time. */
  public static boolean sameSignature(String expected, String actual) {
    if (expected == null || actual == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII),
        actual.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
  }

  /** The canonical form of decoded query parameters; empty when there are none. */
  public static String canonicalQuery(Map<String, ? extends Collection<String>> query) {
    if (query == null || query.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (Map.Entry<String, ? extends Collection<String>> e : query.entrySet()) {
      String name = encode(e.getKey());
      Collection<String> values = e.getValue();
      if (values == null || values.isEmpty()) {
        pairs.add(new String[] {name, ""});
        continue;
      }
      for (String v : values) {
        pairs.add(new String[] {name, encode(v == null ? "" : v)});
      }
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder sb = new StringBuilder();
    for (String[] p : pairs) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(p[0]).append('=').append(p[1]);
    }
    return sb.toString();
  }

  /**
   * Splits a raw query string ({@code a=1&b=x%20y}) into decoded names and values, keeping their
   * order. A {@code +} stays a plus. Null or empty gives an empty map.
   *
   * @throws IllegalArgumentException on a malformed percent escape
   */
  public static Map<String, List<String>> parseQuery(String rawQuery) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return out;
  }

  /** Percent-encodes per RFC 3986: all but unreserved characters, as UTF-8, upper-case hex. */
  public static String encode(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        sb.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }

  /** Decodes percent escapes (UTF-8); {@code +} is left alone. */
  static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    int i = 0;
    while (i < s.length()) {
      if (s.charAt(i) == '%') {
        int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
        int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("bad percent escape in " + s);
        }
        out.write((hi << 4) | lo);
        i += 3;
      } else {
        int end = s.indexOf('%', i);
        end = end < 0 ? s.length() : end;
        out.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Lowercase hex SHA-256 of {@code body}. */
  public static String sha256Hex(byte[] body) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
