package io.switchboard.core.notify.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The value of an {@code Authorization: SB-HMAC-SHA256 ...} header:
 *
 * <pre>
 * SB-HMAC-SHA256 Credential=&lt;name&gt;, Timestamp=&lt;unix seconds&gt;, Nonce=&lt;16-64 chars&gt;, Signature=&lt;hex&gt;
 * </pre>
 *
 * @param credential who signed: a channel name, or an API key id
 * @param timestamp Unix seconds at signing
 * @param nonce 16 to 64 characters of {@code A-Z a-z 0-9 - _ . ~}, random per request
 * @param signature lowercase hex HMAC-SHA256 of the {@link SigningString}
 */
public record SbHmacAuthorization(
    String credential, long timestamp, String nonce, String signature) {

  private static final Pattern CREDENTIAL = Pattern.compile("[^\\s,=]{1,253}");
  private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9._~-]{16,64}");
  private static final Pattern SIGNATURE = Pattern.compile("[0-9a-fA-F]{64}");

  public SbHmacAuthorization {
    if (credential == null || !CREDENTIAL.matcher(credential).matches()) {
      throw new IllegalArgumentException(
          "credential must be 1-253 characters without , = or space");
    }
    if (timestamp < 0) {
      throw new IllegalArgumentException("negative timestamp");
    }
    if (nonce == null || !NONCE.matcher(nonce).matches()) {
      throw new IllegalArgumentException("nonce must be 16-64 characters of A-Z a-z 0-9 - _ . ~");
    }
    if (signature == null || !SIGNATURE.matcher(signature).matches()) {
      throw new IllegalArgumentException("signature must be 64 hex digits");
    }
  }

  /** The header value. */
  public String toHeader() {
    return SigningString.SCHEME
        + " Credential="
        + credential
        + ", Timestamp="
        + timestamp
        + ", Nonce="
        + nonce
        + ", Signature="
        + signature;
  }

  /**
   * Reads a header value.
   *
   * @throws IllegalArgumentException when it is not a well-formed SB-HMAC-SHA256 authorization
   */
  public static SbHmacAuthorization parse(String header) {
    if (header == null || !header.startsWith(SigningString.SCHEME + " ")) {
      throw new IllegalArgumentException("not an " + SigningString.SCHEME + " authorization");
    }
    Map<String, String> fields = new HashMap<>();
    for (String part : header.substring(SigningString.SCHEME.length() + 1).split(",", -1)) {
      String p = part.trim();
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("malformed field: " + p);
      }
      if (fields.put(p.substring(0, eq), p.substring(eq + 1)) != null) {
        throw new IllegalArgumentException("repeated field: " + p.substring(0, eq));
      }
    }
    if (fields.size() != 4) {
      throw new IllegalArgumentException(
          "expected Credential, Timestamp, Nonce and Signature, got " + fields.keySet());
    }
    String ts = require(fields, "Timestamp");
    if (!ts.matches("[0-9]{1,12}")) {
      throw new IllegalArgumentException("Timestamp must be Unix seconds");
    }
    return new SbHmacAuthorization(
        require(fields, "Credential"),
        Long.parseLong(ts),
        require(fields, "Nonce"),
        require(fields, "Signature"));
  }

  private static String require(Map<String, String> fields, String name) {
    String v = fields.get(name);
    if (v == null) {
      throw new IllegalArgumentException("missing " + name);
    }
    return v;
  }

  /**
   * Whether {@link #signature} is the one {@code secret} gives for this request. Compares in
   * constant time. Freshness and nonce replay are the caller's checks ({@link #isFresh}).
   *
   * @param rawPath the path as on the request line
   * @param rawQuery the query as on the request line, without {@code ?}; null when none
   * @throws IllegalArgumentException when the query has a malformed percent escape
   */
  public boolean verify(
      String secret, String method, String rawPath, String rawQuery, byte[] body) {
    String expected =
        SigningString.signature(
            secret,
            SigningString.of(
                method, rawPath, SigningString.parseQuery(rawQuery), timestamp, nonce, body));
    return SigningString.sameSignature(expected, signature);
  }

  /** Whether the timestamp is within {@code skew} of {@code now}, either way. */
  public boolean isFresh(Instant now, Duration skew) {
    long diff = Math.abs(now.getEpochSecond() - timestamp);
    return diff <= skew.toSeconds();
  }
}
