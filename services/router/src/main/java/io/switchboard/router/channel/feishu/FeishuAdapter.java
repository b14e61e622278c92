package io.switchboard.router.channel.feishu;

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
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code feishu}: a Feishu / Lark custom bot. The endpoint is the hook API ({@value
 * #DEFAULT_ENDPOINT} when the Channel has none, or the Lark host); the bot's hook id comes from the
 * Secret's {@value #HOOK_ID} and is appended as the last path segment (an endpoint that still ends
 * with {@code /hook/<id>} is used as it is when the Secret has none). With the Secret's {@value
 * #SIGNING_SECRET} (签名校验) the body carries {@code timestamp} (seconds) and {@code sign}. Text parts
 * go as {@code msg_type: text}; markdown parts as an interactive card with a markdown element (or
 * as the {@code msgtype} setting says: {@code text}, {@code interactive}).
 */
@Singleton
public class FeishuAdapter implements ChannelAdapter {

  /** The custom bot's rate limit (100 a minute, 5 a second per bot). */
  static final long RATE_LIMITED = 11232;

  /**
   * "Bad Request": a malformed body, unless the message says the gateway is limiting the rate ("too
   * many request").
   */
  static final long BAD_REQUEST = 9499;

  /** {@code code}/{@code msg}; the gateway's older {@code StatusCode}/{@code StatusMessage}. */
  private static final BotReply REPLY =
      new BotReply(
          "feishu",
          (code, message) ->
              code == RATE_LIMITED
                  || (code == BAD_REQUEST && message.toLowerCase(Locale.ROOT).contains("too many")),
          new String[] {"code", "msg"},
          new String[] {"StatusCode", "StatusMessage"});

  /** The hook API, without a hook id. */
  public static final String DEFAULT_ENDPOINT = "https://open.feishu.cn/open-apis/bot/v2/hook";

  /** Secret key of the bot's hook id (the token in its webhook URL). */
  public static final String HOOK_ID = "hookId";

  /** Secret key of the signing secret (签名校验). */
  public static final String SIGNING_SECRET = "secret";

  /** The path segment the hook id follows. */
  static final String HOOK_SEGMENT = "hook";

  private final ChannelHttp http;
  private final Clock clock;

  public FeishuAdapter(ChannelHttp http, Clock clock) {
    this.http = http;
    this.clock = clock;
  }

  @Override
  public String type() {
    return "feishu";
  }

  @Override
  public DeliveryOutcome deliver(OutboundPart part, ChannelSettings channel)
      throws InterruptedException {
    URI endpoint = BotEndpoint.base(channel.endpoint(), DEFAULT_ENDPOINT);
    String inline = endpoint == null ? null : BotEndpoint.lastSegmentAfter(endpoint, HOOK_SEGMENT);
    return Redaction.scrub(
        attempt(part, channel, endpoint, inline), Redaction.credentials(channel, inline));
  }

  private DeliveryOutcome attempt(
      OutboundPart part, ChannelSettings channel, URI endpoint, String inlineHookId)
      throws InterruptedException {
    String hookId = BotEndpoint.credential(channel, HOOK_ID);
    DeliveryOutcome unusable =
        BotEndpoint.unusable(channel, endpoint, hookId, inlineHookId, "hook id", HOOK_ID);
    if (unusable != null) {
      return unusable;
    }
    URI bot =
        hookId == null
            ? endpoint
            : BotEndpoint.withPathSegment(
                inlineHookId == null ? endpoint : BotEndpoint.withoutLastSegment(endpoint), hookId);
    String msgtype = channel.setting("msgtype", BotText.isMarkdown(part) ? "interactive" : "text");
    Map<String, Object> message = new LinkedHashMap<>();
    String secret = channel.secret(SIGNING_SECRET);
    if (secret != null && !secret.isEmpty()) {
      long timestamp = clock.instant().getEpochSecond();
      message.put("timestamp", Long.toString(timestamp));
      message.put("sign", sign(secret, timestamp));
    }
    switch (msgtype) {
      case "text" -> {
        message.put("msg_type", "text");
        message.put("content", Map.of("text", BotText.plainText(part)));
      }
      case "interactive" -> {
        message.put("msg_type", "interactive");
        message.put("card", card(part));
      }
      default -> {
        return new DeliveryOutcome.Failed("unknown feishu msgtype " + msgtype);
      }
    }
    return http.sendJson(bot, message, channel.timeout(), this::classify);
  }

  private static Map<String, Object> card(OutboundPart part) {
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("config", Map.of("wide_screen_mode", true));
    if (BotText.hasSubject(part)) {
      card.put(
          "header",
          Map.of("title", Map.of("tag", "plain_text", "content", part.subject().strip())));
    }
    card.put("elements", List.of(Map.of("tag", "markdown", "content", BotText.plainBody(part))));
    return card;
  }

  DeliveryOutcome classify(ChannelHttp.Answer answer) {
    return REPLY.classify(answer, clock);
  }

  /** Base64 of HmacSHA256 keyed with timestamp + "\n" + secret over no data. */
  static String sign(String secret, long timestampSeconds) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(
              (timestampSeconds + "\n" + secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(new byte[0]));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
