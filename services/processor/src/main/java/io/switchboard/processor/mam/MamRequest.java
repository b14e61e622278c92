package io.switchboard.processor.mam;

import io.switchboard.core.archive.ArchiveQuery;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Parses a XEP-0313 {@code <query/>} (its data form and its XEP-0059 {@code <set/>}) into an {@link
 * ArchiveQuery}, or says which stanza error it deserves. A pure function.
 */
public final class MamRequest {

  public static final String NS = "urn:xmpp:mam:2";
  public static final String DATA_NS = "jabber:x:data";
  public static final String RSM_NS = "http://jabber.org/protocol/rsm";

  /** Page size when the client names none. */
  public static final int DEFAULT_MAX = 50;

  /** Largest page served; larger requests are cut to it. */
  public static final int MAX_MAX = 250;

  /** The outcome: a query (and its queryid), or an error. */
  public record Parsed(ArchiveQuery query, String queryId, StanzaError error, String text) {

    static Parsed fail(StanzaError error, String text) {
      return new Parsed(null, null, error, text);
    }

    public boolean ok() {
      return error == null;
    }
  }

  private MamRequest() {}

  /** Parses the {@code <query xmlns='urn:xmpp:mam:2'/>} of an iq set against owner's archive. */
  public static Parsed parse(XmlElement query, Jid owner) {
    String node = query.attr("node");
    if (node != null && !node.isEmpty()) {
      return Parsed.fail(StanzaError.ITEM_NOT_FOUND, "no archive of node " + node);
    }
    Jid with = null;
    Long start = null;
    Long end = null;
    XmlElement form = query.child("x", DATA_NS);
    if (form != null) {
      String type = form.attr("type");
      if (type != null && !"submit".equals(type)) {
        return Parsed.fail(StanzaError.BAD_REQUEST, "the form must be of type submit");
      }
      for (XmlElement field : form.elements()) {
        if (!"field".equals(field.name())) {
          continue;
        }
        String var = field.attr("var");
        String value = field.childText("value", DATA_NS);
        value = value == null ? null : value.trim();
        if (var == null) {
          return Parsed.fail(StanzaError.BAD_REQUEST, "a field without var");
        }
        switch (var) {
          case "FORM_TYPE":
            if (!NS.equals(value)) {
              return Parsed.fail(StanzaError.BAD_REQUEST, "FORM_TYPE must be " + NS);
            }
            break;
          case "with":
            if (value == null || value.isEmpty()) {
              break;
            }
            with = Jid.ofOrNull(value);
            if (with == null) {
              return Parsed.fail(StanzaError.JID_MALFORMED, "'with' is not a JID");
            }
            break;
          case "start":
          case "end":
            if (value == null || value.isEmpty()) {
              break;
            }
            Long micros = micros(value);
            if (micros == null) {
              return Parsed.fail(
                  StanzaError.BAD_REQUEST, "'" + var + "' is not a XEP-0082 date and time");
            }
            if (var.equals("start")) {
              start = micros;
            } else {
              end = micros;
            }
            break;
          default:
            return Parsed.fail(StanzaError.BAD_REQUEST, "unsupported field " + var);
        }
      }
    }
    int max = DEFAULT_MAX;
    String after = null;
    String before = null;
    XmlElement set = query.child("set", RSM_NS);
    if (set != null) {
      String m = set.childText("max", RSM_NS);
      if (m != null) {
        try {
          max = Integer.parseInt(m.trim());
        } catch (NumberFormatException e) {
          return Parsed.fail(StanzaError.BAD_REQUEST, "max must be a number");
        }
        if (max < 0) {
          return Parsed.fail(StanzaError.BAD_REQUEST, "max must not be negative");
        }
        max = Math.min(max, MAX_MAX);
      }
      String a = set.childText("after", RSM_NS);
      if (a != null) {
        after = a.trim();
        if (after.isEmpty()) {
          return Parsed.fail(StanzaError.BAD_REQUEST, "after needs an id");
        }
      }
      String b = set.childText("before", RSM_NS);
      if (b != null) {
        before = b.trim(); // empty: the last page
      }
    }
    boolean flip = query.child("flip-page", NS) != null;
    return new Parsed(
        new ArchiveQuery(owner, with, start, end, after, before, max, flip),
        query.attr("queryid"),
        null,
        null);
  }

  /** A XEP-0082 DateTime as epoch microseconds, or null when it is none. */
  static Long micros(String value) {
    try {
      var instant = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000L);
    } catch (DateTimeParseException | ArithmeticException e) {
      return null;
    }
  }
}
