package io.switchboard.router.channel.feishu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.router.channel.ChannelHttp;
import io.switchboard.router.channel.ChannelSettings;
import io.switchboard.router.channel.DeliveryOutcome;
import io.switchboard.router.channel.LocalHttpServer;
import io.switchboard.router.channel.LocalHttpServer.Reply;
import io.switchboard.router.channel.OutboundPart;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FeishuAdapterIT {

  private static final String SECRET = "fs-secret";

  private final FeishuBot bot = new FeishuBot(SECRET, "Deploy");
  private LocalHttpServer server;

  @BeforeEach
  void start() throws Exception {
    server = LocalHttpServer.start(bot);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** The endpoint is the bare hook API; the hook id and the signing secret are in the Secret. */
  private ChannelSettings channel(String secret, Duration timeout) {
    Map<String, String> secrets = new HashMap<>();
    secrets.put("hookId", FeishuBot.TOKEN);
    if (secret != null) {
      secrets.put("secret", secret);
    }
    return new ChannelSettings(
        "deploys", "feishu", server.url("/open-apis/bot/v2/hook"), Map.of(), secrets, timeout);
  }

  private ChannelSettings channel(String endpoint, Map<String, String> secrets) {
    return new ChannelSettings(
        "deploys", "feishu", endpoint, Map.of(), secrets, Duration.ofSeconds(5));
  }

  private ChannelSettings channel() {
    return channel(SECRET, Duration.ofSeconds(5));
  }

  private static OutboundPart part(String format, String body) {
    return new OutboundPart("m2", "m2.u1.feishu", "u1", null, "Deploy done", body, format, null, 1);
  }

  private static FeishuAdapter adapter(Clock clock) {
    return new FeishuAdapter(new ChannelHttp(), clock);
  }

  @Test
  void signedTextIsDelivered() throws Exception {
    DeliveryOutcome outcome =
        adapter(Clock.systemUTC()).deliver(part("text", "api v42 is live"), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    JsonNode sent = bot.accepted.get(0);
    assertThat(sent.path("msg_type").asText()).isEqualTo("text");
    assertThat(sent.path("content").path("text").asText())
        .isEqualTo("Deploy done\n\napi v42 is live");
    assertThat(sent.path("timestamp").isTextual()).isTrue();
  }

  @Test
  void theHookIdComesFromTheSecret() throws Exception {
    DeliveryOutcome outcome = adapter(Clock.systemUTC()).deliver(part("text", "x"), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(server.lastRequest().rawPath())
        .isEqualTo("/open-apis/bot/v2/hook/" + FeishuBot.TOKEN);
  }

  @Test
  void aHookIdWrittenIntoTheEndpointStillWorks() throws Exception {
    DeliveryOutcome outcome =
        adapter(Clock.systemUTC())
            .deliver(
                part("text", "x"),
                channel(
                    server.url("/open-apis/bot/v2/hook/" + FeishuBot.TOKEN),
                    Map.of("secret", SECRET)));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
  }

  @Test
  void theSecretsHookIdWinsOverTheEndpoints() throws Exception {
    DeliveryOutcome outcome =
        adapter(Clock.systemUTC())
            .deliver(
                part("text", "x"),
                channel(
                    server.url("/open-apis/bot/v2/hook/stale-hook"),
                    Map.of("hookId", FeishuBot.TOKEN, "secret", SECRET)));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(server.lastRequest().rawPath())
        .isEqualTo("/open-apis/bot/v2/hook/" + FeishuBot.TOKEN);
  }

  @Test
  void withoutAHookIdNothingIsSent() throws Exception {
    DeliveryOutcome outcome =
        adapter(Clock.systemUTC())
            .deliver(
                part("text", "x"),
                channel(server.url("/open-apis/bot/v2/hook"), Map.of("secret", SECRET)));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail()).contains("hookId");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void anAnswerQuotingTheHookIdIsRedacted() throws Exception {
    server.handler(
        request ->
            Reply.json(
                200, "{\"code\":19001,\"msg\":\"token invalid: " + request.rawPath() + "\"}"));

    DeliveryOutcome outcome = adapter(Clock.systemUTC()).deliver(part("text", "x"), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail())
        .contains("19001")
        .contains("/hook/***")
        .doesNotContain(FeishuBot.TOKEN);
  }

  @Test
  void markdownGoesAsACardWithAMarkdownElement() throws Exception {
    DeliveryOutcome outcome =
        adapter(Clock.systemUTC()).deliver(part("markdown", "**api** v42 is live"), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    JsonNode card = bot.accepted.get(0).path("card");
    assertThat(bot.accepted.get(0).path("msg_type").asText()).isEqualTo("interactive");
    assertThat(card.path("header").path("title").path("content").asText()).isEqualTo("Deploy done");
    assertThat(card.path("elements").get(0).path("tag").asText()).isEqualTo("markdown");
    assertThat(card.path("elements").get(0).path("content").asText())
        .isEqualTo("**api** v42 is live");
  }

  @Test
  void legacyStatusCodeRepliesAreUnderstood() throws Exception {
    bot.legacyReplies = true;

    DeliveryOutcome outcome =
        adapter(Clock.systemUTC()).deliver(part("text", "api v42 is live"), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
  }

  @Test
  void rateLimitIsRetried() throws Exception {
    bot.rateLimited = true;

    DeliveryOutcome outcome = adapter(Clock.systemUTC()).deliver(part("text", "x"), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Retry.class);
    assertThat(outcome.detail()).contains("11232");
  }

  @Test
  void gatewayTooManyRequestsIsRetriedButOtherBadRequestsFail() {
    FeishuAdapter adapter = adapter(Clock.systemUTC());
    ChannelHttp.Answer tooMany =
        new ChannelHttp.Answer(
            400,
            java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true),
            "{\"code\":9499,\"msg\":\"too many request\",\"data\":{}}");
    ChannelHttp.Answer bad =
        new ChannelHttp.Answer(
            400,
            java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true),
            "{\"code\":9499,\"msg\":\"Bad Request\",\"data\":{}}");

    assertThat(adapter.classify(tooMany)).isInstanceOf(DeliveryOutcome.Retry.class);
    assertThat(adapter.classify(bad)).isInstanceOf(DeliveryOutcome.Failed.class);
  }

  @Test
  void wrongSecretFails() throws Exception {
    DeliveryOutcome outcome =
        adapter(Clock.systemUTC())
            .deliver(part("text", "x"), channel("other", Duration.ofSeconds(5)));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail()).contains("19021");
  }

  @Test
  void staleTimestampFails() throws Exception {
    DeliveryOutcome outcome =
        adapter(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-61)))
            .deliver(part("text", "x"), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail()).contains("19021");
  }

  @Test
  void ipNotAllowedFails() throws Exception {
    bot.ipAllowed = false;

    DeliveryOutcome outcome = adapter(Clock.systemUTC()).deliver(part("text", "x"), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail()).contains("19022");
  }

  @Test
  void missingKeywordFails() throws Exception {
    OutboundPart noKeyword =
        new OutboundPart("m2", "m2.u1.feishu", "u1", null, null, "rollout", "text", null, 1);

    DeliveryOutcome outcome = adapter(Clock.systemUTC()).deliver(noKeyword, channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail()).contains("19024");
  }

  @Test
  void serverErrorIsRetried() throws Exception {
    server.handler(request -> Reply.text(500, "internal error"));

    DeliveryOutcome outcome = adapter(Clock.systemUTC()).deliver(part("text", "x"), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Retry.class);
  }

  @Test
  void timeoutIsRetried() throws Exception {
    server.hang();

    DeliveryOutcome outcome =
        adapter(Clock.systemUTC())
            .deliver(part("text", "x"), channel(SECRET, Duration.ofMillis(300)));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Retry.class);
  }

  @Test
  void signatureMatchesTheFixedVector() {
    // Computed independently (Python hmac with key "1700000000\nfs-secret" over b"").
    assertThat(FeishuAdapter.sign(SECRET, 1_700_000_000L))
        .isEqualTo("ognpFOmraex6LA29Ao14dsiNmmjE3YO4x5e/SX8n9Bw=");
  }
}
