package io.switchboard.router.channel.wecom;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.router.channel.BotEndpoint;
import io.switchboard.router.channel.BotText;
import io.switchboard.router.channel.ChannelAdapter;
import io.switchboard.router.channel.ChannelHttp;
import io.switchboard.router.channel.ChannelSettings;
import io.switchboard.router.channel.DeliveryOutcome;
import io.switchboard.router.channel.HttpOutcomes;
import io.switchboard.router.channel.OutboundPart;
import io.switchboard.router.channel.PlainText;
import io.switchboard.router.channel.Redaction;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * {@code wecom}: a WeCom (企业微信) group robot. The endpoint is the webhook API ({@value
 * #DEFAULT_ENDPOINT} when the Channel has none); the robot's {@code key}, its only credential,
 * comes from the Secret's {@value #KEY} (a {@code key} still written into the endpoint is used when
 * the Secret has none). Message type by format — {@code text} or {@code markdown} — or the {@code
 * msgtype} setting. Content is cut to WeCom's limits (2048 bytes of text, 4096 of markdown).
 */
@Singleton
public class WeComAdapter implements ChannelAdapter {

  static final int TEXT_MAX_BYTES = 2048;
  static final int MARKDOWN_MAX_BYTES = 4096;

  /** System busy, and "api freq out of limit" (20 messages a minute per robot). */
  static final Set<Long> RETRY_CODES = Set.of(-1L, 45009L);

  /** The webhook API, without a key. */
  public static final String DEFAULT_ENDPOINT = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send";

  /** Secret key (and query parameter) of the robot's key. */
  public static final String KEY = "key";

  private final ChannelHttp http;
  private final Clock clock;

  public WeComAdapter(ChannelHttp http, Clock clock) {
    this.http = http;
    this.clock = clock;
  }

  @Override
  public String type() {
    return "wecom";
  }

  @Override
  public DeliveryOutcome deliver(OutboundPart part, ChannelSettings channel)
      throws InterruptedException {
    URI endpoint = BotEndpoint.base(channel.endpoint(), DEFAULT_ENDPOINT);
    String inline = endpoint == null ? null : BotEndpoint.queryParameter(endpoint, KEY);
    return Redaction.scrub(
        attempt(part, channel, endpoint, inline), Redaction.credentials(channel, inline));
  }

  private DeliveryOutcome attempt(
      OutboundPart part, ChannelSettings channel, URI endpoint, String inlineKey)
      throws InterruptedException {
    if (endpoint == null) {
      return new DeliveryOutcome.Failed(
          "endpoint is not an http(s) URL: " + Redaction.origin(channel.endpoint()));
    }
    String key = BotEndpoint.credential(channel, KEY);
    if (key == null && inlineKey == null) {
      return new DeliveryOutcome.Failed("no robot key: the Channel's secret has no '" + KEY + "'");
    }
    URI robot = key == null ? endpoint : BotEndpoint.withQueryParameter(endpoint, KEY, key);
    String msgtype = channel.setting("msgtype", BotText.isMarkdown(part) ? "markdown" : "text");
    Map<String, Object> message;
    switch (msgtype) {
      case "text" ->
          message =
              Map.of(
                  "msgtype",
                  "text",
                  "text",
                  Map.of(
                      "content", PlainText.truncateUtf8(BotText.plainText(part), TEXT_MAX_BYTES)));
      case "markdown" ->
          message =
              Map.of(
                  "msgtype",
                  "markdown",
                  "markdown",
                  Map.of(
                      "content",
                      PlainText.truncateUtf8(BotText.markdown(part, 3), MARKDOWN_MAX_BYTES)));
      default -> {
        return new DeliveryOutcome.Failed("unknown wecom msgtype " + msgtype);
      }
    }
    ChannelHttp.Answer answer;
    try {
      answer = http.postJson(robot, message, Map.of(), channel.timeout());
    } catch (IOException e) {
      return HttpOutcomes.unreachable(e);
    }
    return classify(answer);
  }

  DeliveryOutcome classify(ChannelHttp.Answer answer) {
    if (HttpOutcomes.isRetryable(answer.status())) {
      return HttpOutcomes.forStatus(answer, clock);
    }
    JsonNode reply = answer.jsonObject();
    if (reply == null || !reply.path("errcode").isIntegralNumber()) {
      return answer.status() / 100 == 2
          ? new DeliveryOutcome.Failed("unexpected answer: " + HttpOutcomes.describe(answer))
          : HttpOutcomes.forStatus(answer, clock);
    }
    long code = reply.path("errcode").asLong();
    String detail = "wecom errcode " + code + ": " + reply.path("errmsg").asText("");
    if (code == 0) {
      return new DeliveryOutcome.Delivered(detail);
    }
    if (RETRY_CODES.contains(code)) {
      return new DeliveryOutcome.Retry(detail, null);
    }
    return new DeliveryOutcome.Failed(detail);
  }
}
