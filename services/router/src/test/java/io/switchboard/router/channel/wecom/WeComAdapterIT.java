package io.switchboard.router.channel.wecom;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.channel.ChannelHttp;
import io.switchboard.router.channel.ChannelSettings;
import io.switchboard.router.channel.DeliveryOutcome;
import io.switchboard.router.channel.LocalHttpServer;
import io.switchboard.router.channel.LocalHttpServer.Reply;
import io.switchboard.router.channel.OutboundPart;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WeComAdapterIT {

  private final WeComRobot robot = new WeComRobot();
  private final WeComAdapter adapter = new WeComAdapter(new ChannelHttp(), Clock.systemUTC());
  private LocalHttpServer server;

  @BeforeEach
  void start() throws Exception {
    server = LocalHttpServer.start(robot);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** The endpoint is the bare webhook API; the key is in the Secret. */
  private ChannelSettings channel(String key, Duration timeout) {
    return new ChannelSettings(
        "oncall",
        "wecom",
        server.url("/cgi-bin/webhook/send"),
        Map.of(),
        Map.of("key", key),
        timeout);
  }

  private ChannelSettings channel(String endpoint, Map<String, String> secrets) {
    return new ChannelSettings(
        "oncall", "wecom", endpoint, Map.of(), secrets, Duration.ofSeconds(5));
  }

  private ChannelSettings channel() {
    return channel(WeComRobot.KEY, Duration.ofSeconds(5));
  }

  private static OutboundPart part(String format, String body) {
    return new OutboundPart("m3", "m3.u1.wecom", "u1", null, "Backup", body, format, null, 1);
  }

  @Test
  void textIsDelivered() throws Exception {
    DeliveryOutcome outcome = adapter.deliver(part("text", "nightly backup ok"), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(robot.accepted.get(0).path("msgtype").asText()).isEqualTo("text");
    assertThat(robot.accepted.get(0).path("text").path("content").asText())
        .isEqualTo("Backup\n\nnightly backup ok");
  }

  @Test
  void theKeyComesFromTheSecret() throws Exception {
    DeliveryOutcome outcome = adapter.deliver(part("text", "x"), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(server.lastRequest().rawPath()).isEqualTo("/cgi-bin/webhook/send");
    assertThat(server.lastRequest().query().get("key")).containsExactly(WeComRobot.KEY);
  }

  @Test
  void aKeyWrittenIntoTheEndpointStillWorks() throws Exception {
    DeliveryOutcome outcome =
        adapter.deliver(
            part("text", "x"),
            channel(server.url("/cgi-bin/webhook/send?key=" + WeComRobot.KEY), Map.of()));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
  }

  @Test
  void theSecretsKeyWinsOverTheEndpoints() throws Exception {
    DeliveryOutcome outcome =
        adapter.deliver(
            part("text", "x"),
            channel(
                server.url("/cgi-bin/webhook/send?key=stale-key"), Map.of("key", WeComRobot.KEY)));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(server.lastRequest().query().get("key")).containsExactly(WeComRobot.KEY);
  }

  @Test
  void withoutAKeyNothingIsSent() throws Exception {
    DeliveryOutcome outcome =
        adapter.deliver(part("text", "x"), channel(server.url("/cgi-bin/webhook/send"), Map.of()));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail()).contains("'key'");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void anAnswerQuotingTheKeyIsRedacted() throws Exception {
    server.handler(
        request ->
            Reply.json(
                200,
                "{\"errcode\":93000,\"errmsg\":\"invalid webhook url: "
                    + request.rawQuery()
                    + "\"}"));

    DeliveryOutcome outcome = adapter.deliver(part("text", "x"), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail())
        .contains("93000")
        .contains("key=***")
        .doesNotContain(WeComRobot.KEY);
  }

  @Test
  void markdownIsDelivered() throws Exception {
    DeliveryOutcome outcome = adapter.deliver(part("markdown", "**ok** in 3m"), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(robot.accepted.get(0).path("markdown").path("content").asText())
        .isEqualTo("### Backup\n\n**ok** in 3m");
  }

  @Test
  void htmlIsSentAsText() throws Exception {
    DeliveryOutcome outcome =
        adapter.deliver(part("html", "<p>nightly <b>backup</b> ok</p>"), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(robot.accepted.get(0).path("text").path("content").asText())
        .isEqualTo("Backup\n\nnightly backup ok");
  }

  @Test
  void contentIsCutToTheVendorLimit() throws Exception {
    DeliveryOutcome outcome = adapter.deliver(part("markdown", "备份".repeat(2000)), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    String content = robot.accepted.get(0).path("markdown").path("content").asText();
    assertThat(content.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
    assertThat(content).endsWith("…");
  }

  @Test
  void rateLimitIsRetried() throws Exception {
    robot.rateLimited = true;

    DeliveryOutcome outcome = adapter.deliver(part("text", "x"), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Retry.class);
    assertThat(outcome.detail()).contains("45009");
  }

  @Test
  void invalidKeyFails() throws Exception {
    DeliveryOutcome outcome =
        adapter.deliver(part("text", "x"), channel("wrong-key", Duration.ofSeconds(5)));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail()).contains("93000");
  }

  @Test
  void serverErrorIsRetried() throws Exception {
    server.handler(request -> Reply.text(503, "busy"));

    assertThat(adapter.deliver(part("text", "x"), channel()))
        .isInstanceOf(DeliveryOutcome.Retry.class);
  }

  @Test
  void timeoutIsRetried() throws Exception {
    server.hang();

    DeliveryOutcome outcome =
        adapter.deliver(part("text", "x"), channel(WeComRobot.KEY, Duration.ofMillis(300)));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Retry.class);
  }
}
