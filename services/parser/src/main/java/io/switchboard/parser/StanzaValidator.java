package io.switchboard.parser;

import io.switchboard.core.stanza.Stanza;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.JidFormatException;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import java.util.Set;

/**
 * Turns a stanza as a client sent it into a validated {@link Stanza} (RFC 6120 §8, RFC 6121): the
 * {@code from} stamped with the sender's full JID, the {@code to} normalized, the type checked.
 * Pure function: no I/O, unit-tested on its own.
 */
public final class StanzaValidator {

  private static final Set<String> PRESENCE_TYPES =
      Set.of(
          "unavailable",
          "subscribe",
          "subscribed",
          "unsubscribe",
          "unsubscribed",
          "probe",
          "error");
  private static final Set<String> IQ_TYPES = Set.of("get", "set", "result", "error");

  /** The outcome: a stanza, or the error to return to the sender. */
  public sealed interface Result permits Valid, Invalid {}

  public record Valid(Stanza stanza) implements Result {}

  public record Invalid(StanzaError condition, String text) implements Result {}

  private StanzaValidator() {}

  /**
   * Validates a stanza from the session bound to {@code sender}.
   *
   * @param raw the element as received (the access stage already checked it is a stanza in
   *     jabber:client and that any {@code from} matches the session)
   * @param sender the full JID of the sending session
   */
  public static Result validate(XmlElement raw, Jid sender) {
    Stanza.Kind kind = Stanza.Kind.of(raw);
    if (kind == null) {
      return new Invalid(StanzaError.BAD_REQUEST, "not a stanza: " + raw.name());
    }
    String type = raw.attr("type");
    Jid to = null;
    String toAttr = raw.attr("to");
    if (toAttr != null) {
      try {
        to = Jid.of(toAttr);
      } catch (JidFormatException e) {
        return new Invalid(StanzaError.JID_MALFORMED, "malformed 'to' address: " + e.getMessage());
      }
    }
    switch (kind) {
      case PRESENCE:
        if (type != null && !PRESENCE_TYPES.contains(type)) {
          return new Invalid(StanzaError.BAD_REQUEST, "unknown presence type '" + type + "'");
        }
        break;
      case IQ:
        if (type == null || !IQ_TYPES.contains(type)) {
          return new Invalid(
              StanzaError.BAD_REQUEST, "iq needs a type of get, set, result or error");
        }
        if (raw.attr("id") == null || raw.attr("id").isEmpty()) {
          return new Invalid(StanzaError.BAD_REQUEST, "iq needs an id");
        }
        if (("get".equals(type) || "set".equals(type)) && raw.elements().size() != 1) {
          return new Invalid(
              StanzaError.BAD_REQUEST,
              "an iq of type " + type + " needs exactly one child element");
        }
        if ("result".equals(type) && raw.elements().size() > 1) {
          return new Invalid(StanzaError.BAD_REQUEST, "an iq result has at most one child element");
        }
        break;
      default:
        break;
    }
    XmlElement stamped = raw.withAttr("from", sender.toString());
    if (to != null && !to.toString().equals(toAttr)) {
      stamped = stamped.withAttr("to", to.toString());
    }
    return new Valid(new Stanza(stamped, kind, Stanza.typeOf(kind, type), sender, to));
  }
}
