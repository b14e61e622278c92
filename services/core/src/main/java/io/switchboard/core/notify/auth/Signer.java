package io.switchboard.core.notify.auth;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

/**
 * Signs outgoing requests with {@code SB-HMAC-SHA256} (see {@link SigningString}): picks the
 * timestamp from the clock and a random nonce, and produces the {@code Authorization} header.
 * Thread-safe.
 */
public final class Signer {

  private final Clock clock;
  private final SecureRandom random;

  public Signer(Clock clock) {
    this(clock, new SecureRandom());
  }

  public Signer(Clock clock, SecureRandom random) {
    this.clock = clock;
    this.random = random;
  }

  /**
   * Signs one request.
   *
   * @param credential who signs (the channel's name)
   * @param uri the full request URI; its raw path and raw query are signed as sent
   */
  public SbHmacAuthorization sign(
      String credential, String secret, String method, URI uri, byte[] body) {
    long timestamp = clock.instant().getEpochSecond();
    String nonce = nonce();
    String toSign =
        SigningString.of(
            method,
            uri.getRawPath(),
            SigningString.parseQuery(uri.getRawQuery()),
            timestamp,
            nonce,
            body);
    return new SbHmacAuthorization(
        credential, timestamp, nonce, SigningString.signature(secret, toSign));
  }

  /** The {@code Authorization} header value for one request. */
  public String authorization(
      String credential, String secret, String method, URI uri, byte[] body) {
    return sign(credential, secret, method, uri, body).toHeader();
  }

  /** 32 characters of URL-safe Base64 from 24 random bytes. */
  private String nonce() {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
