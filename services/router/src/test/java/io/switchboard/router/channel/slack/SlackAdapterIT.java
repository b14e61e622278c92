package io.switchboard.router.channel.slack;

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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlackAdapterIT {

  private final SlackWebhook slack = new SlackWebhook();
  private final SlackAdapter adapter = new SlackAdapter(new ChannelHttp(), Clock.systemUTC());
  private LocalHttpServer server;

  @BeforeEach
  void start() throws Exception {
    server = LocalHttpServer.start(slack);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** No endpoint: the incoming-webhook URL is the credential, so it is in the Secret. */
  private ChannelSettings channel(String path, Duration timeout) {
    return new ChannelSettings(
        "eng", "slack", null, Map.of(), Map.of("webhookUrl", server.url(path)), timeout);
  }

  private ChannelSettings channel(String endpoint, Map<String, String> secrets) {
    return new ChannelSettings("eng", "slack", endpoint, Map.of(), secrets, Duration.ofSeconds(5));
  }

  private ChannelSettings channel() {
    return channel(SlackWebhook.PATH, Duration.ofSeconds(5));
  }

  private static OutboundPart part(String format, String body) {
    return new OutboundPart("m4", "m4.u1.slack", "u1", null, "Build #7", body, format, null, 1);
  }

  @Test
  void markdownIsConvertedAndDelivered() throws Exception {
    DeliveryOutcome outcome =
        adapter.deliver(
            part("markdown", "**passed** in 3m, see [logs](https://ci.example/7) & <more>"),
            channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(outcome.detail()).isEqualTo("HTTP 200: ok");
    JsonNode sent = slack.accepted.get(0);
    assertThat(sent.path("text").asText()).isEqualTo("Build #7");
    assertThat(sent.path("blocks").get(0).path("type").asText()).isEqualTo("header");
    assertThat(sent.path("blocks").get(1).path("text").path("text").asText())
        .isEqualTo("*passed* in 3m, see <https://ci.example/7|logs> &amp; &lt;more&gt;");
  }

  @Test
  void theWebhookUrlComesFromTheSecret() throws Exception {
    DeliveryOutcome outcome = adapter.deliver(part("text", "x"), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(server.lastRequest().rawPath()).isEqualTo(SlackWebhook.PATH);
  }

  @Test
  void aUrlWrittenIntoTheEndpointStillWorks() throws Exception {
    DeliveryOutcome outcome =
        adapter.deliver(part("text", "x"), channel(server.url(SlackWebhook.PATH), Map.of()));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
  }

  @Test
  void theSecretsUrlWinsOverTheEndpoint() throws Exception {
    DeliveryOutcome outcome =
        adapter.deliver(
            part("text", "x"),
            channel(
                server.url("/services/T000/B000/stale"),
                Map.of("webhookUrl", server.url(SlackWebhook.PATH))));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(server.lastRequest().rawPath()).isEqualTo(SlackWebhook.PATH);
  }

  @Test
  void withoutAUrlNothingIsSent() throws Exception {
    DeliveryOutcome outcome = adapter.deliver(part("text", "x"), channel(null, Map.of()));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail()).contains("webhookUrl");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aSecretUrlThatIsNotAUrlIsNotQuoted() throws Exception {
    DeliveryOutcome outcome =
        adapter.deliver(
            part("text", "x"), channel(null, Map.of("webhookUrl", "hooks.slack.com/T1/B2/s3cr3t")));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail()).contains("webhookUrl").doesNotContain("s3cr3t");
  }

  @Test
  void anAnswerQuotingTheUrlIsRedacted() throws Exception {
    server.handler(request -> Reply.text(404, "no_service: " + request.rawPath()));

    DeliveryOutcome outcome = adapter.deliver(part("text", "x"), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail()).isEqualTo("HTTP 404: no_service: ***");
  }

  @Test
  void longBodiesAreSplitIntoSections() throws Exception {
    String body = "line of the build log\n".repeat(400); // 8800 characters

    DeliveryOutcome outcome = adapter.deliver(part("text", body), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(slack.accepted.get(0).path("blocks").size()).isEqualTo(1 + 3);
  }

  @Test
  void rateLimitIsRetriedAfterRetryAfter() throws Exception {
    slack.rateLimited = true;

    DeliveryOutcome outcome = adapter.deliver(part("text", "x"), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Retry.class);
    assertThat(((DeliveryOutcome.Retry) outcome).retryAfter()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void archivedChannelFails() throws Exception {
    slack.archived = true;

    DeliveryOutcome outcome = adapter.deliver(part("text", "x"), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail()).isEqualTo("HTTP 410: channel_is_archived");
  }

  @Test
  void unknownWebhookFails() throws Exception {
    DeliveryOutcome outcome =
        adapter.deliver(
            part("text", "x"), channel("/services/T000/B000/gone", Duration.ofSeconds(5)));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail()).contains("no_service");
  }

  @Test
  void invalidPayloadFails() throws Exception {
    server.handler(request -> Reply.text(400, "invalid_payload"));

    assertThat(adapter.deliver(part("text", "x"), channel()))
        .isInstanceOf(DeliveryOutcome.Failed.class);
  }

  @Test
  void serverErrorIsRetried() throws Exception {
    server.handler(request -> Reply.text(500, "rollup_error"));

    assertThat(adapter.deliver(part("text", "x"), channel()))
        .isInstanceOf(DeliveryOutcome.Retry.class);
  }

  @Test
  void timeoutIsRetried() throws Exception {
    server.hang();

    assertThat(
            adapter.deliver(part("text", "x"), channel(SlackWebhook.PATH, Duration.ofMillis(300))))
        .isInstanceOf(DeliveryOutcome.Retry.class);
  }
}
