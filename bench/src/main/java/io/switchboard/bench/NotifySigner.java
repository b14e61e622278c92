package io.switchboard.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code SB-HMAC-SHA256} signatures (docs/api.md), with the JDK alone: the driver depends on
 * switchboard-xmpp only, and switchboard-core (whose {@code Signer} is the reference) would bring
 * Micronaut, the MongoDB and NATS clients and the embedded store into the driver's JVM.
 * NotifySignerTest checks this against core's {@code Signer}. Only what the driver signs is
 * supported: paths without a query. Not thread-safe (one {@link Mac} per instance).
 */
final class NotifySigner {

  static final String SCHEME = "SB-HMAC-SHA256";
  private static final HexFormat HEX = HexFormat.of();

  private final String credential;
  private final Mac mac;
  private final MessageDigest sha256;

  NotifySigner(String credential, String secret) {
    this.credential = credential;
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 or SHA-256 is not available", e);
    }
  }

  /** The lowercase hex signature of one request to {@code path} (no query). */
  String signature(String method, String path, long timestamp, String nonce, byte[] body) {
    String toSign =
        SCHEME
            + '\n'
            + method
            + '\n'
            + path
            + "\n\n"
            + timestamp
            + '\n'
            + nonce
            + '\n'
            + HEX.formatHex(sha256.digest(body));
    return HEX.formatHex(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
  }

  /** The {@code Authorization} header of one request. */
  String authorization(String method, String path, long timestamp, String nonce, byte[] body) {
    return SCHEME
        + " Credential="
        + credential
        + ", Timestamp="
        + timestamp
        + ", Nonce="
        + nonce
        + ", Signature="
        + signature(method, path, timestamp, nonce, body);
  }

  /**
   * Whether {@code header} is a valid signature of this signer's key over a request to {@code path}
   * (no query) with {@code body}; compared in constant time.
   */
  boolean verifies(String header, String method, String path, byte[] body) {
    if (header == null || !header.startsWith(SCHEME + " ")) {
      return false;
    }
    String timestamp = null;
    String nonce = null;
    String signature = null;
    for (String part : header.substring(SCHEME.length() + 1).split(",")) {
      String p = part.strip();
      int eq = p.indexOf('=');
      if (eq < 0) {
        return false;
      }
      String value = p.substring(eq + 1);
      switch (p.substring(0, eq)) {
        case "Timestamp" -> timestamp = value;
        case "Nonce" -> nonce = value;
        case "Signature" -> signature = value;
        default -> {}
      }
    }
    if (timestamp == null || nonce == null || signature == null) {
      return false;
    }
    long ts;
    try {
      ts = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return false;
    }
    return MessageDigest.isEqual(
        signature(method, path, ts, nonce, body).getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII));
  }
}
