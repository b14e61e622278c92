package io.switchboard.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.core.notify.apps.ApiKey;
import io.switchboard.core.notify.quota.QuotaStore;
import io.switchboard.core.notify.quota.QuotaUsage;
import io.switchboard.crds.QuotaSpec;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quotas, rate limits and fallback channels over the signed API (docs/notifications.md): a Channel
 * whose daily quota is used up sends the next part to its fallback channel, or fails it with the
 * reason when it has none; a webhook that refuses for good falls back to in-app and the user gets
 * the headline live; an Application over its rate limit gets 429 with Retry-After; a Channel's rate
 * limit holds parts back without failing them or spending their attempts.
 */
abstract class NotificationLimitsScenarios {

  static final String WEBHOOK_SECRET = "webhook-signing-key-limits";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path config;
  TestPlatform platform;
  WebhookReceiver receiver;
  ApiKey shop;
  NotifyApi api;

  abstract TestPlatform.Mode mode();

  @BeforeEach
  void start() throws Exception {
    receiver = WebhookReceiver.start(WEBHOOK_SECRET);
    StringBuilder yaml = new StringBuilder();
    yaml.append(
        """
        apiVersion: switchboard.io/v1alpha1
        kind: Channel
        metadata: {name: inapp}
        spec: {serverRef: t, type: inApp}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: webhook-secret}
        stringData: {signingKey: %s}
        ---
        apiVersion: switchboard.io/v1alpha1
        kind: Template
        metadata: {name: welcome}
        spec:
          serverRef: t
          subject: "Welcome {{ name }}"
          variables: [{name: name}]
          variants:
            - format: text
              body: "Hello {{ name }}"
        ---
        apiVersion: switchboard.io/v1alpha1
        kind: Template
        metadata: {name: uneven}
        spec:
          serverRef: t
          variables: [{name: name}]
          variants:
            - format: text
              body: "Hi {{ name }}"
            - channel: webhook
              format: text
              body: "Hi {{ name }} from {{ shop }}"
        ---
        apiVersion: switchboard.io/v1alpha1
        kind: Application
        metadata: {name: shop}
        spec: {serverRef: t, callbackUrl: %s}
        ---
        apiVersion: switchboard.io/v1alpha1
        kind: Application
        metadata: {name: limited}
        spec:
          serverRef: t
          rateLimit: {perSecond: 1, burst: 2}
        """
            .formatted(WEBHOOK_SECRET, receiver.url(WebhookReceiver.CALLBACKS)));
    webhookChannel(yaml, "metered", "quota: {limit: 2, period: day}\n  fallbackChannel: inapp");
    webhookChannel(yaml, "capped", "quota: {limit: 1}");
    webhookChannel(yaml, "strict", "fallbackChannel: inapp");
    webhookChannel(yaml, "paced", "rateLimit: {perSecond: 2, burst: 2}");
    Files.writeString(config.resolve("notify.yaml"), yaml.toString());
    platform =
        TestPlatform.start(
            mode(),
            Map.of(
                "switchboard.notify.config-dir",
                config.toString(),
                "switchboard.notify.poll-interval",
                "100ms"));
    api = new NotifyApi(platform);
    for (String user : List.of("dave", "erin", "frank")) {
      platform.createUser(user, user + "-secret");
      admin(
          "PUT",
          "/admin/v1/users/" + user + "/addresses",
          "{\"webhook\":\"" + receiver.url("/" + user) + "\"}",
          204);
    }
    shop = api.newKey("shop");
    receiver.applicationKey(shop);
  }

  private void webhookChannel(StringBuilder yaml, String name, String extra) {
    yaml.append(
        """
        ---
        apiVersion: switchboard.io/v1alpha1
        kind: Channel
        metadata: {name: %s}
        spec:
          serverRef: t
          type: webhook
          endpoint: %s
          secretRef: {name: webhook-secret}
          retry: {maxAttempts: 3, initialBackoff: 200ms, maxBackoff: 1s}
          %s
        """
            .formatted(name, receiver.url("/" + name), extra));
  }

  @AfterEach
  void stop() {
    if (platform != null) {
      platform.close();
    }
    receiver.close();
  }

  private String admin(String method, String path, String body, int expected) throws Exception {
    return api.admin(method, path, body, expected);
  }

  HttpResponse<String> call(ApiKey key, String method, String path, String body) throws Exception {
    return api.call(key, method, path, body, null);
  }

  String accept(String recipients, String channel) throws Exception {
    HttpResponse<String> r =
        call(
            shop,
            "POST",
            "/api/v1/messages",
            """
            {"template": "welcome", "recipients": %s, "channels": ["%s"], "data": {"name": "Ann"}}
            """
                .formatted(recipients, channel));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return JSON.readTree(r.body()).get("id").asText();
  }

  JsonNode message(String id) throws Exception {
    return api.message(shop, id);
  }

  static Map<String, String> statuses(JsonNode message) {
    return NotifyApi.statuses(message);
  }

