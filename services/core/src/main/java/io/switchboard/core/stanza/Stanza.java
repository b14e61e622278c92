package io.switchboard.core.stanza;

import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.XmlElement;

/**
 * A typed view of a validated stanza: its kind, type and addresses, over the element itself. Built
 * by the parser for what clients send, and cheaply rebuilt by later stages from the envelope's
 * payload.
 *
 * @param element the stanza
 * @param kind message, presence or iq
 * @param type the type attribute, with RFC 6121 defaults applied ("normal" for messages,
 *     "available" for presence without a type)
 * @param from sender (always set once the parser stamped it)
 * @param to recipient, or null when absent (the sender's own account)
 */
public record Stanza(XmlElement element, Kind kind, String type, Jid from, Jid to) {

  /** The three stanza kinds of RFC 6120 §8. */
  public enum Kind {
    MESSAGE("message"),
    PRESENCE("presence"),
    IQ("iq");

    private final String element;

    Kind(String element) {
      this.element = element;
    }

    public String element() {
      return element;
    }

    /** The kind of a top-level element in jabber:client, or null if it is no stanza. */
    public static Kind of(XmlElement e) {
      if (!Stanzas.CLIENT_NS.equals(e.namespace())) {
        return null;
      }
      switch (e.name()) {
        case "message":
          return MESSAGE;
        case "presence":
          return PRESENCE;
        case "iq":
          return IQ;
        default:
          return null;
      }
    }
  }

  /**
   * The view of an element already validated by the parser.
   *
   * @throws IllegalArgumentException if it is not a stanza or an address is malformed
   */
  public static Stanza of(XmlElement e) {
    Kind kind = Kind.of(e);
    if (kind == null) {
      throw new IllegalArgumentException("not a stanza: " + e.name());
    }
    String from = e.attr("from");
    String to = e.attr("to");
    return new Stanza(
        e,
        kind,
        typeOf(kind, e.attr("type")),
        from == null ? null : Jid.of(from),
        to == null ? null : Jid.of(to));
  }

  /** The type with RFC 6121 defaults; unknown message types count as normal (RFC 6121 §5.2.2). */
  public static String typeOf(Kind kind, String type) {
    switch (kind) {
      case MESSAGE:
        if (type == null) {
          return "normal";
        }
        switch (type) {
          case "chat":
          case "groupchat":
          case "headline":
          case "error":
          case "normal":
            return type;
          default:
            return "normal";
        }
      case PRESENCE:
        return type == null ? "available" : type;
      default:
        return type;
    }
  }

  public String id() {
    return element.attr("id");
  }

  public boolean isError() {
    return "error".equals(type);
  }

  /** An iq get or set, which must be answered. */
  public boolean isRequest() {
    return kind == Kind.IQ && ("get".equals(type) || "set".equals(type));
  }

  /** The iq's payload element (its one child), or null. */
  public XmlElement payload() {
    return element.elements().isEmpty() ? null : element.elements().get(0);
  }
}
