package io.switchboard.processor.account;

import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.EnvelopeKind;
import io.switchboard.core.pipeline.Route;
import io.switchboard.core.pipeline.ServerCommand;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.session.SessionEntry;
import io.switchboard.core.session.SessionTable;
import io.switchboard.core.user.AccountData;
import io.switchboard.core.user.UserStore;
import io.switchboard.processor.roster.RosterItem;
import io.switchboard.processor.roster.RosterStore;
import io.switchboard.processor.roster.SubscriptionProcessor;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StreamError;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes an account: the one way to do it, whether the user asks (XEP-0077), an administrator does
 * (XEP-0133, or the admin HTTP API through a {@link ServerCommand.RemoveAccount} command). In
 * order:
 *
 * <ol>
 *   <li>The account is marked as being removed: it can no longer log in, messages to it are no
 *       longer stored offline, its name stays taken until the end.
 *   <li>Every subscription is cancelled both ways, as ejabberd's {@code mod_roster:remove_user}
 *       does: contacts get {@code unsubscribe}/{@code unsubscribed} (and pending requests are
 *       withdrawn), their roster items for the account drop to subscription {@code none} (they are
 *       not deleted), and contacts that saw the account's presence get unavailable presence from
 *       each of its available resources (RFC 6121 §3.2.2, §3.3.2).
 *   <li>Whatever the caller must say first is sent (the XEP-0077 result reaches the client before
 *       its stream closes).
 *   <li>Every live session is ended, on whichever access node holds it.
 *   <li>Every {@link AccountData} store deletes what it holds for the account.
 *   <li>The account record is deleted: the name is free again.
 * </ol>
 *
 * Idempotent: a redelivered request runs again harmlessly, and finishes a removal that was
 * interrupted (the record stays, marked, until the last step).
 */
@Singleton
public class AccountRemoval {

  /**
   * The stream error that ends a removed account's sessions: {@code <not-authorized/>}, as XEP-0077
   * §3.2 says for account removal ("the server SHOULD then return a &lt;not-authorized/&gt; stream
   * error and terminate all active sessions for the entity"), and as Prosody does ("Account
   * deleted"). ejabberd sends {@code <conflict/>} "User removed" instead ({@code
   * ejabberd_sm:disconnect_removed_user}); RFC 6120 §4.9.3.3 defines {@code conflict} for a stream
   * replaced by a newer one of the same entity, which is not what happened, whereas {@code
   * not-authorized} tells the client the truth: these credentials no longer authorize anything, so
   * reconnecting is pointless. The specification of the operation wins over one implementation.
   */
  static final StreamError SESSION_END = StreamError.NOT_AUTHORIZED;

  static final String SESSION_END_TEXT = "Account removed";

  private static final Logger LOG = LoggerFactory.getLogger(AccountRemoval.class);

  private final UserStore users;
  private final RosterStore rosters;
  private final SubscriptionProcessor subscriptions;
  private final SessionTable sessions;
  private final List<AccountData> stores;

  public AccountRemoval(
      UserStore users,
      RosterStore rosters,
      SubscriptionProcessor subscriptions,
      SessionTable sessions,
      List<AccountData> stores) {
    this.users = users;
    this.rosters = rosters;
    this.subscriptions = subscriptions;
    this.sessions = sessions;
    this.stores = List.copyOf(stores);
  }

  /**
   * Removes an account and everything it has; what contacts and sessions must learn goes to {@code
   * out}.
   *
   * @param account the account (its bare JID is used)
   * @return false if there was no such account (nothing was done)
   */
  public boolean remove(Jid account, StageOutput out) {
    return remove(account, out, () -> {});
  }

  /**
   * As {@link #remove(Jid, StageOutput)}; {@code beforeSessionsEnd} runs once the account can no
   * longer log in and its contacts were told, right before its sessions are ended.
   */
  public boolean remove(Jid account, StageOutput out, Runnable beforeSessionsEnd) {
    Jid bare = account.bare();
    if (!users.markRemoving(bare)) {
      return false;
    }
    List<RosterItem> roster = rosters.all(bare);
    for (RosterItem item : roster) {
      subscriptions.cancelAll(bare, item.contact(), out);
    }
    beforeSessionsEnd.run();
    List<SessionEntry> live = sessions.sessions(bare);
    XmlElement end = new ServerCommand.CloseSession(SESSION_END, SESSION_END_TEXT).toXml();
    for (SessionEntry s : live) {
      out.emit(
          Destination.accessNode(s.nodeId()),
          EnvelopeKind.COMMAND,
          Route.deliver(s.jid(), s.nodeId()),
          end);
    }
    for (AccountData store : stores) {
      store.deleteAccountData(bare);
    }
    users.delete(bare.local());
    LOG.info(
        "removed account {}: {} roster items, {} sessions ended, {} stores cleared",
        bare,
        roster.size(),
        live.size(),
        stores.size());
    return true;
  }

  /** The stores removal clears, for tests and diagnostics. */
  List<AccountData> stores() {
    return stores;
  }
}
