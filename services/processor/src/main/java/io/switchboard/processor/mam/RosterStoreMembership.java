package io.switchboard.processor.mam;

import io.switchboard.core.archive.RosterMembership;
import io.switchboard.processor.roster.RosterItem;
import io.switchboard.processor.roster.RosterStore;
import io.switchboard.xmpp.Jid;
import jakarta.inject.Singleton;

/**
 * The roster check behind the {@code roster} archiving default: a contact counts when it is a
 * listed item or has a subscription in either direction.
 */
@Singleton
public class RosterStoreMembership implements RosterMembership {

  private final RosterStore rosters;

  public RosterStoreMembership(RosterStore rosters) {
    this.rosters = rosters;
  }

  @Override
  public boolean inRoster(Jid owner, Jid contact) {
    return rosters
        .find(owner.bare(), contact.bare())
        .map(i -> i.listed() || i.subscription() != RosterItem.Subscription.NONE)
        .orElse(false);
  }
}
