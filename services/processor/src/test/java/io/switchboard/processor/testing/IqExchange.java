package io.switchboard.processor.testing;

import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.EnvelopeKind;
import io.switchboard.core.pipeline.Route;
import io.switchboard.core.pipeline.SessionRef;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.processor.iq.IqHandler;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.XmlElement;
import io.switchboard.xmpp.XmlParser;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands one iq from a client session to a handler, as the processor does after the parser stamped
 * {@code from}, and collects what the handler sends back to that session.
 */
public final class IqExchange {

  public static final String DOMAIN = "localhost";

  private IqExchange() {}

  /**
   * The replies to {@code xml} (an iq in jabber:client, written without {@code from}) sent by the
   * session bound to {@code fullJid}.
   */
  public static List<XmlElement> send(IqHandler handler, String fullJid, String xml)
      throws Exception {
    XmlElement iq = XmlParser.parse(xml).withAttr("from", fullJid);
    if (!iq.namespace().equals(Stanzas.CLIENT_NS)) {
      throw new IllegalArgumentException("write the iq with xmlns='jabber:client'");
    }
    Jid session = Jid.of(fullJid);
    Envelope in =
        new Envelope(
            "env-1",
            EnvelopeKind.STANZA,
            new SessionRef("node-1", "stream-1", session),
            null,
            iq,
            0L,
            List.of());
    List<XmlElement> replies = new ArrayList<>();
    StageOutput out =
        new StageOutput() {
          @Override
          public void emit(Destination to, EnvelopeKind kind, Route route, XmlElement payload) {
            if (kind != EnvelopeKind.DELIVERY
                || !route.to().equals(session)
                || !"node-1".equals(route.nodeId())) {
              throw new AssertionError("not a reply to the sender: " + kind + " " + route);
            }
            replies.add(payload);
          }
        };
    handler.handle(Stanza.of(iq), in, out);
    return replies;
  }

  /** The one reply to {@code xml}. */
  public static XmlElement answer(IqHandler handler, String fullJid, String xml) throws Exception {
    List<XmlElement> replies = send(handler, fullJid, xml);
    if (replies.size() != 1) {
      throw new AssertionError("expected one reply, got " + replies);
    }
    return replies.get(0);
  }

  /** The payload of a result, or null; fails on anything but a result. */
  public static XmlElement result(XmlElement reply) {
    if (!"result".equals(reply.attr("type"))) {
      throw new AssertionError("not a result: " + reply);
    }
    return reply.elements().isEmpty() ? null : reply.elements().get(0);
  }

  /** The error condition of an error reply; fails on anything else. */
  public static StanzaError error(XmlElement reply) {
    if (!"error".equals(reply.attr("type"))) {
      throw new AssertionError("not an error: " + reply);
    }
    return Stanzas.errorCondition(reply);
  }

  /** The text of an error reply's error, or null. */
  public static String errorText(XmlElement reply) {
    XmlElement error = reply.child("error", Stanzas.CLIENT_NS);
    return error == null ? null : error.childText("text", Stanzas.STANZAS_NS);
  }
}
