package io.switchboard.core.archive;

import io.switchboard.xmpp.Jid;

/**
 * Whether a contact is in an account's roster, for the {@code roster} archiving default. Rosters
 * belong to the processor, which provides the implementation; without one, {@code roster} is
 * treated as {@code always}.
 */
public interface RosterMembership {

  /** True when {@code contact} (a bare JID) is an item of {@code owner}'s roster. */
  boolean inRoster(Jid owner, Jid contact);
}
