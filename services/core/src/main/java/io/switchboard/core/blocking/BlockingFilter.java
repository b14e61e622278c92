package io.switchboard.core.blocking;

import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Replies;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Singleton;

/**
 * Enforces block lists (XEP-0191 §3.4, §3.5) where stanzas pass: the processor asks {@link
 * #stopsOutbound} for what a client sends, the router {@link #stopsInbound} for what it delivers.
 * The server itself (a JID of the domain without localpart) and the account's own JIDs are never
 * blocked.
 */
@Singleton
public class BlockingFilter {

  public static final String ERRORS_NS = "urn:xmpp:blocking:errors";

  private final BlockListStore store;
  private final PipelineMetrics metrics;
  private final String domain;

  public BlockingFilter(BlockListStore store, PipelineMetrics metrics, SwitchboardConfig config) {
    this.store = store;
    this.metrics = metrics;
    this.domain = config.domain();
  }

  /** Whether {@code account}'s block list blocks {@code other}. */
  public boolean blocks(Jid account, Jid other) {
    if (other == null
        || (other.local() == null && other.domain().equals(domain))
        || other.bare().equals(account.bare())) {
      return false;
    }
    return store.get(account).blocks(other);
  }

  /**
   * A stanza a client sends to {@code stanza.to()} (an address of this domain with a localpart):
   * stopped when the sender blocked the recipient (§3.5: a {@code not-acceptable} error with {@code
   * <blocked/>}, none for errors and iq results), and presence also when the recipient blocked the
   * sender (§3.4: no answer at all, so that no subscription state changes either).
   *
   * @return true when the stanza was stopped and must go no further
   */
  public boolean stopsOutbound(Envelope in, Stanza stanza, StageOutput out) {
    Jid from = stanza.from();
    Jid to = stanza.to();
    if (from == null || to == null || to.local() == null) {
      return false;
    }
    if (blocks(from, to)) {
      metrics.count("switchboard.blocking.stopped", "direction", "outbound");
      if (!stanza.isError() && !(stanza.kind() == Stanza.Kind.IQ && !stanza.isRequest())) {
        Replies.reply(in, blockedError(stanza.element(), domain), out);
      }
      return true;
    }
    if (stanza.kind() == Stanza.Kind.PRESENCE && blocks(to, from)) {
      metrics.count("switchboard.blocking.stopped", "direction", "inbound");
      return true;
    }
    return false;
  }

  /**
   * A stanza about to be delivered to the account {@code to.bare()}: stopped when that account
   * blocked the sender (§3.4): iq get and set get {@code service-unavailable}, the rest is dropped
   * without an answer.
   *
   * @return true when the stanza was stopped and must go no further
   */
  public boolean stopsInbound(Envelope in, Stanza stanza, Jid to, StageOutput out) {
    if (!blocks(to, stanza.from())) {
      return false;
    }
    metrics.count("switchboard.blocking.stopped", "direction", "inbound");
    if (stanza.isRequest()) {
      Replies.error(in, stanza.element(), StanzaError.SERVICE_UNAVAILABLE, null, domain, out);
    }
    return true;
  }

  /**
   * The error to a stanza sent to a JID its sender blocked (XEP-0191 §3.5): {@code <error
   * type='cancel'>} with {@code not-acceptable} and {@code <blocked
   * xmlns='urn:xmpp:blocking:errors'/>}.
   */
  public static XmlElement blockedError(XmlElement stanza, String domain) {
    XmlElement reply = Stanzas.error(stanza, StanzaError.NOT_ACCEPTABLE, domain);
    XmlElement error =
        XmlElement.builder("error", stanza.namespace())
            .attr("type", StanzaError.Type.CANCEL.value())
            .child(
                XmlElement.builder(StanzaError.NOT_ACCEPTABLE.condition(), Stanzas.STANZAS_NS)
                    .build())
            .child(XmlElement.builder("blocked", ERRORS_NS).build())
            .build();
    return reply.toBuilder().removeChildren("error", stanza.namespace()).child(error).build();
  }
}
