package io.switchboard.router.channel;

import java.util.Map;
import java.util.Objects;

/**
 * One part as an adapter sees it: already rendered for its channel.
 *
 * @param messageId the notification request it belongs to
 * @param partId unique id of the part (request × recipient × channel); the same on every attempt,
 *     so that receivers can de-duplicate (sent as an idempotency header where the channel has one)
 * @param recipient the platform user id, or the direct address when the request named one
 * @param address where this channel sends it: an e-mail address, a phone number, a URL; null for
 *     channels that post to one fixed endpoint (bots)
 * @param subject rendered subject or title, may be null
 * @param body rendered body in {@code format}
 * @param format {@code text}, {@code markdown} or {@code html}
 * @param data the request's template data, for channels that send structured payloads (webhook)
 * @param attempt 1 for the first attempt
 */
public record OutboundPart(
    String messageId,
    String partId,
    String recipient,
    String address,
    String subject,
    String body,
    String format,
    Map<String, Object> data,
    int attempt) {

  public OutboundPart {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(partId, "partId");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(format, "format");
    data = data == null ? Map.of() : data;
  }
}
