package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.core.notify.auth.SbHmacAuthorization;
import io.switchboard.core.notify.auth.Signer;
import io.switchboard.core.notify.auth.SigningString;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The driver's JDK-only signing against switchboard-core's, which the platform verifies with. */
class NotifySignerTest {

  static final String KEY_ID = "SB0123456789ABCDEF";
  static final String SECRET = "7f3a9c0e5b1d2f4a6c8e0b2d4f6a8c0e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a";
  static final byte[] BODY =
      "{\"template\":\"bench\",\"channels\":[\"webhook\"],\"recipients\":[{\"webhook\":\"http://127.0.0.1:9/hook\"}],\"data\":{\"seq\":42}}"
          .getBytes(StandardCharsets.UTF_8);

  @Test
  void theHeaderIsTheOneCoresSignerMakes() {
    Clock clock = Clock.fixed(Instant.ofEpochSecond(1_795_000_000L), ZoneOffset.UTC);
    SbHmacAuthorization core =
        new Signer(clock)
            .sign(
                KEY_ID, SECRET, "POST", URI.create("http://127.0.0.1:8080/api/v1/messages"), BODY);

    String ours =
        new NotifySigner(KEY_ID, SECRET)
            .authorization("POST", "/api/v1/messages", core.timestamp(), core.nonce(), BODY);

    assertEquals(core.toHeader(), ours);
  }

  @Test
  void aKnownVectorFromCoresSigningString() {
    String toSign =
        SigningString.of(
            "POST", "/api/v1/messages", Map.of(), 1_795_000_000L, "nonce-0123456789", BODY);
    assertEquals(
        SigningString.signature(SECRET, toSign),
        new NotifySigner(KEY_ID, SECRET)
            .signature("POST", "/api/v1/messages", 1_795_000_000L, "nonce-0123456789", BODY));
  }

  @Test
  void verifiesWhatCoreSignsAndNothingElse() {
    URI hook = URI.create("http://127.0.0.1:9/hook");
    String header =
        new Signer(Clock.systemUTC()).authorization("webhook", SECRET, "POST", hook, BODY);
    NotifySigner verifier = new NotifySigner("webhook", SECRET);

    assertTrue(verifier.verifies(header, "POST", "/hook", BODY));
    assertFalse(verifier.verifies(header, "POST", "/hook", "{}".getBytes(StandardCharsets.UTF_8)));
    assertFalse(verifier.verifies(header, "POST", "/other", BODY));
    assertFalse(new NotifySigner("webhook", "another-key").verifies(header, "POST", "/hook", BODY));
    assertFalse(verifier.verifies(null, "POST", "/hook", BODY));
    assertFalse(verifier.verifies("Bearer abc", "POST", "/hook", BODY));
  }
}
