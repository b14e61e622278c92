package io.switchboard.processor.pep;

import io.switchboard.processor.pep.PubSub.Failure;
import io.switchboard.processor.roster.RosterItem;
import io.switchboard.processor.roster.RosterStore;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import jakarta.inject.Singleton;

/**
 * Who may read a PEP node (XEP-0060 §4.5, XEP-0163 §4): its owner always; anyone when it is open;
 * users subscribed to the owner's presence when it is presence (the owner's roster item for them
 * has subscription from or both); no one else when it is whitelist.
 */
@Singleton
class PepAccess {

  private final RosterStore rosters;

  PepAccess(RosterStore rosters) {
    this.rosters = rosters;
  }

  boolean mayRead(PepNode node, Jid requester) {
    Jid who = requester.bare();
    if (who.equals(node.owner())) {
      return true;
    }
    return switch (node.config().accessModel()) {
      case OPEN -> true;
      case PRESENCE -> subscribedToOwner(node.owner(), who);
      case WHITELIST -> false;
    };
  }

  /** Whether {@code contact} receives the presence of {@code owner}. */
  boolean subscribedToOwner(Jid owner, Jid contact) {
    return rosters.find(owner, contact.bare()).map(RosterItem::subscription).stream()
        .anyMatch(RosterItem.Subscription::from);
  }

  /** The error for a requester who may not read the node (XEP-0060 §6.5.9). */
  static Failure denied(PepNode node) {
    return node.config().accessModel() == AccessModel.WHITELIST
        ? new Failure(StanzaError.NOT_ALLOWED, "closed-node", "the node is not open to you")
        : new Failure(
            StanzaError.NOT_AUTHORIZED,
            "presence-subscription-required",
            "the node is open to those subscribed to its owner's presence");
  }
}
