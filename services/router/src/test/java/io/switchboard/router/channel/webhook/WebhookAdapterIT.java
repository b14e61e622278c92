package io.switchboard.router.channel.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.notify.auth.SbHmacAuthorization;
import io.switchboard.router.channel.ChannelHttp;
import io.switchboard.router.channel.ChannelSettings;
import io.switchboard.router.channel.DeliveryOutcome;
import io.switchboard.router.channel.LocalHttpServer;
import io.switchboard.router.channel.LocalHttpServer.Reply;
import io.switchboard.router.channel.LocalHttpServer.Request;
import io.switchboard.router.channel.OutboundPart;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook adapter against a receiver that verifies SB-HMAC-SHA256 the way the platform's own
 * API does: parse the header, recompute from the request line and body, check freshness.
 */
class WebhookAdapterIT {

  private static final String SECRET = "whsec-7f3a";

  private final Clock clock = Clock.systemUTC();
  private final WebhookAdapter adapter = new WebhookAdapter(new ChannelHttp(), clock);
  private LocalHttpServer receiver;

  @BeforeEach
  void start() throws Exception {
    receiver = LocalHttpServer.start(request -> verified(request, Reply.json(200, "{}")));
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  /** 401 unless the request carries a valid, fresh signature by channel "orders-hook". */
  private Reply verified(Request request, Reply ok) {
    String header = request.headers().getFirst("Authorization");
    SbHmacAuthorization auth;
    try {
      auth = SbHmacAuthorization.parse(header);
    } catch (IllegalArgumentException e) {
      return Reply.json(401, "{\"error\":\"" + e.getMessage() + "\"}");
    }
    if (!auth.credential().equals("orders-hook")
        || !auth.isFresh(clock.instant(), Duration.ofMinutes(5))
        || !auth.verify(
            SECRET, request.method(), request.rawPath(), request.rawQuery(), request.body())) {
      return Reply.json(401, "{\"error\":\"bad signature\"}");
    }
    return ok;
  }

  private ChannelSettings channel(String secret) {
    return new ChannelSettings(
        "orders-hook",
        "webhook",
        receiver.url("/hooks/orders?tenant=acme&b=2"),
        Map.of(),
        secret == null ? Map.of() : Map.of("signingKey", secret),
        Duration.ofSeconds(5));
  }

  private ChannelSettings channelWith(Map<String, String> secrets) {
    return new ChannelSettings(
        "orders-hook",
        "webhook",
        receiver.url("/hooks/orders"),
        Map.of(),
        secrets,
        Duration.ofSeconds(5));
  }

  private static OutboundPart part(String address) {
    return new OutboundPart(
        "msg-1",
        "msg-1.u42.webhook",
        "u42",
        address,
        "Order shipped",
        "Your order **123** is on its way",
        "markdown",
        Map.of("order", 123, "items", java.util.List.of("book", "pen")),
        2);
  }

  @Test
  void signedJsonDocumentIsDelivered() throws Exception {
    DeliveryOutcome outcome = adapter.deliver(part(null), channel(SECRET));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    Request request = receiver.lastRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.rawPath()).isEqualTo("/hooks/orders");
    assertThat(request.headers().getFirst("Idempotency-Key")).isEqualTo("msg-1.u42.webhook");
    assertThat(request.headers().getFirst("Content-Type")).startsWith("application/json");
    JsonNode doc = request.json();
    assertThat(doc.path("messageId").asText()).isEqualTo("msg-1");
    assertThat(doc.path("partId").asText()).isEqualTo("msg-1.u42.webhook");
    assertThat(doc.path("recipient").asText()).isEqualTo("u42");
    assertThat(doc.path("subject").asText()).isEqualTo("Order shipped");
    assertThat(doc.path("body").asText()).isEqualTo("Your order **123** is on its way");
    assertThat(doc.path("format").asText()).isEqualTo("markdown");
    assertThat(doc.path("data").path("order").asInt()).isEqualTo(123);
    assertThat(doc.path("data").path("items").get(1).asText()).isEqualTo("pen");
    assertThat(doc.path("attempt").asInt()).isEqualTo(2);
  }

  @Test
  void theOlderSecretKeyNameStillSigns() throws Exception {
    DeliveryOutcome outcome = adapter.deliver(part(null), channelWith(Map.of("secret", SECRET)));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
  }

  @Test
  void signingKeyWinsOverTheOlderName() throws Exception {
    DeliveryOutcome outcome =
        adapter.deliver(
            part(null), channelWith(Map.of("signingKey", SECRET, "secret", "not-the-secret")));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
  }

