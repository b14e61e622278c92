package io.switchboard.router.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.notify.auth.SigningString;
import io.switchboard.router.channel.dingtalk.DingTalkAdapter;
import io.switchboard.router.channel.feishu.FeishuAdapter;
import io.switchboard.router.channel.slack.SlackAdapter;
import io.switchboard.router.channel.webhook.WebhookAdapter;
import io.switchboard.router.channel.wecom.WeComAdapter;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Where each bot adapter posts: the vendor's default endpoint when the Channel has none, the
 * credential from the Channel's Secret (winning over one written into the endpoint), and no
 * credential in an outcome's detail, whatever the far side or the network said. No request leaves
 * the test: {@link RecordingHttp} records the URL and answers.
 */
class BotAdapterUrlsTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

  private static final String DINGTALK_OK = "{\"errcode\":0,\"errmsg\":\"ok\"}";
  private static final String FEISHU_OK = "{\"code\":0,\"msg\":\"success\"}";

  private static OutboundPart part() {
    return new OutboundPart("m1", "m1.u1.bot", "u1", null, "Subject", "body", "text", null, 1);
  }

  private static ChannelSettings channel(
      String type, String endpoint, Map<String, String> secrets) {
    return new ChannelSettings("bot", type, endpoint, Map.of(), secrets, Duration.ofSeconds(5));
  }

  @Test
  void dingtalkDefaultsToTheRobotApiWithTheTokenFromTheSecret() throws Exception {
    RecordingHttp http = RecordingHttp.answering(200, DINGTALK_OK);

    DeliveryOutcome outcome =
        new DingTalkAdapter(http, CLOCK)
            .deliver(part(), channel("dingtalk", null, Map.of("accessToken", " a1b2c3d4e5\n")));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(http.uris())
        .containsExactly(
            URI.create("https://oapi.dingtalk.com/robot/send?access_token=a1b2c3d4e5"));
  }

  @Test
  void dingtalkReplacesATokenInTheEndpointAndSignsAfterIt() throws Exception {
    RecordingHttp http = RecordingHttp.answering(200, DINGTALK_OK);

    new DingTalkAdapter(http, CLOCK)
        .deliver(
            part(),
            channel(
                "dingtalk",
                "https://oapi.dingtalk.com/robot/send?access_token=old&x=1",
                Map.of("accessToken", "new/token", "secret", "SECabc")));

    URI sent = http.uris().get(0);
    assertThat(sent.getRawPath()).isEqualTo("/robot/send");
    assertThat(sent.getRawQuery()).startsWith("x=1&access_token=new%2Ftoken&timestamp=");
    Map<String, List<String>> query = SigningString.parseQuery(sent.getRawQuery());
    assertThat(query.keySet()).containsExactly("x", "access_token", "timestamp", "sign");
    assertThat(query.get("timestamp")).containsExactly(Long.toString(CLOCK.millis()));
  }

  @Test
  void wecomDefaultsToTheWebhookApiWithTheKeyFromTheSecret() throws Exception {
    RecordingHttp http = RecordingHttp.answering(200, DINGTALK_OK);

    DeliveryOutcome outcome =
        new WeComAdapter(http, CLOCK)
            .deliver(part(), channel("wecom", "", Map.of("key", "693a91f6-7xxx")));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(http.uris())
        .containsExactly(
            URI.create("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx"));
  }

  @Test
  void feishuDefaultsToTheHookApiWithTheHookIdFromTheSecret() throws Exception {
    RecordingHttp http = RecordingHttp.answering(200, FEISHU_OK);

    DeliveryOutcome outcome =
        new FeishuAdapter(http, CLOCK)
            .deliver(part(), channel("feishu", null, Map.of("hookId", "0f5e6a1c-hook")));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(http.uris())
        .containsExactly(URI.create("https://open.feishu.cn/open-apis/bot/v2/hook/0f5e6a1c-hook"));
  }

  @Test
  void feishuAppendsTheHookIdToALarkEndpointAndReplacesAnOldOne() throws Exception {
    RecordingHttp http = RecordingHttp.answering(200, FEISHU_OK);
    FeishuAdapter adapter = new FeishuAdapter(http, CLOCK);

    adapter.deliver(
        part(),
        channel(
            "feishu",
            "https://open.larksuite.com/open-apis/bot/v2/hook/",
            Map.of("hookId", "id1")));
    adapter.deliver(
        part(),
        channel(
            "feishu",
            "https://open.feishu.cn/open-apis/bot/v2/hook/old-id",
            Map.of("hookId", "id2")));

    assertThat(http.uris())
        .containsExactly(
            URI.create("https://open.larksuite.com/open-apis/bot/v2/hook/id1"),
            URI.create("https://open.feishu.cn/open-apis/bot/v2/hook/id2"));
  }

  @Test
  void slackPostsToTheSecretsWebhookUrl() throws Exception {
    RecordingHttp http = RecordingHttp.answering(200, "ok");

    DeliveryOutcome outcome =
        new SlackAdapter(http, CLOCK)
            .deliver(
                part(),
                channel(
                    "slack",
                    "https://slack.com/api/chat.postMessage",
                    Map.of("webhookUrl", "https://hooks.slack.com/services/T1/B2/s3cr3t")));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(http.uris())
        .containsExactly(URI.create("https://hooks.slack.com/services/T1/B2/s3cr3t"));
  }

  @Test
  void aBotWithoutItsCredentialSendsNothing() throws Exception {
    RecordingHttp http = RecordingHttp.answering(200, DINGTALK_OK);

    assertThat(
            new DingTalkAdapter(http, CLOCK).deliver(part(), channel("dingtalk", null, Map.of())))
        .isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(new WeComAdapter(http, CLOCK).deliver(part(), channel("wecom", null, Map.of())))
        .isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(new FeishuAdapter(http, CLOCK).deliver(part(), channel("feishu", null, Map.of())))
        .isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(new SlackAdapter(http, CLOCK).deliver(part(), channel("slack", null, Map.of())))
        .isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(http.uris()).isEmpty();
  }

  /** An I/O error whose message quotes the whole URL, token included. */
  private static RecordingHttp failingWithTheUrl() {
    return new RecordingHttp(
        uri -> {
          throw new IOException("cannot reach " + uri);
        });
  }

  @Test
  void noCredentialSurvivesInTheDetailOfAnIoError() throws Exception {
    Map<String, Function<RecordingHttp, ChannelAdapter>> adapters =
        Map.of(
            "dingtalk", http -> new DingTalkAdapter(http, CLOCK),
            "wecom", http -> new WeComAdapter(http, CLOCK),
            "feishu", http -> new FeishuAdapter(http, CLOCK),
            "slack", http -> new SlackAdapter(http, CLOCK),
            "webhook", http -> new WebhookAdapter(http, CLOCK));
    Map<String, ChannelSettings> channels =
        Map.of(
            "dingtalk",
            channel("dingtalk", null, Map.of("accessToken", "TOKEN-dt-1", "secret", "SIGN-dt-1")),
            "wecom",
            channel("wecom", null, Map.of("key", "KEY-wc-1")),
            "feishu",
            channel("feishu", null, Map.of("hookId", "HOOK-fs-1", "secret", "SIGN-fs-1")),
            "slack",
            channel(
                "slack",
                null,
                Map.of("webhookUrl", "https://hooks.slack.com/services/T1/B2/URL-sl-1")),
            "webhook",
            channel("webhook", "https://hooks.example/in?token=TOKEN-wh-1", Map.of()));

    for (String type : adapters.keySet()) {
      DeliveryOutcome outcome =
          adapters.get(type).apply(failingWithTheUrl()).deliver(part(), channels.get(type));

      assertThat(outcome).as(type).isInstanceOf(DeliveryOutcome.Retry.class);
      assertThat(outcome.detail())
          .as(type)
          .startsWith("I/O error: cannot reach ")
          .doesNotContain("TOKEN-", "KEY-", "HOOK-", "URL-", "SIGN-");
    }
  }

  @Test
  void inlineCredentialsAreRedactedToo() throws Exception {
    DeliveryOutcome dingtalk =
        new DingTalkAdapter(failingWithTheUrl(), CLOCK)
            .deliver(
                part(),
                channel(
                    "dingtalk",
                    "https://oapi.dingtalk.com/robot/send?access_token=T0K3N",
                    Map.of()));
    DeliveryOutcome feishu =
        new FeishuAdapter(failingWithTheUrl(), CLOCK)
            .deliver(
                part(),
                channel("feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/H00K1D", Map.of()));
    DeliveryOutcome slack =
        new SlackAdapter(failingWithTheUrl(), CLOCK)
            .deliver(
                part(),
                channel("slack", "https://hooks.slack.com/services/T1/B2/S3CR3T", Map.of()));

    assertThat(dingtalk.detail()).doesNotContain("T0K3N");
    assertThat(feishu.detail()).doesNotContain("H00K1D");
    assertThat(slack.detail()).doesNotContain("S3CR3T");
  }
}
