package io.switchboard.processor.carbons;

import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.session.SessionTable;
import io.switchboard.core.stanza.Replies;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.processor.iq.IqHandler;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import java.time.Clock;
import java.util.Set;

/**
 * XEP-0280 message carbons: {@code <enable/>} and {@code <disable/>} (iq set, to the server or the
 * user's own account) switch carbons on or off for the sending resource, as a flag of its session
 * table entry. The router reads the flag when it copies messages. Two beans, one per element.
 */
public abstract class CarbonsHandler implements IqHandler {

  public static final String NS = "urn:xmpp:carbons:2";

  private final SessionTable sessions;
  private final Clock clock;
  private final String domain;
  private final boolean enable;

  CarbonsHandler(SessionTable sessions, Clock clock, String domain, boolean enable) {
    this.sessions = sessions;
    this.clock = clock;
    this.domain = domain;
    this.enable = enable;
  }

  @Override
  public String element() {
    return enable ? "enable" : "disable";
  }

  @Override
  public String namespace() {
    return NS;
  }

  @Override
  public Set<String> serverFeatures() {
    return Set.of(NS);
  }

  @Override
  public void handle(Stanza iq, Envelope in, StageOutput out) {
    Jid resource = iq.from();
    Jid to = iq.to();
    if (to != null && to.local() != null && !to.bare().equals(resource.bare())) {
      Replies.error(
          in,
          iq.element(),
          StanzaError.FORBIDDEN,
          "carbons are set for your own resources only",
          domain,
          out);
      return;
    }
    if (!"set".equals(iq.type())) {
      Replies.error(
          in, iq.element(), StanzaError.BAD_REQUEST, "carbons are enabled with a set", domain, out);
      return;
    }
    String stream = in.session() == null ? null : in.session().streamId();
    if (sessions.update(resource, stream, e -> e.withCarbons(enable, clock.millis())).isEmpty()) {
      // The resource is gone (or not bound yet): nothing to switch.
      Replies.error(in, iq.element(), StanzaError.UNEXPECTED_REQUEST, null, domain, out);
      return;
    }
    Replies.reply(in, Replies.iqResult(iq, null, null), out);
  }
}