  @Test
  void anAnswerQuotingTheSigningKeyOrATokenOfTheAddressIsRedacted() throws Exception {
    receiver.handler(
        request ->
            Reply.json(
                400, "{\"error\":\"" + SECRET + " refused for " + request.rawQuery() + "\"}"));
    String direct = receiver.url("/direct/u42?token=tok-9f8e7d6c");

    DeliveryOutcome outcome = adapter.deliver(part(direct), channel(SECRET));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail())
        .isEqualTo("HTTP 400: {\"error\":\"*** refused for ***\"}")
        .doesNotContain("tok-9f8e7d6c");
  }

  @Test
  void aUrlThatIsNotUsableIsReportedWithoutItsPathOrQuery() throws Exception {
    ChannelSettings bad =
        new ChannelSettings(
            "orders-hook",
            "webhook",
            "ftp://files.example/hooks/t0k3n-abcdef?key=k3y-abcdef",
            Map.of(),
            Map.of(),
            null);

    DeliveryOutcome outcome = adapter.deliver(part("nope"), bad);

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail())
        .isEqualTo("no http(s) URL: channel endpoint ftp://files.example/…, address (not a URL)");
  }

  @Test
  void directWebhookAddressWinsOverTheEndpointAndItsQueryIsSigned() throws Exception {
    String direct = receiver.url("/direct/u42?token=a%2Fb&x=%C3%BC");

    DeliveryOutcome outcome = adapter.deliver(part(direct), channel(SECRET));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(receiver.lastRequest().rawPath()).isEqualTo("/direct/u42");
    assertThat(receiver.lastRequest().queryParam("x")).isEqualTo("ü");
  }

  @Test
  void wrongSecretIsRefusedByTheReceiverAndFails() throws Exception {
    DeliveryOutcome outcome = adapter.deliver(part(null), channel("not-the-secret"));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail()).contains("401");
  }

  @Test
  void unavailableIsRetried() throws Exception {
    receiver.handler(request -> verified(request, Reply.text(503, "maintenance")));

    DeliveryOutcome outcome = adapter.deliver(part(null), channel(SECRET));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Retry.class);
  }

  @Test
  void tooManyRequestsIsRetriedAfterWhatTheReceiverSays() throws Exception {
    receiver.handler(
        request ->
            verified(
                request, new Reply(429, Map.of("Retry-After", "7"), "{\"error\":\"slow down\"}")));

    DeliveryOutcome outcome = adapter.deliver(part(null), channel(SECRET));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Retry.class);
    assertThat(((DeliveryOutcome.Retry) outcome).retryAfter()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void badRequestFails() throws Exception {
    receiver.handler(request -> verified(request, Reply.json(400, "{\"error\":\"unknown user\"}")));

    DeliveryOutcome outcome = adapter.deliver(part(null), channel(SECRET));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail()).isEqualTo("HTTP 400: {\"error\":\"unknown user\"}");
  }

  @Test
  void withoutASecretTheRequestIsUnsigned() throws Exception {
    receiver.handler(request -> Reply.json(204, ""));

    DeliveryOutcome outcome = adapter.deliver(part(null), channel(null));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(receiver.lastRequest().headers().getFirst("Authorization")).isNull();
  }

  @Test
  void noAnswerWithinTheTimeoutIsRetried() throws Exception {
    receiver.hang();
    ChannelSettings quick =
        new ChannelSettings(
            "orders-hook",
            "webhook",
            receiver.url("/hooks/orders"),
            Map.of(),
            Map.of("signingKey", SECRET),
            Duration.ofMillis(300));

    DeliveryOutcome outcome = adapter.deliver(part(null), quick);

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Retry.class);
    assertThat(outcome.detail()).contains("timed out");
  }

  @Test
  void refusedConnectionIsRetried() throws Exception {
    ChannelSettings closed =
        new ChannelSettings(
            "orders-hook",
            "webhook",
            "http://127.0.0.1:" + LocalHttpServer.closedPort() + "/hooks",
            Map.of(),
            Map.of("signingKey", SECRET),
            Duration.ofSeconds(5));

    DeliveryOutcome outcome = adapter.deliver(part(null), closed);

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Retry.class);
  }

  @Test
  void endpointThatIsNotAUrlFails() throws Exception {
    ChannelSettings bad =
        new ChannelSettings(
            "orders-hook", "webhook", "mailto:x@example.org", Map.of(), Map.of(), null);

    assertThat(adapter.deliver(part("not a url"), bad)).isInstanceOf(DeliveryOutcome.Failed.class);
  }
}
