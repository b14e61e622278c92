package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.core.notify.auth.Signer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook receiver on loopback, sent to the way the router's webhook adapter sends. */
class NotifyReceiverTest {

  static final String SECRET = "webhook-signing-key";

  final HttpClient http = HttpClient.newHttpClient();
  final Signer signer = new Signer(Clock.systemUTC());
  NotifyLedger ledger;
  NotifyReceiver receiver;

  @BeforeEach
  void start() throws Exception {
    ledger = new NotifyLedger(16);
    receiver = NotifyReceiver.start(0, 2, ledger, SECRET);
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private int post(String partId, String body, String secret) throws Exception {
    URI uri = URI.create(receiver.url());
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .header("Idempotency-Key", partId)
            .header("Authorization", signer.authorization("webhook", secret, "POST", uri, bytes))
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static String document(String messageId, String partId, long seq) {
    return "{\"messageId\":\"%s\",\"partId\":\"%s\",\"recipient\":\"webhook:x\",\"body\":\"bench %d\",\"data\":{\"seq\":%d},\"attempt\":1}"
        .formatted(messageId, partId, seq, seq);
  }

  @Test
  void recordsArrivalsDuplicatesAndStrangers() throws Exception {
    ledger.sent(3, System.nanoTime());
    ledger.accepted(3, System.nanoTime(), "m3");

    assertEquals(200, post("m3.aaaaaaaaaaaa", document("m3", "m3.aaaaaaaaaaaa", 3), SECRET));
    assertEquals(200, post("m3.aaaaaaaaaaaa", document("m3", "m3.aaaaaaaaaaaa", 3), SECRET));
    assertEquals(200, post("m3.bbbbbbbbbbbb", document("m3", "m3.bbbbbbbbbbbb", 3), SECRET));
    assertEquals(200, post("m7.aaaaaaaaaaaa", document("m7", "m7.aaaaaaaaaaaa", 7), SECRET));
    assertEquals(200, post("x", "{\"nothing\":1}", SECRET));

    assertEquals(1, ledger.arrivedCount());
    assertEquals(1, ledger.duplicates());
    assertEquals(1, ledger.extraParts());
    assertEquals(0, ledger.missing(16));
    assertEquals(0, ledger.mismatched(16));
    assertEquals(2, receiver.unrecognised());
    assertEquals(5, receiver.checkedSignatures());
    assertEquals(0, receiver.badSignatures());
  }

  @Test
  void countsBadSignaturesAndSeesTheProbe() throws Exception {
    assertEquals(200, post("p.aaaaaaaaaaaa", document("p", "p.aaaaaaaaaaaa", -1), "wrong-key"));
    assertTrue(receiver.awaitProbe(5));
    assertEquals(1, receiver.badSignatures());
  }

  @Test
  void readsTheSequenceNumberOfTheData() {
    assertEquals(
        42, NotifyReceiver.seq("{\"data\":{\"seq\":42}}".getBytes(StandardCharsets.UTF_8)));
    assertEquals(
        -1, NotifyReceiver.seq("{\"data\":{\"seq\": -1}}".getBytes(StandardCharsets.UTF_8)));
    assertEquals(-2, NotifyReceiver.seq("{\"data\":{}}".getBytes(StandardCharsets.UTF_8)));
    assertEquals(-2, NotifyReceiver.seq("{\"seq\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
  }
}
