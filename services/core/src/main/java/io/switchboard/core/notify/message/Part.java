package io.switchboard.core.notify.message;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One recipient on one channel: what the split made of a request, rendered for its channel, and
 * everything that happened to it since.
 *
 * @param id {@code <message id>.<hash of recipient and channel>}: the same on every redelivery
 * @param messageId the request it belongs to
 * @param application the calling Application
 * @param recipient the recipient's text form ({@link Recipient#toString()})
 * @param user the platform user name when the recipient is a user, else null
 * @param channel the Channel's name
 * @param type the Channel's type ({@code inApp}, {@code email}, ...)
 * @param address where the channel sends it (e-mail address, phone, URL), null for in-app and bots
 * @param subject rendered subject or title, may be null
 * @param body rendered body
 * @param format {@code text}, {@code markdown} or {@code html}
 * @param status where it stands
 * @param attempts delivery attempts made so far
 * @param nextAttemptAt when the next attempt is due, while {@link PartStatus#RETRYING}
 * @param created when the split made it
 * @param history every status change, oldest first
 * @param callbackUrl where its status changes are posted, or null
 * @param fallbackOf the part whose channel failed and that this part replaces on the failed
 *     channel's fallback channel, null for a part of the split
 */
public record Part(
    String id,
    String messageId,
    String application,
    String recipient,
    String user,
    String channel,
    String type,
    String address,
    String subject,
    String body,
    String format,
    PartStatus status,
    int attempts,
    Instant nextAttemptAt,
    Instant created,
    List<Event> history,
    String callbackUrl,
    String fallbackOf) {

  /**
   * One entry of a part's history: a status change, or a callback attempt ({@code kind} {@code
   * callback}).
   */
  public record Event(String kind, String status, Instant at, String detail) {

    public Map<String, Object> toMap() {
      return Map.of(
          "kind",
          kind,
          "status",
          status,
          "at",
          at.toString(),
          "detail",
          detail == null ? "" : detail);
    }
  }
}
