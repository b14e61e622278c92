package io.switchboard.access.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.switchboard.core.notify.apps.ApiKey;
import io.switchboard.core.notify.apps.ApiKeyStore;
import io.switchboard.core.notify.apps.NonceStore;
import io.switchboard.core.notify.auth.SbHmacAuthorization;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks {@code SB-HMAC-SHA256} signatures of API requests (docs/api.md): the header parses, the
 * key exists and is enabled, the timestamp is within {@value #SKEW_SECONDS} s of the server clock,
 * the signature matches (compared in constant time), and the nonce was not seen in the window. Each
 * refusal names its reason, as the 401's problem type.
 */
@Singleton
@Requires(property = "switchboard.stages.access.enabled", notEquals = "false")
public class ApiAuthenticator {

  static final long SKEW_SECONDS = 300;
  private static final Duration SKEW = Duration.ofSeconds(SKEW_SECONDS);

  private final ApiKeyStore keys;
  private final NonceStore nonces;
  private final Clock clock;

  public ApiAuthenticator(ApiKeyStore keys, NonceStore nonces, Clock clock) {
    this.keys = keys;
    this.nonces = nonces;
    this.clock = clock;
  }

  /** The calling application, or the reason the request is refused. */
  public ApiKey authenticate(HttpRequest<?> request, byte[] body) throws ApiProblem {
    String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    if (header == null || header.isBlank()) {
      throw ApiProblem.unauthorized(
          "missing-signature", "the request has no Authorization: SB-HMAC-SHA256 header");
    }
    SbHmacAuthorization auth;
    try {
      auth = SbHmacAuthorization.parse(header);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.unauthorized("malformed-signature", e.getMessage());
    }
    Optional<ApiKey> key = keys.find(auth.credential());
    if (key.isEmpty()) {
      throw ApiProblem.unauthorized("unknown-key", "no access key " + auth.credential());
    }
    if (!key.get().enabled()) {
      throw ApiProblem.unauthorized(
          "disabled-key", "access key " + auth.credential() + " is disabled");
    }
    Instant now = clock.instant();
    if (!auth.isFresh(now, SKEW)) {
      throw ApiProblem.unauthorized(
          "stale-timestamp",
          "timestamp "
              + auth.timestamp()
              + " is more than "
              + SKEW_SECONDS
              + " s from the server clock ("
              + now.getEpochSecond()
              + ")");
    }
    if (!auth.verify(
        key.get().secretKey(),
        request.getMethodName(),
        request.getUri().getRawPath(),
        request.getUri().getRawQuery(),
        body == null ? new byte[0] : body)) {
      throw ApiProblem.unauthorized(
          "bad-signature", "the signature does not match the request (see docs/api.md)");
    }
    // Checked last, so that an attacker cannot burn nonces with unsigned requests.
    if (!nonces.firstUse(auth.credential(), auth.nonce(), SKEW.multipliedBy(2))) {
      throw ApiProblem.unauthorized(
          "replayed-nonce", "nonce " + auth.nonce() + " was already used");
    }
    return key.get();
  }
}
