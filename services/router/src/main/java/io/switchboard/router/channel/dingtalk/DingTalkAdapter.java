package io.switchboard.router.channel.dingtalk;

import io.switchboard.router.channel.BotEndpoint;
import io.switchboard.router.channel.BotReply;
import io.switchboard.router.channel.BotText;
import io.switchboard.router.channel.ChannelAdapter;
import io.switchboard.router.channel.ChannelHttp;
import io.switchboard.router.channel.ChannelSettings;
import io.switchboard.router.channel.DeliveryOutcome;
import io.switchboard.router.channel.OutboundPart;
import io.switchboard.router.channel.Redaction;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code dingtalk}: a DingTalk custom robot (自定义机器人). The endpoint is the robot API ({@value
 * #DEFAULT_ENDPOINT} when the Channel has none); the robot's {@code access_token} comes from the
 * Secret's {@value #ACCESS_TOKEN} (an {@code access_token} still written into the endpoint is used
 * when the Secret has none). With the Secret's {@value #SIGNING_SECRET} (加签) the request carries
 * {@code timestamp} (ms) and {@code sign} query parameters. Message type by format — {@code text}
 * or {@code markdown} — or as the {@code msgtype} setting says ({@code text}, {@code markdown},
 * {@code actionCard}).
 */
@Singleton
public class DingTalkAdapter implements ChannelAdapter {

  /** Answers that mean "later": system busy, and both rate-limit codes (20 messages a minute). */
  static final Set<Long> RETRY_CODES = Set.of(-1L, 130101L, 410100L);

  private static final BotReply REPLY =
      new BotReply(
          "dingtalk",
          (code, message) -> RETRY_CODES.contains(code),
          new String[] {"errcode", "errmsg"});

  /** The robot API, without a token. */
  public static final String DEFAULT_ENDPOINT = "https://oapi.dingtalk.com/robot/send";

  /** Secret key of the robot's access token. */
  public static final String ACCESS_TOKEN = "accessToken";

  /** Secret key of the signing secret (加签). */
  public static final String SIGNING_SECRET = "secret";

  static final String TOKEN_PARAMETER = "access_token";

  private final ChannelHttp http;
  private final Clock clock;

  public DingTalkAdapter(ChannelHttp http, Clock clock) {
    this.http = http;
    this.clock = clock;
  }

  @Override
  public String type() {
    return "dingtalk";
  }

  @Override
  public DeliveryOutcome deliver(OutboundPart part, ChannelSettings channel)
      throws InterruptedException {
    URI endpoint = BotEndpoint.base(channel.endpoint(), DEFAULT_ENDPOINT);
    String inline = endpoint == null ? null : BotEndpoint.queryParameter(endpoint, TOKEN_PARAMETER);
    return Redaction.scrub(
        attempt(part, channel, endpoint, inline), Redaction.credentials(channel, inline));
  }

  private DeliveryOutcome attempt(
      OutboundPart part, ChannelSettings channel, URI endpoint, String inlineToken)
      throws InterruptedException {
    String token = BotEndpoint.credential(channel, ACCESS_TOKEN);
    DeliveryOutcome unusable =
        BotEndpoint.unusable(channel, endpoint, token, inlineToken, "access token", ACCESS_TOKEN);
    if (unusable != null) {
      return unusable;
    }
    URI robot =
        token == null ? endpoint : BotEndpoint.withQueryParameter(endpoint, TOKEN_PARAMETER, token);
    Map<String, Object> message;
    try {
      message = message(part, channel);
    } catch (IllegalArgumentException e) {
      return new DeliveryOutcome.Failed(e.getMessage());
    }
    String secret = channel.secret(SIGNING_SECRET);
    URI target = robot;
    if (secret != null && !secret.isEmpty()) {
      long timestamp = clock.millis();
      String query = "timestamp=" + timestamp + "&sign=" + sign(secret, timestamp);
      target = URI.create(robot + (robot.getRawQuery() == null ? "?" : "&") + query);
    }
    return http.sendJson(target, message, channel.timeout(), this::classify);
  }

  DeliveryOutcome classify(ChannelHttp.Answer answer) {
    return REPLY.classify(answer, clock);
  }

  /** The JSON message. */
  static Map<String, Object> message(OutboundPart part, ChannelSettings channel) {
    String msgtype = channel.setting("msgtype", BotText.isMarkdown(part) ? "markdown" : "text");
    Map<String, Object> message = new LinkedHashMap<>();
    switch (msgtype) {
      case "text" -> {
        message.put("msgtype", "text");
        message.put("text", Map.of("content", BotText.plainText(part)));
      }
      case "markdown" -> {
        message.put("msgtype", "markdown");
        message.put(
            "markdown",
            Map.of("title", BotText.title(part, 64), "text", BotText.markdown(part, 3)));
      }
      case "actionCard" -> {
        Object url = part.data().get("url");
        String singleUrl = url != null ? url.toString() : channel.setting("singleURL", null);
        if (ChannelHttp.httpUri(singleUrl) == null) {
          throw new IllegalArgumentException(
              "actionCard needs a link: a 'url' in the data or the 'singleURL' setting");
        }
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("title", BotText.title(part, 64));
        card.put("text", BotText.markdown(part, 3));
        card.put("singleTitle", channel.setting("singleTitle", "View details"));
        card.put("singleURL", singleUrl);
        message.put("msgtype", "actionCard");
        message.put("actionCard", card);
      }
      default -> throw new IllegalArgumentException("unknown dingtalk msgtype " + msgtype);
    }
    if ("true".equalsIgnoreCase(channel.setting("atAll", "false"))) {
      message.put("at", Map.of("isAtAll", true));
    }
    return message;
  }

  /** URL-encoded Base64 of HmacSHA256(key = secret, data = timestamp + "\n" + secret). */
  static String sign(String secret, long timestampMillis) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest =
          mac.doFinal((timestampMillis + "\n" + secret).getBytes(StandardCharsets.UTF_8));
      return URLEncoder.encode(Base64.getEncoder().encodeToString(digest), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
