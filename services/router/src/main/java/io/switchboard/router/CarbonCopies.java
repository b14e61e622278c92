package io.switchboard.router;

import io.switchboard.core.pipeline.Route;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.session.SessionEntry;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.XmlElement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Message carbons (XEP-0280): copies of a routed message for the other resources of the sender
 * ({@code <sent/>}) and of the recipient ({@code <received/>}) that enabled carbons, each wrapped
 * in a message from the account's bare JID to the resource's full JID.
 */
public final class CarbonCopies {

  public static final String NS = "urn:xmpp:carbons:2";
  public static final String FORWARD_NS = "urn:xmpp:forward:0";
  static final String HINTS_NS = "urn:xmpp:hints";

  private CarbonCopies() {}

  /**
   * XEP-0280 §6: whether a message is copied at all. Messages of type chat, and of type normal with
   * a body; not errors, not messages marked {@code <private/>} or {@code <no-copy/>} (XEP-0334),
   * and not carbons themselves.
   */
  public static boolean eligible(Stanza message) {
    if (message.kind() != Stanza.Kind.MESSAGE) {
      return false;
    }
    XmlElement e = message.element();
    switch (message.type()) {
      case "chat":
        break;
      case "normal":
        if (e.child("body", Stanzas.CLIENT_NS) == null) {
          return false;
        }
        break;
      default:
        return false;
    }
    for (XmlElement child : e.elements()) {
      String ns = child.namespace();
      if (NS.equals(ns)) {
        // <private/>, or a <sent/>/<received/> carbon.
        return false;
      }
      if (HINTS_NS.equals(ns) && "no-copy".equals(child.name())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Emits the copies of a message.
   *
   * @param sender the sending session's full JID, or null when it came from no client session
   * @param senderResources the resources of the sender's account ({@code sender} included)
   * @param sentCopy the message as the sender's other resources see it
   * @param recipientResources the resources of the recipient's account, or an empty list when the
   *     message was not delivered (it went to offline storage)
   * @param received the message as delivered
   * @param delivered the resources that got the message itself
   * @return how many copies were emitted
   */
  public static int copy(
      Jid sender,
      List<SessionEntry> senderResources,
      XmlElement sentCopy,
      List<SessionEntry> recipientResources,
      XmlElement received,
      List<SessionEntry> delivered,
      StageOutput out) {
    Set<Jid> done = new HashSet<>();
    for (SessionEntry e : delivered) {
      done.add(e.jid());
    }
    if (sender != null) {
      done.add(sender);
    }
    int copies = 0;
    if (sender != null) {
      for (SessionEntry e : senderResources) {
        if (e.carbons() && done.add(e.jid())) {
          out.deliver(Route.deliver(e.jid(), e.nodeId()), wrap("sent", sentCopy, e.jid()));
          copies++;
        }
      }
    }
    for (SessionEntry e : recipientResources) {
      if (e.carbons() && done.add(e.jid())) {
        out.deliver(Route.deliver(e.jid(), e.nodeId()), wrap("received", received, e.jid()));
        copies++;
      }
    }
    return copies;
  }

  /** The carbon of {@code message} for one resource: from its bare JID, to its full JID. */
  static XmlElement wrap(String direction, XmlElement message, Jid resource) {
    XmlElement.Builder b =
        XmlElement.builder("message", Stanzas.CLIENT_NS)
            .attr("from", resource.bare().toString())
            .attr("to", resource.toString());
    String type = message.attr("type");
    if (type != null) {
      b.attr("type", type);
    }
    return b.child(
            XmlElement.builder(direction, NS)
                .child(XmlElement.builder("forwarded", FORWARD_NS).child(message).build())
                .build())
        .build();
  }
}
