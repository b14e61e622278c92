package io.switchboard.router.channel.wecom;

import io.switchboard.router.channel.BotEndpoint;
import io.switchboard.router.channel.BotReply;
import io.switchboard.router.channel.BotText;
import io.switchboard.router.channel.ChannelAdapter;
import io.switchboard.router.channel.ChannelHttp;
import io.switchboard.router.channel.ChannelSettings;
import io.switchboard.router.channel.DeliveryOutcome;
import io.switchboard.router.channel.OutboundPart;
import io.switchboard.router.channel.PlainText;
import io.switchboard.router.channel.Redaction;
import jakarta.inject.Singleton;
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

  private static final BotReply REPLY =
      new BotReply(
          "wecom",
          (code, message) -> RETRY_CODES.contains(code),
          new String[] {"errcode", "errmsg"});

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
    String key = BotEndpoint.credential(channel, KEY);
    DeliveryOutcome unusable =
        BotEndpoint.unusable(channel, endpoint, key, inlineKey, "robot key", KEY);
    if (unusable != null) {
      return unusable;
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
    return http.sendJson(robot, message, channel.timeout(), this::classify);
  }

  DeliveryOutcome classify(ChannelHttp.Answer answer) {
    return REPLY.classify(answer, clock);
  }
}
