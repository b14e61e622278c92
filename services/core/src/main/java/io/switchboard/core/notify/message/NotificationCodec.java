package io.switchboard.core.notify.message;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.switchboard.xmpp.XmlElement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline form of an accepted request: {@code <notify xmlns='urn:switchboard:notify:0' id='…'
 * app='…'>JSON</notify>}, the JSON being the request's fields (docs/envelope.md). Carrying the
 * whole request makes the hand-over itself the durable copy in distributed mode (JetStream).
 */
public final class NotificationCodec {

  public static final String NS = "urn:switchboard:notify:0";
  public static final String ELEMENT = "notify";

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private NotificationCodec() {}

  public static boolean isNotification(XmlElement payload) {
    return ELEMENT.equals(payload.name()) && NS.equals(payload.namespace());
  }

  /**
   * The hand-over of one external part from the processor to the router: {@code <part
   * xmlns='urn:switchboard:notify:0' id='…'/>}. Only the id travels; the part is in the store.
   */
  public static XmlElement partHandOver(String partId) {
    return XmlElement.builder("part", NS).attr("id", partId).build();
  }

  /** Whether a payload is a {@link #partHandOver}. */
  public static boolean isPartHandOver(XmlElement payload) {
    return "part".equals(payload.name())
        && NS.equals(payload.namespace())
        && payload.attr("id") != null;
  }

  public static XmlElement toXml(NotificationRequest r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("template", r.template());
    List<Map<String, String>> recipients = new ArrayList<>();
    for (Recipient rc : r.recipients()) {
      recipients.add(Map.of("kind", rc.kind(), "value", rc.value()));
    }
    json.put("recipients", recipients);
    json.put("channels", r.channels());
    json.put("data", r.data());
    json.put("locale", r.locale());
    json.put("priority", r.priority());
    json.put("callbackUrl", r.callbackUrl());
    json.put("idempotencyKey", r.idempotencyKey());
    json.put("created", r.created().toString());
    try {
      return XmlElement.builder(ELEMENT, NS)
          .attr("id", r.id())
          .attr("app", r.application())
          .text(JSON.writeValueAsString(json))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @throws IllegalArgumentException when the element is not a notification this codec wrote
   */
  @SuppressWarnings("unchecked")
  public static NotificationRequest fromXml(XmlElement e) {
    if (!isNotification(e) || e.attr("id") == null || e.attr("app") == null) {
      throw new IllegalArgumentException("not a notification element");
    }
    try {
      Map<String, Object> json = JSON.readValue(e.text(), MAP);
      List<Recipient> recipients = new ArrayList<>();
      for (Map<String, Object> rc : (List<Map<String, Object>>) json.get("recipients")) {
        recipients.add(new Recipient((String) rc.get("kind"), (String) rc.get("value")));
      }
      return new NotificationRequest(
          e.attr("id"),
          e.attr("app"),
          (String) json.get("template"),
          recipients,
          (List<String>) json.get("channels"),
          (Map<String, Object>) json.get("data"),
          (String) json.get("locale"),
          (String) json.get("priority"),
          (String) json.get("callbackUrl"),
          (String) json.get("idempotencyKey"),
          Instant.parse((String) json.get("created")));
    } catch (IOException | RuntimeException ex) {
      throw new IllegalArgumentException("unreadable notification: " + ex.getMessage(), ex);
    }
  }
}