  static JsonNode part(JsonNode message, String channel) {
    for (JsonNode p : message.get("parts")) {
      if (p.get("channel").asText().equals(channel)) {
        return p;
      }
    }
    throw new AssertionError("no part on " + channel + " in " + message);
  }

  static List<String> statusHistory(JsonNode part) {
    return NotifyApi.statusHistory(part);
  }

  static String lastDetail(JsonNode part) {
    String detail = null;
    for (JsonNode e : part.get("history")) {
      if (e.get("kind").asText().equals("status")) {
        detail = e.get("detail").asText();
      }
    }
    return detail;
  }

  private void awaitStatuses(String id, Map<String, String> expected) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(statuses(message(id))).isEqualTo(expected));
  }

  @Test
  void aQuotaOfTwoADaySendsTheThirdPartToTheFallbackChannel() throws Exception {
    for (int i = 0; i < 2; i++) {
      String id = accept("[\"dave\"]", "metered");
      awaitStatuses(id, Map.of("dave/metered", "delivered"));
    }
    String third = accept("[\"dave\"]", "metered");
    // Dave is offline: the fallback part waits in the inbox for him.
    awaitStatuses(third, Map.of("dave/metered", "failed", "dave/inapp", "pending"));
    JsonNode m = message(third);
    JsonNode refused = part(m, "metered");
    assertThat(lastDetail(refused)).startsWith("quota exhausted: 2 of 2 used until");
    assertThat(refused.get("attempts").asInt()).isZero();
    JsonNode fallback = part(m, "inapp");
    assertThat(fallback.get("fallbackOf").asText()).isEqualTo(refused.get("id").asText());
    assertThat(receiver.deliveriesTo("/dave")).hasSize(2);

    JsonNode inbox = JSON.readTree(call(shop, "GET", "/api/v1/users/dave/inbox", null).body());
    assertThat(inbox.get("unread").asLong()).isEqualTo(1);
    assertThat(inbox.get("items").get(0).get("body").asText()).isEqualTo("Hello Ann");
    assertThat(inbox.get("items").get(0).get("messageId").asText()).isEqualTo(third);

    // The shared counter, as the operator reads it for the Channel's status.
    QuotaSpec spec = new QuotaSpec();
    spec.setLimit(2L);
    QuotaUsage usage =
        platform.accessContext().getBean(QuotaStore.class).usage("metered", spec, Instant.now());
    assertThat(usage.used()).isEqualTo(2);
    assertThat(usage.remaining()).isZero();
    MeterRegistry router = platform.context("router").getBean(MeterRegistry.class);
    assertThat(
            router.find("switchboard.channel.quota.used").tag("channel", "metered").gauge().value())
        .isEqualTo(2);
    assertThat(
            router
                .find("switchboard.channel.quota.alert.ratio")
                .tag("channel", "metered")
                .gauge()
                .value())
        .isEqualTo(0.8);
    assertThat(
            router
                .find("switchboard.channel.quota.refused")
                .tag("channel", "metered")
                .counter()
                .count())
        .isEqualTo(1);

    // At login the fallback headline arrives.
    List<Message> atDave = Collections.synchronizedList(new ArrayList<>());
    XMPPTCPConnection dave =
        SmackClients.connect(platform, "dave", "dave-secret", "phone", "SCRAM-SHA-256");
    dave.addSyncStanzaListener(s -> atDave.add((Message) s), MessageTypeFilter.HEADLINE);
    dave.login();
    await().atMost(Duration.ofSeconds(20)).until(() -> atDave.size() == 1);
    assertThat(atDave.get(0).getBody()).isEqualTo("Hello Ann");
    dave.disconnect();
  }

  @Test
  void aUsedUpQuotaWithoutFallbackFailsThePartWithTheReason() throws Exception {
    String first = accept("[\"frank\"]", "capped");
    awaitStatuses(first, Map.of("frank/capped", "delivered"));
    String second = accept("[\"frank\"]", "capped");
    awaitStatuses(second, Map.of("frank/capped", "failed"));
    JsonNode refused = part(message(second), "capped");
    assertThat(lastDetail(refused)).startsWith("quota exhausted: 1 of 1 used until");
    assertThat(statusHistory(refused)).containsExactly("pending", "queued", "failed");
    assertThat(receiver.deliveriesTo("/frank")).hasSize(1);
    // The refused part is listed with the failed ones, as any part that failed for good.
    JsonNode failed = JSON.readTree(call(shop, "GET", "/api/v1/parts?status=failed", null).body());
    assertThat(failed.get("items"))
        .extracting(p -> p.get("id").asText())
        .containsExactly(refused.get("id").asText());
  }

  @Test
  void aWebhookThatRefusesForGoodFallsBackToInAppAndTheUserGetsTheHeadline() throws Exception {
    receiver.answer("/erin", n -> 400);
    List<Message> atErin = Collections.synchronizedList(new ArrayList<>());
    XMPPTCPConnection erin =
        SmackClients.connect(platform, "erin", "erin-secret", "desk", "SCRAM-SHA-256");
    erin.addSyncStanzaListener(s -> atErin.add((Message) s), MessageTypeFilter.HEADLINE);
    erin.login();
    await().atMost(Duration.ofSeconds(10)).until(erin::isAuthenticated);

    String id = accept("[\"erin\"]", "strict");
    await().atMost(Duration.ofSeconds(30)).until(() -> atErin.size() == 1);
    assertThat(atErin.get(0).getSubject()).isEqualTo("Welcome Ann");
    assertThat(atErin.get(0).getBody()).isEqualTo("Hello Ann");
    awaitStatuses(id, Map.of("erin/strict", "failed", "erin/inapp", "sent"));
    JsonNode m = message(id);
    JsonNode refused = part(m, "strict");
    JsonNode fallback = part(m, "inapp");
    assertThat(fallback.get("fallbackOf").asText()).isEqualTo(refused.get("id").asText());
    assertThat(lastDetail(refused))
        .contains("falls back to inapp as " + fallback.get("id").asText());
    assertThat(receiver.deliveriesTo("/erin")).hasSize(1);
    assertThat(atErin.get(0).getStanzaId()).isEqualTo(fallback.get("id").asText());
    // Both parts report back like any part: signed, in status order.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              for (JsonNode p : message(id).get("parts")) {
                assertThat(receiver.callbackStatuses(p.get("id").asText()))
                    .as("callbacks of %s", p.get("id").asText())
                    .containsExactlyElementsOf(statusHistory(p));
              }
            });
    assertThat(receiver.badSignatures()).isEmpty();
    erin.disconnect();
  }

  @Test
  void aVariantThatFailsToRenderAtTheSplitFallsBackToo() throws Exception {
    HttpResponse<String> r =
        call(
            shop,
            "POST",
            "/api/v1/messages",
            """
            {"template": "uneven", "recipients": ["frank"], "channels": ["strict"],
             "data": {"name": "Ann"}}
            """);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String id = JSON.readTree(r.body()).get("id").asText();
    // The webhook variant needs a variable the request lacks: failed at the split, in-app instead.
    awaitStatuses(id, Map.of("frank/strict", "failed", "frank/inapp", "pending"));
    JsonNode m = message(id);
    assertThat(lastDetail(part(m, "strict"))).contains("shop");
    assertThat(part(m, "inapp").get("fallbackOf").asText())
        .isEqualTo(part(m, "strict").get("id").asText());
    assertThat(receiver.deliveriesTo("/frank")).isEmpty();
    JsonNode inbox = JSON.readTree(call(shop, "GET", "/api/v1/users/frank/inbox", null).body());
    assertThat(inbox.get("items").get(0).get("body").asText()).isEqualTo("Hi Ann");
  }

  @Test
  void anApplicationOverItsRateLimitGets429WithRetryAfterAndNothingIsStored() throws Exception {
    ApiKey limited = api.newKey("limited");
    String body =
        """
        {"template": "welcome", "recipients": ["dave"], "channels": ["inapp"], "data": {"name": "Ann"}}
        """;
    int accepted = 0;
    HttpResponse<String> refused = null;
    // Burst 2, then one a second: far fewer than ten signed requests in a row get through.
    for (int i = 0; i < 10 && refused == null; i++) {
      HttpResponse<String> r = call(limited, "POST", "/api/v1/messages", body);
      if (r.statusCode() == 202) {
        accepted++;
      } else {
        refused = r;
      }
    }
    assertThat(refused).isNotNull();
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(JSON.readTree(refused.body()).get("type").asText()).endsWith("/rate-limited");
    assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
        .isPositive();
    assertThat(accepted).isGreaterThanOrEqualTo(2);

    int stored = accepted;
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              HttpResponse<String> list = call(limited, "GET", "/api/v1/messages?limit=50", null);
              assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
              assertThat(JSON.readTree(list.body()).get("items")).hasSize(stored);
            });
    // Another application's requests are not held back by it.
    accept("[\"dave\"]", "inapp");
  }

  @Test
  void aChannelRateLimitOfTwoASecondDelaysButDeliversEveryPart() throws Exception {
    StringBuilder recipients = new StringBuilder("[");
    for (int i = 1; i <= 6; i++) {
      recipients
          .append(i > 1 ? "," : "")
          .append("{\"webhook\":\"")
          .append(receiver.url("/paced/" + i))
          .append("\"}");
    }
    String id = accept(recipients.append("]").toString(), "paced");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(statuses(message(id)).values()).hasSize(6).containsOnly("delivered"));
    for (JsonNode p : message(id).get("parts")) {
      // Held back, not failed: one attempt each, no retry.
      assertThat(p.get("attempts").asInt()).isEqualTo(1);
      assertThat(statusHistory(p)).containsExactly("pending", "queued", "delivered");
    }
    assertThat(receiver.acceptedPerPart())
        .hasSize(6)
        .allSatisfy((part, n) -> assertThat(n).isOne());
    Counter held =
        platform
            .context("router")
            .getBean(MeterRegistry.class)
            .find("switchboard_notify_rate_limited")
            .tag("channel", "paced")
            .counter();
    assertThat(held).isNotNull();
    assertThat(held.count()).isPositive();
  }
}
