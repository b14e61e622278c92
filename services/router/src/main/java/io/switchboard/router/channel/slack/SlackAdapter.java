package io.switchboard.router.channel.slack;

import io.switchboard.router.channel.BotEndpoint;
import io.switchboard.router.channel.BotText;
import io.switchboard.router.channel.ChannelAdapter;
import io.switchboard.router.channel.ChannelHttp;
import io.switchboard.router.channel.ChannelSettings;
import io.switchboard.router.channel.DeliveryOutcome;
import io.switchboard.router.channel.HttpOutcomes;
import io.switchboard.router.channel.OutboundPart;
import io.switchboard.router.channel.Redaction;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code slack}: a Slack incoming webhook ({@code https://hooks.slack.com/services/...}). The URL
 * is the credential, so it comes from the Secret's {@value #WEBHOOK_URL}; a Channel whose Secret
 * has none posts to its endpoint (the older form, with the URL written into the Channel). Sends
 * {@code text} (the notification fallback) and blocks: a header with the subject, and the body as
 * mrkdwn sections. Slack answers {@code ok}; errors are plain-text codes with an HTTP status
 * ({@code invalid_payload} 400, {@code no_service} 404, {@code channel_is_archived} 410, rate
 * limits 429 with Retry-After).
 */
@Singleton
public class SlackAdapter implements ChannelAdapter {

  static final int SECTION_MAX_CHARS = 3000;
  static final int HEADER_MAX_CHARS = 150;
  static final int MAX_BLOCKS = 50;

  /** Secret key of the incoming-webhook URL. */
  public static final String WEBHOOK_URL = "webhookUrl";

  private final ChannelHttp http;
  private final Clock clock;

  public SlackAdapter(ChannelHttp http, Clock clock) {
    this.http = http;
    this.clock = clock;
  }

  @Override
  public String type() {
    return "slack";
  }

  @Override
  public DeliveryOutcome deliver(OutboundPart part, ChannelSettings channel)
      throws InterruptedException {
    String secretUrl = BotEndpoint.credential(channel, WEBHOOK_URL);
    URI webhook = ChannelHttp.httpUri(secretUrl != null ? secretUrl : channel.endpoint());
    List<String> credentials =
        Redaction.credentials(
            channel, channel.endpoint(), webhook == null ? null : webhook.getRawPath());
    return Redaction.scrub(attempt(part, channel, secretUrl, webhook), credentials);
  }

  private DeliveryOutcome attempt(
      OutboundPart part, ChannelSettings channel, String secretUrl, URI webhook)
      throws InterruptedException {
    if (webhook == null) {
      return new DeliveryOutcome.Failed(
          secretUrl != null
              ? "the Channel's secret '" + WEBHOOK_URL + "' is not an http(s) URL"
              : channel.endpoint() == null || channel.endpoint().isBlank()
                  ? "no webhook URL: the Channel's secret has no '" + WEBHOOK_URL + "'"
                  : "endpoint is not an http(s) URL: " + Redaction.origin(channel.endpoint()));
    }
    return http.sendJson(
        webhook, message(part), channel.timeout(), a -> HttpOutcomes.forStatus(a, clock));
  }

  /** The JSON message. */
  static Map<String, Object> message(OutboundPart part) {
    String mrkdwn =
        BotText.isMarkdown(part)
            ? SlackMrkdwn.fromMarkdown(part.body())
            : SlackMrkdwn.escape(BotText.plainBody(part));
    List<Object> blocks = new ArrayList<>();
    if (BotText.hasSubject(part)) {
      String subject = part.subject().strip();
      if (subject.length() > HEADER_MAX_CHARS) {
        subject = subject.substring(0, HEADER_MAX_CHARS - 1) + "…";
      }
      blocks.add(Map.of("type", "header", "text", Map.of("type", "plain_text", "text", subject)));
    }
    for (String chunk : chunks(mrkdwn, SECTION_MAX_CHARS)) {
      if (blocks.size() == MAX_BLOCKS) {
        break;
      }
      blocks.add(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", chunk)));
    }
    Map<String, Object> message = new LinkedHashMap<>();
    message.put(
        "text",
        BotText.hasSubject(part)
            ? SlackMrkdwn.escape(part.subject().strip())
            : SlackMrkdwn.escape(BotText.plainBody(part)));
    message.put("blocks", blocks);
    return message;
  }

  /** Pieces of at most {@code max} characters, cut at a line break where there is one. */
  static List<String> chunks(String s, int max) {
    List<String> out = new ArrayList<>();
    String rest = s;
    while (rest.length() > max) {
      int cut = rest.lastIndexOf('\n', max);
      if (cut <= 0) {
        cut = max;
        if (Character.isHighSurrogate(rest.charAt(cut - 1))) {
          cut--;
        }
      }
      out.add(rest.substring(0, cut));
      rest = rest.substring(cut).stripLeading();
    }
    if (!rest.isEmpty() || out.isEmpty()) {
      out.add(rest.isEmpty() ? " " : rest);
    }
    return out;
  }
}
