package io.switchboard.core.stanza;

import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.Route;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.XmlElement;

/** Sending answers back to the session a stanza came from. */
public final class Replies {

  private Replies() {}

  /**
   * Returns a stanza error to the sender's session (RFC 6120 §8.3). Never answers an error with an
   * error, and drops the reply when the stanza did not come from a client session.
   */
  public static void error(
      Envelope in,
      XmlElement stanza,
      StanzaError condition,
      String text,
      String domain,
      StageOutput out) {
    if (Stanzas.isError(stanza)) {
      return;
    }
    reply(in, Stanzas.error(stanza, condition, text, domain), out);
  }

  /** Sends a stanza to the session the input came from, if any. */
  public static void reply(Envelope in, XmlElement reply, StageOutput out) {
    if (in.session() == null || in.session().jid() == null) {
      return;
    }
    out.deliver(Route.deliver(in.session().jid(), in.session().nodeId()), reply);
  }

  /** An iq result with the same id, from {@code from} to the sender, optionally with a payload. */
  public static XmlElement iqResult(Stanza request, String from, XmlElement payload) {
    XmlElement.Builder b = XmlElement.builder("iq", Stanzas.CLIENT_NS).attr("type", "result");
    if (request.id() != null) {
      b.attr("id", request.id());
    }
    if (from != null) {
      b.attr("from", from);
    }
    if (request.from() != null) {
      b.attr("to", request.from().toString());
    }
    if (payload != null) {
      b.child(payload);
    }
    return b.build();
  }
}
