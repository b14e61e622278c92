package io.switchboard.router.channel.dingtalk;

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

class DingTalkAdapterIT {

  private static final String SECRET = "SEC0123456789abcdef";

  private final DingTalkRobot robot = new DingTalkRobot(SECRET, "告警");
  private LocalHttpServer server;

  @BeforeEach
  void start() throws Exception {
    server = LocalHttpServer.start(robot);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** The endpoint is the bare robot API; the token and the signing secret are in the Secret. */
  private ChannelSettings channel(String secret, Map<String, String> settings, Duration timeout) {
    Map<String, String> secrets = new HashMap<>();
    secrets.put("accessToken", DingTalkRobot.TOKEN);
    if (secret != null) {
      secrets.put("secret", secret);
    }
    return new ChannelSettings(
        "ops-robot", "dingtalk", server.url("/robot/send"), settings, secrets, timeout);
  }

  private ChannelSettings channel(String endpoint, Map<String, String> secrets) {
    return new ChannelSettings(
        "ops-robot", "dingtalk", endpoint, Map.of(), secrets, Duration.ofSeconds(5));
  }

  private ChannelSettings channel() {
    return channel(SECRET, Map.of(), Duration.ofSeconds(5));
  }

  private static OutboundPart part(String format, String body, Map<String, Object> data) {
    return new OutboundPart("m1", "m1.u1.dingtalk", "u1", null, "告警: disk", body, format, data, 1);
  }

  private static DingTalkAdapter adapter(Clock clock) {
    return new DingTalkAdapter(new ChannelHttp(), clock);
  }

  @Test
  void signedTextIsDelivered() throws Exception {
    DeliveryOutcome outcome =
        adapter(Clock.systemUTC()).deliver(part("text", "disk 91% on db-1", null), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    JsonNode sent = robot.accepted.get(0);
    assertThat(sent.path("msgtype").asText()).isEqualTo("text");
    assertThat(sent.path("text").path("content").asText())
        .isEqualTo("告警: disk\n\ndisk 91% on db-1");
  }

  @Test
  void theTokenComesFromTheSecret() throws Exception {
    DeliveryOutcome outcome =
        adapter(Clock.systemUTC()).deliver(part("text", "disk 91% on db-1", null), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(server.lastRequest().rawPath()).isEqualTo("/robot/send");
    assertThat(server.lastRequest().query().get("access_token"))
        .containsExactly(DingTalkRobot.TOKEN);
  }

  @Test
  void aTokenWrittenIntoTheEndpointStillWorks() throws Exception {
    DeliveryOutcome outcome =
        adapter(Clock.systemUTC())
            .deliver(
                part("text", "x", null),
                channel(
                    server.url("/robot/send?access_token=" + DingTalkRobot.TOKEN),
                    Map.of("secret", SECRET)));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
  }

  @Test
  void theSecretsTokenWinsOverTheEndpoints() throws Exception {
    DeliveryOutcome outcome =
        adapter(Clock.systemUTC())
            .deliver(
                part("text", "x", null),
                channel(
                    server.url("/robot/send?access_token=stale-token"),
                    Map.of("accessToken", DingTalkRobot.TOKEN, "secret", SECRET)));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(server.lastRequest().query().get("access_token"))
        .containsExactly(DingTalkRobot.TOKEN);
  }

  @Test
  void withoutATokenNothingIsSent() throws Exception {
    DeliveryOutcome outcome =
        adapter(Clock.systemUTC())
            .deliver(
                part("text", "x", null),
                channel(server.url("/robot/send"), Map.of("secret", SECRET)));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail()).contains("accessToken");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void anAnswerQuotingTheTokenIsRedacted() throws Exception {
    server.handler(
        request ->
            Reply.json(
                200,
                "{\"errcode\":300001,\"errmsg\":\"token is not exist: "
                    + request.rawQuery()
                    + "\"}"));

    DeliveryOutcome outcome =
        adapter(Clock.systemUTC()).deliver(part("text", "x", null), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail())
        .contains("300001")
        .contains("access_token=***")
        .doesNotContain(DingTalkRobot.TOKEN);
  }

  @Test
  void anEndpointThatIsNotAUrlIsReportedWithoutItsToken() throws Exception {
    DeliveryOutcome outcome =
        adapter(Clock.systemUTC())
            .deliver(
                part("text", "x", null),
                channel(
                    "oapi.dingtalk.com/robot/send?access_token=" + DingTalkRobot.TOKEN, Map.of()));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail()).doesNotContain(DingTalkRobot.TOKEN);
  }

  @Test
  void markdownGoesAsMarkdownWithATitle() throws Exception {
    DeliveryOutcome outcome =
        adapter(Clock.systemUTC()).deliver(part("markdown", "**disk** at 91%", null), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    JsonNode markdown = robot.accepted.get(0).path("markdown");
    assertThat(markdown.path("title").asText()).isEqualTo("告警: disk");
    assertThat(markdown.path("text").asText()).isEqualTo("### 告警: disk\n\n**disk** at 91%");
  }

  @Test
  void actionCardWhenTheChannelSaysSo() throws Exception {
    DeliveryOutcome outcome =
        adapter(Clock.systemUTC())
            .deliver(
                part("markdown", "see the graph", Map.of("url", "https://grafana.example/d/1")),
                channel(SECRET, Map.of("msgtype", "actionCard"), Duration.ofSeconds(5)));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    JsonNode card = robot.accepted.get(0).path("actionCard");
    assertThat(card.path("singleURL").asText()).isEqualTo("https://grafana.example/d/1");
    assertThat(card.path("singleTitle").asText()).isEqualTo("View details");
  }

  @Test
  void actionCardWithoutALinkFailsBeforeSending() throws Exception {
    DeliveryOutcome outcome =
        adapter(Clock.systemUTC())
            .deliver(
                part("markdown", "see the graph", null),
                channel(SECRET, Map.of("msgtype", "actionCard"), Duration.ofSeconds(5)));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void rateLimitCodesAreRetried() throws Exception {
    for (long code : new long[] {130101, 410100}) {
      robot.rateLimitCode = code;

      DeliveryOutcome outcome =
          adapter(Clock.systemUTC()).deliver(part("text", "x", null), channel());

      assertThat(outcome).isInstanceOf(DeliveryOutcome.Retry.class);
      assertThat(outcome.detail()).contains(Long.toString(code));
    }
  }

  @Test
  void wrongSecretFails() throws Exception {
    DeliveryOutcome outcome =
        adapter(Clock.systemUTC())
            .deliver(part("text", "x", null), channel("SECwrong", Map.of(), Duration.ofSeconds(5)));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail()).contains("310000").contains("sign not match");
  }

  @Test
  void missingSignatureFails() throws Exception {
    DeliveryOutcome outcome =
        adapter(Clock.systemUTC())
            .deliver(part("text", "x", null), channel(null, Map.of(), Duration.ofSeconds(5)));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
  }

  @Test
  void staleTimestampFails() throws Exception {
    Clock twoHoursAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-2));

    DeliveryOutcome outcome = adapter(twoHoursAgo).deliver(part("text", "x", null), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail()).contains("310000");
  }

  @Test
  void missingKeywordFails() throws Exception {
    OutboundPart noKeyword =
        new OutboundPart("m1", "m1.u1.dingtalk", "u1", null, null, "disk", "text", null, 1);

    DeliveryOutcome outcome = adapter(Clock.systemUTC()).deliver(noKeyword, channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail()).contains("keywords not in content");
  }

  @Test
  void serverErrorIsRetried() throws Exception {
    server.handler(request -> Reply.text(502, "bad gateway"));

    DeliveryOutcome outcome =
        adapter(Clock.systemUTC()).deliver(part("text", "x", null), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Retry.class);
  }

  @Test
  void timeoutIsRetried() throws Exception {
    server.hang();

    DeliveryOutcome outcome =
        adapter(Clock.systemUTC())
            .deliver(part("text", "x", null), channel(SECRET, Map.of(), Duration.ofMillis(300)));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Retry.class);
  }

  @Test
  void signatureMatchesTheFixedVectorUrlEncoded() {
    // Computed independently (Python hmac, base64, urllib.parse.quote_plus).
    assertThat(DingTalkAdapter.sign(SECRET, 1_700_000_000_001L))
        .isEqualTo("h9I8htdbvJCasKF0f8Gu%2Ba2Cr5fjl9T%2Bpzb6hx3n%2BpE%3D");
  }
}
