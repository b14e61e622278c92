package io.switchboard.router;

import io.switchboard.core.archive.ArchiveId;
import io.switchboard.core.archive.ArchivePolicy;
import io.switchboard.core.archive.ArchiveStore;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.XmlElement;
import io.switchboard.xmpp.XmlNode;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * The router's side of message archives (XEP-0313) and stanza ids (XEP-0359): decides which
 * accounts archive a routed message, under which id, and queues the writes. Ids are derived from
 * the envelope ({@link ArchiveId}), so a redelivered envelope is archived under the same keys and
 * stored once. The recipient's id goes into the delivered copy as {@code <stanza-id by='recipient
 * bare JID'/>}.
 */
@Singleton
public class MessageArchiver {

  public static final String SID_NS = "urn:xmpp:sid:0";

  /**
   * The archive ids a message got, null where an account does not archive it.
   *
   * @param recipient id in the recipient's archive
   * @param sender id in the sender's archive
   */
  public record Ids(String recipient, String sender) {
    static final Ids NONE = new Ids(null, null);
  }

  private final ArchiveStore store;
  private final ArchivePolicy policy;

  public MessageArchiver(ArchiveStore store, ArchivePolicy policy) {
    this.store = store;
    this.policy = policy;
  }

  /**
   * Decides where a message is archived, without writing.
   *
   * @param recipient the recipient account (bare JID, local)
   * @param sender the sending local resource, or null when the message came from no local client
   */
  public Ids decide(Envelope in, Stanza message, Jid recipient, Jid sender) {
    if (!policy.enabled() || !ArchivePolicy.archivable(message)) {
      return Ids.NONE;
    }
    String id = ArchiveId.of(in.createdMicros(), in.id());
    Jid from = message.from() != null ? message.from() : sender;
    String forRecipient = from != null && policy.archives(recipient, from) ? id : null;
    String forSender = null;
    if (sender != null) {
      if (sender.bare().equals(recipient)) {
        forSender = forRecipient; // one account, one archive entry
      } else if (policy.archives(sender.bare(), recipient)) {
        forSender = id;
      }
    }
    return forRecipient == null && forSender == null ? Ids.NONE : new Ids(forRecipient, forSender);
  }

  /** Queues the archive writes {@link #decide} planned. */
  public void record(Envelope in, Stanza message, Jid recipient, Jid sender, Ids ids) {
    if (ids.recipient() == null && ids.sender() == null) {
      return;
    }
    String xml = message.element().toXml();
    Jid from = message.from() != null ? message.from() : sender;
    if (ids.recipient() != null) {
      store.archive(recipient, ids.recipient(), true, from, in.createdMicros(), xml);
    }
    if (ids.sender() != null && !sender.bare().equals(recipient)) {
      Jid to = message.to() != null ? message.to() : recipient;
      store.archive(sender.bare(), ids.sender(), false, to, in.createdMicros(), xml);
    }
  }

  /** The message with {@code <stanza-id xmlns='urn:xmpp:sid:0' by='...' id='...'/>} added. */
  public static XmlElement withStanzaId(XmlElement message, Jid by, String id) {
    return message.toBuilder()
        .child(
            XmlElement.builder("stanza-id", SID_NS)
                .attr("by", by.toString())
                .attr("id", id)
                .build())
        .build();
  }

  /**
   * XEP-0359 §3.1: removes stanza-ids a client put in claiming to come from this server or one of
   * its accounts ({@code by} in this domain), so nobody can spoof archive ids. Returns the same
   * instance when there is nothing to remove.
   */
  public static XmlElement stripOwnStanzaIds(XmlElement message, String domain) {
    boolean found = false;
    for (XmlElement child : message.elements()) {
      if (isOwnStanzaId(child, domain)) {
        found = true;
        break;
      }
    }
    if (!found) {
      return message;
    }
    List<XmlNode> kept = new ArrayList<>(message.nodes().size());
    for (XmlNode node : message.nodes()) {
      if (!(node instanceof XmlElement e && isOwnStanzaId(e, domain))) {
        kept.add(node);
      }
    }
    return message.toBuilder().clearNodes().nodes(kept).build();
  }

  private static boolean isOwnStanzaId(XmlElement e, String domain) {
    if (!"stanza-id".equals(e.name()) || !SID_NS.equals(e.namespace())) {
      return false;
    }
    Jid by = Jid.ofOrNull(e.attr("by"));
    // An unparseable 'by' cannot be trusted either.
    return by == null || by.domain().equals(domain);
  }
}
