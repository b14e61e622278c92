package io.switchboard.core.notify.message;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One accepted API request, as validated by the access stage.
 *
 * @param id the message id returned to the caller
 * @param application the calling Application's name
 * @param template the Template's name
 * @param recipients users and direct addresses
 * @param channels the Channel names asked for, or an empty list for "every channel the application
 *     may use"
 * @param data template variables (JSON values: maps, lists, strings, numbers, booleans)
 * @param locale BCP 47 locale, or null for the template's default
 * @param priority {@code high}, {@code normal} or {@code low}
 * @param callbackUrl where status changes are posted, or null for the Application's own
 * @param idempotencyKey the caller's Idempotency-Key, or null
 * @param created when it was accepted
 */
public record NotificationRequest(
    String id,
    String application,
    String template,
    List<Recipient> recipients,
    List<String> channels,
    Map<String, Object> data,
    String locale,
    String priority,
    String callbackUrl,
    String idempotencyKey,
    Instant created) {

  public NotificationRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(template, "template");
    recipients = List.copyOf(recipients);
    channels = channels == null ? List.of() : List.copyOf(channels);
    data = data == null ? Map.of() : data;
    priority = priority == null ? "normal" : priority;
    Objects.requireNonNull(created, "created");
  }
}
