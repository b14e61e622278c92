package io.switchboard.access.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.switchboard.core.config.NodeIdentity;
import io.switchboard.core.notify.apps.AddressBook;
import io.switchboard.core.notify.catalog.Catalog;
import io.switchboard.core.notify.catalog.CatalogService;
import io.switchboard.core.notify.message.IdempotencyStore;
import io.switchboard.core.notify.message.MessageStore;
import io.switchboard.core.notify.message.NotificationCodec;
import io.switchboard.core.notify.message.NotificationRequest;
import io.switchboard.core.notify.message.Recipient;
import io.switchboard.core.notify.template.TemplateException;
import io.switchboard.core.notify.template.TemplateRenderer;
import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.EnvelopeKind;
import io.switchboard.core.pipeline.Transport;
import io.switchboard.crds.Application;
import io.switchboard.crds.Template;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/messages} behind the signature: validates the request completely (nothing is
 * stored for a request that fails), applies the Idempotency-Key, makes the request durable, and
 * only then returns its id. Durable means: on the processor's JetStream work queue where the
 * transport redelivers (distributed), in the store first where it does not (local), from where the
 * processor's sweep picks it up if the in-memory hand-over is lost.
 */
@Singleton
@Requires(property = "switchboard.stages.access.enabled", notEquals = "false")
public class NotificationIntake {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationIntake.class);
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Set<String> FIELDS =
      Set.of("template", "recipients", "channels", "data", "locale", "priority", "callbackUrl");
  private static final Set<String> PRIORITIES = Set.of("high", "normal", "low");
  private static final Pattern LOCALE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");
  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
  private static final Duration DURABLE_WAIT = Duration.ofSeconds(5);

  private final CatalogService catalog;
  private final TemplateRenderer renderer;
  private final MessageStore messages;
  private final IdempotencyStore idempotency;
  private final Transport transport;
  private final Clock clock;
  private final String nodeId;
  private final int maxRecipients;
  private final int maxBodyBytes;

  public NotificationIntake(
      CatalogService catalog,
      TemplateRenderer renderer,
      MessageStore messages,
      IdempotencyStore idempotency,
      Transport transport,
      Clock clock,
      NodeIdentity node,
      @Value("${switchboard.notify.max-recipients:1000}") int maxRecipients,
      @Value("${switchboard.notify.max-body-bytes:262144}") int maxBodyBytes) {
    this.catalog = catalog;
    this.renderer = renderer;
    this.messages = messages;
    this.idempotency = idempotency;
    this.transport = transport;
    this.clock = clock;
    this.nodeId = node.id();
    this.maxRecipients = maxRecipients;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** What the caller gets: the message id, and whether this is a repeat of an earlier request. */
  public record Accepted(String messageId, boolean repeat) {}

  public Accepted accept(String application, byte[] body, String idempotencyKey) throws ApiProblem {
    if (body.length > maxBodyBytes) {
      throw new ApiProblem(
          HttpStatus.REQUEST_ENTITY_TOO_LARGE,
          "body-too-large",
          "Request body too large",
          "the body has " + body.length + " bytes; at most " + maxBodyBytes + " are accepted");
    }
    if (idempotencyKey != null && !KEY.matcher(idempotencyKey).matches()) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST,
          "invalid-idempotency-key",
          "Invalid Idempotency-Key",
          "an Idempotency-Key is 1-255 visible ASCII characters");
    }
    String id = messages.newMessageId();
    NotificationRequest request = validate(application, parse(body), id, idempotencyKey);
    if (idempotencyKey != null) {
      IdempotencyStore.Reservation r =
          idempotency.reserve(application, idempotencyKey, sha256(body), id);
      if (r instanceof IdempotencyStore.Reservation.Repeat repeat) {
        return new Accepted(repeat.messageId(), true);
      }
      if (r instanceof IdempotencyStore.Reservation.Conflict conflict) {
        throw new ApiProblem(
            HttpStatus.CONFLICT,
            "idempotency-key-reused",
            "Idempotency-Key reused",
            "the key was used within 24 h for a different request (message "
                + conflict.messageId()
                + ")");
      }
    }
    try {
      makeDurable(request);
    } catch (ApiProblem | RuntimeException e) {
      if (idempotencyKey != null) {
        idempotency.release(application, idempotencyKey, id);
      }
      throw e;
    }
    return new Accepted(id, false);
  }

  private void makeDurable(NotificationRequest request) throws ApiProblem {
    boolean queueIsDurable = transport.redelivers(Destination.PROCESSOR);
    if (!queueIsDurable) {
      messages.insertRequest(request);
    }
    Instant now = clock.instant();
    long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    Envelope envelope =
        new Envelope(
            nodeId + "-notify-" + request.id(),
            EnvelopeKind.COMMAND,
            null,
            null,
            NotificationCodec.toXml(request),
            micros,
            List.of(new Envelope.Stamp("access", micros)));
    try {
      transport
          .send(Destination.PROCESSOR, envelope)
          .get(DURABLE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      if (queueIsDurable) {
        throw new ApiProblem(
            HttpStatus.SERVICE_UNAVAILABLE,
            "not-durable",
            "Request not accepted",
            "the request could not be made durable; retry it (with the same Idempotency-Key)");
      }
      // Stored already: the processor's sweep takes it from the store.
      LOG.warn(
          "in-memory hand-over of {} failed, left to the sweep: {}", request.id(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiProblem(
          HttpStatus.SERVICE_UNAVAILABLE, "not-durable", "Request not accepted", "interrupted");
    }
  }

  private static JsonNode parse(byte[] body) throws ApiProblem {
    try {
      JsonNode doc = JSON.readTree(body);
      if (doc == null || !doc.isObject()) {
        throw ApiProblem.invalid("invalid-json", "the body must be a JSON object");
      }
      return doc;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST, "invalid-json", "Malformed JSON", e.getOriginalMessage());
    } catch (IOException e) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST, "invalid-json", "Malformed JSON", e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  NotificationRequest validate(String application, JsonNode doc, String id, String key)
      throws ApiProblem {
    for (Iterator<String> names = doc.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw ApiProblem.invalid(
            "unknown-field", "unknown field " + name + " (known: " + FIELDS + ")");
      }
    }
    Catalog current = catalog.get();
    Application app = current.application(application).orElse(null);
    String templateName = text(doc, "template", true);
    if (app != null
        && app.getSpec().getAllowedTemplates() != null
        && !app.getSpec().getAllowedTemplates().contains(templateName)) {
      throw new ApiProblem(
          HttpStatus.FORBIDDEN,
          "template-not-allowed",
          "Template not allowed",
          "application " + application + " may not use template " + templateName);
    }
    Template template =
        current
            .template(templateName)
            .orElseThrow(
                () -> ApiProblem.invalid("unknown-template", "no template " + templateName));
    try {
      renderer.compile(template.getSpec());
    } catch (TemplateException e) {
      throw ApiProblem.invalid(
          "template-invalid",
          "template "
              + templateName
              + " does not compile: "
              + e.part()
              + " line "
              + e.line()
              + ": "
              + e.getMessage());
    }
    Map<String, Object> data = Map.of();
    if (doc.has("data") && !doc.get("data").isNull()) {
      if (!doc.get("data").isObject()) {
        throw ApiProblem.invalid("invalid-data", "data must be a JSON object");
      }
      data = JSON.convertValue(doc.get("data"), Map.class);
    }
    List<String> missing = TemplateRenderer.missingVariables(template.getSpec(), data);
    if (!missing.isEmpty()) {
      throw ApiProblem.invalid(
          "missing-variables", "template " + templateName + " needs " + String.join(", ", missing));
    }
    List<Recipient> recipients = recipients(doc.get("recipients"));
    List<String> channels = new ArrayList<>();
    JsonNode ch = doc.get("channels");
    if (ch != null && !ch.isNull()) {
      if (!ch.isArray()) {
        throw ApiProblem.invalid("invalid-channels", "channels must be an array of channel names");
      }
      for (JsonNode c : ch) {
        String name = c.asText();
        if (!c.isTextual() || current.channel(name).isEmpty()) {
          throw ApiProblem.invalid("unknown-channel", "no channel " + c);
        }
        if (app != null
            && app.getSpec().getAllowedChannels() != null
            && !app.getSpec().getAllowedChannels().contains(name)) {
          throw new ApiProblem(
              HttpStatus.FORBIDDEN,
              "channel-not-allowed",
              "Channel not allowed",
              "application " + application + " may not use channel " + name);
        }
        if (!channels.contains(name)) {
          channels.add(name);
        }
      }
    }
    String locale = text(doc, "locale", false);
    if (locale != null && !LOCALE.matcher(locale).matches()) {
      throw ApiProblem.invalid("invalid-locale", "locale must be a BCP 47 tag like en or de-AT");
    }
    String priority = text(doc, "priority", false);
    if (priority != null && !PRIORITIES.contains(priority)) {
      throw ApiProblem.invalid("invalid-priority", "priority must be one of " + PRIORITIES);
    }
    String callbackUrl = text(doc, "callbackUrl", false);
    if (callbackUrl != null && AddressBook.invalid("webhook", callbackUrl) != null) {
      throw ApiProblem.invalid("invalid-callback-url", "callbackUrl must be an http(s) URL");
    }
    return new NotificationRequest(
        id,
        application,
        templateName,
        recipients,
        channels,
        data,
        locale,
        priority,
        callbackUrl,
        key,
        clock.instant());
  }

  private List<Recipient> recipients(JsonNode node) throws ApiProblem {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw ApiProblem.invalid("no-recipients", "recipients must be a non-empty array");
    }
    if (node.size() > maxRecipients) {
      throw ApiProblem.invalid(
          "too-many-recipients",
          node.size() + " recipients; at most " + maxRecipients + " per request");
    }
    List<Recipient> all = new ArrayList<>();
    for (JsonNode r : node) {
      Recipient recipient;
      if (r.isTextual()) {
        recipient = new Recipient(Recipient.USER, r.asText());
      } else if (r.isObject() && r.size() == 1) {
        String kind = r.fieldNames().next();
        if (!kind.equals(Recipient.USER) && !AddressBook.KINDS.contains(kind)) {
          throw ApiProblem.invalid(
              "invalid-recipient", "a recipient is a user name or {user|email|phone|webhook: ...}");
        }
        recipient = new Recipient(kind, r.get(kind).asText());
      } else {
        throw ApiProblem.invalid(
            "invalid-recipient",
            "a recipient is a user name or {user|email|phone|webhook: ...}: " + r);
      }
      if (recipient.isUser()) {
        if (recipient.value().isBlank() || recipient.value().length() > 1023) {
          throw ApiProblem.invalid("invalid-recipient", "not a user name: " + r);
        }
      } else {
        String problem = AddressBook.invalid(recipient.kind(), recipient.value());
        if (problem != null) {
          throw ApiProblem.invalid("invalid-recipient", problem);
        }
      }
      if (!all.contains(recipient)) {
        all.add(recipient);
      }
    }
    return all;
  }

  private static String text(JsonNode doc, String field, boolean required) throws ApiProblem {
    JsonNode n = doc.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw ApiProblem.invalid("missing-" + field, field + " is required");
      }
      return null;
    }
    if (!n.isTextual() || n.asText().isBlank()) {
      throw ApiProblem.invalid("invalid-" + field, field + " must be a non-empty string");
    }
    return n.asText();
  }

  static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
