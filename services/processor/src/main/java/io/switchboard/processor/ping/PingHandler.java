package io.switchboard.processor.ping;

import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Replies;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.processor.iq.IqHandler;
import io.switchboard.xmpp.StanzaError;
import jakarta.inject.Singleton;
import java.util.Set;

/** XEP-0199 XMPP Ping, answered by the server: an empty result to a get. */
@Singleton
public class PingHandler implements IqHandler {

  public static final String NS = "urn:xmpp:ping";

  private final String domain;

  public PingHandler(SwitchboardConfig config) {
    this.domain = config.domain();
  }

  @Override
  public String element() {
    return "ping";
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
    if (!"get".equals(iq.type())) {
      Replies.error(in, iq.element(), StanzaError.BAD_REQUEST, "ping is a get", domain, out);
      return;
    }
    if (iq.to() != null && iq.to().local() != null && !iq.to().equals(iq.from().bare())) {
      // Another user's account: clients ping each other's full JIDs, which the router delivers.
      Replies.error(in, iq.element(), StanzaError.SERVICE_UNAVAILABLE, null, domain, out);
      return;
    }
    String from = iq.to() == null ? domain : iq.to().toString();
    Replies.reply(in, Replies.iqResult(iq, from, null), out);
  }
}
