package io.switchboard.xmpp;

import java.util.Map;
import java.util.Objects;

/**
 * Helpers for the three stanza kinds of RFC 6120 §8 ({@code message}, {@code presence}, {@code
 * iq}).
 */
public final class Stanzas {
  public static final String CLIENT_NS = "jabber:client";
  public static final String SERVER_NS = "jabber:server";
  public static final String STANZAS_NS = "urn:ietf:params:xml:ns:xmpp-stanzas";

  private Stanzas() {}

  /**
   * Builds the error reply to {@code original} (RFC 6120 §8.3): the same element name, namespace
   * and {@code id}, {@code type="error"}, {@code from}/{@code to} swapped, the original's child
   * elements kept (including the payload of an iq), followed by
   *
   * <pre>{@code
   * <error type='...'><condition xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
   *   <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>...</text></error>
   * }</pre>
   *
   * <p>Other attributes of the original (such as {@code xml:lang}) are kept. The reply's {@code
   * from} is the original {@code to}. A stanza without {@code to} is addressed to the sender's own
   * account (RFC 6120 §10.3.3), so the server answers on behalf of that account: the reply comes
   * from the sender's bare JID (RFC 6120 §8.1.2.1, second case), never from the domain. Only when
   * the original has neither {@code to} nor {@code from} (a stream not bound to an account yet)
   * does the server answer as itself, from {@code serverDomain} (§8.1.2.1, third case). The reply
   * has no {@code to} when the original had no {@code from}.
   *
   * @param text optional human-readable description; {@code null} for none
   * @param serverDomain the domain answering a stanza that has neither {@code to} nor {@code from};
   *     may be null
   * @throws IllegalArgumentException if {@code original} is itself an error (RFC 6120 §8.3.1: never
   *     answer an error with an error; check {@link #isError} first)
   */
  public static XmlElement error(
      XmlElement original, StanzaError condition, String text, String serverDomain) {
    Objects.requireNonNull(condition, "condition");
    if (isError(original)) {
      throw new IllegalArgumentException("must not reply to an error stanza with an error");
    }
    String ns = original.namespace();
    XmlElement.Builder reply = XmlElement.builder(original.name(), ns);
    String to = original.attr("to");
    String from = original.attr("from");
    reply.attr("from", to != null ? to : onBehalfOf(from, serverDomain));
    reply.attr("to", from);
    for (Map.Entry<String, String> a : original.attributes().entrySet()) {
      String name = a.getKey();
      if (!name.equals("to") && !name.equals("from") && !name.equals("type")) {
        reply.attr(name, a.getValue());
      }
    }
    reply.attr("type", "error");
    for (XmlElement child : original.elements()) {
      reply.child(child);
    }
    XmlElement.Builder error =
        XmlElement.builder("error", ns)
            .attr("type", condition.type().value())
            .child(XmlElement.builder(condition.condition(), STANZAS_NS).build());
    if (text != null && !text.isEmpty()) {
      error.child(XmlElement.builder("text", STANZAS_NS).text(text).build());
    }
    return reply.child(error.build()).build();
  }

  /** The bare JID of a sender, or the server's domain when there is no (usable) sender. */
  private static String onBehalfOf(String from, String serverDomain) {
    Jid sender = from == null ? null : Jid.ofOrNull(from);
    return sender == null ? serverDomain : sender.bare().toString();
  }

  /** Same as {@link #error(XmlElement, StanzaError, String, String)} without text. */
  public static XmlElement error(XmlElement original, StanzaError condition, String serverDomain) {
    return error(original, condition, null, serverDomain);
  }

  /** True when the stanza has {@code type="error"}. */
  /** XEP-0203 delayed delivery. */
  public static final String DELAY_NS = "urn:xmpp:delay";

  /**
   * The stanza with a XEP-0203 {@code <delay/>} stamp (millisecond precision), for stanzas
   * delivered later than they were sent (offline storage); unchanged if it already carries one.
   */
  public static XmlElement delayed(XmlElement stanza, String from, java.time.Instant at) {
    if (stanza.child("delay", DELAY_NS) != null) {
      return stanza;
    }
    return stanza.toBuilder()
        .child(
            XmlElement.builder("delay", DELAY_NS)
                .attr("from", from)
                .attr(
                    "stamp",
                    java.time.format.DateTimeFormatter.ISO_INSTANT.format(
                        at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)))
                .build())
        .build();
  }

  public static boolean isError(XmlElement stanza) {
    return "error".equals(stanza.attr("type"));
  }

  /**
   * The defined condition of an error stanza's {@code <error/>} child, or {@code null} when the
   * stanza carries no recognizable condition.
   */
  public static StanzaError errorCondition(XmlElement stanza) {
    XmlElement error = stanza.child("error", stanza.namespace());
    if (error == null) {
      return null;
    }
    for (XmlElement e : error.elements()) {
      if (STANZAS_NS.equals(e.namespace()) && !e.name().equals("text")) {
        return StanzaError.fromCondition(e.name());
      }
    }
    return null;
  }
}
