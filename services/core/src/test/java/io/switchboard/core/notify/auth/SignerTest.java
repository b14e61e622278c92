package io.switchboard.core.notify.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignerTest {

  private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
  private final Signer signer = new Signer(Clock.fixed(NOW, ZoneOffset.UTC));
  private final byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

  @Test
  void headerParsesBackAndVerifiesAgainstTheRequestLine() {
    URI uri = URI.create("https://hooks.example.test/in/orders?z=1&a=x%2By");

    String header = signer.authorization("orders-hook", "s3cr3t", "POST", uri, body);
    SbHmacAuthorization auth = SbHmacAuthorization.parse(header);

    assertThat(header).startsWith("SB-HMAC-SHA256 Credential=orders-hook, Timestamp=1700000000, ");
    assertThat(auth.credential()).isEqualTo("orders-hook");
    assertThat(auth.timestamp()).isEqualTo(1_700_000_000L);
    assertThat(auth.nonce()).hasSize(32);
    assertThat(auth.verify("s3cr3t", "POST", "/in/orders", "z=1&a=x%2By", body)).isTrue();
    assertThat(auth.isFresh(NOW.plusSeconds(299), Duration.ofMinutes(5))).isTrue();
    assertThat(auth.isFresh(NOW.minusSeconds(301), Duration.ofMinutes(5))).isFalse();
  }

  @Test
  void anyChangeBreaksTheSignature() {
    URI uri = URI.create("http://127.0.0.1:9/in?x=1");
    SbHmacAuthorization auth = signer.sign("c", "s3cr3t", "POST", uri, body);

    assertThat(auth.verify("other", "POST", "/in", "x=1", body)).isFalse();
    assertThat(auth.verify("s3cr3t", "PUT", "/in", "x=1", body)).isFalse();
    assertThat(auth.verify("s3cr3t", "POST", "/in2", "x=1", body)).isFalse();
    assertThat(auth.verify("s3cr3t", "POST", "/in", "x=2", body)).isFalse();
    assertThat(auth.verify("s3cr3t", "POST", "/in", "x=1", new byte[0])).isFalse();
  }

  @Test
  void noncesDiffer() {
    URI uri = URI.create("http://127.0.0.1:9/in");
    assertThat(signer.sign("c", "s", "POST", uri, body).nonce())
        .isNotEqualTo(signer.sign("c", "s", "POST", uri, body).nonce());
  }

  @Test
  void malformedHeadersAreRefused() {
    String sig = "a".repeat(64);
    assertThatThrownBy(() -> SbHmacAuthorization.parse("Bearer x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                SbHmacAuthorization.parse(
                    "SB-HMAC-SHA256 Credential=c, Timestamp=1, Nonce=short, Signature=" + sig))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                SbHmacAuthorization.parse(
                    "SB-HMAC-SHA256 Credential=c, Timestamp=1, Nonce=0123456789abcdef"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                SbHmacAuthorization.parse(
                    "SB-HMAC-SHA256 Credential=c, Credential=d, Timestamp=1, Nonce=0123456789abcdef,"
                        + " Signature="
                        + sig))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                SbHmacAuthorization.parse(
                    "SB-HMAC-SHA256 Credential=c, Timestamp=-1, Nonce=0123456789abcdef, Signature="
                        + sig))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
