package io.switchboard.processor.roster;

import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.EnvelopeKind;
import io.switchboard.core.pipeline.Route;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.session.SessionEntry;
import io.switchboard.core.session.SessionTable;
import io.switchboard.core.stanza.Replies;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.core.user.UserStore;
import io.switchboard.processor.roster.RosterItem.Subscription;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Singleton;

/**
 * The presence subscription state machine of RFC 6121 §3, both halves: the user's server processing
 * an outbound subscription stanza, and the contact's server processing it inbound. With no
 * federation both accounts are local, so one call applies both, then routes what the contact must
 * see through the router.
 */
@Singleton
public class SubscriptionProcessor {

  private final RosterStore store;
  private final RosterPushes pushes;
  private final SessionTable sessions;
  private final UserStore users;
  private final String domain;
  private final RosterLocks locks;

  public SubscriptionProcessor(
      RosterStore store,
      RosterPushes pushes,
      SessionTable sessions,
      UserStore users,
      RosterLocks locks,
      SwitchboardConfig config) {
    this.locks = locks;
    this.store = store;
    this.pushes = pushes;
    this.sessions = sessions;
    this.users = users;
    this.domain = config.domain();
  }

  /** Whether a presence type is one of the four subscription types. */
  public static boolean isSubscription(String type) {
    return "subscribe".equals(type)
        || "subscribed".equals(type)
        || "unsubscribe".equals(type)
        || "unsubscribed".equals(type);
  }

  public void process(Stanza presence, Envelope in, StageOutput out) {
    Jid user = presence.from().bare();
    Jid contact = presence.to().bare();
    if (contact.equals(user)) {
      Replies.error(
          in,
          presence.element(),
          StanzaError.BAD_REQUEST,
          "a subscription to oneself is implicit",
          domain,
          out);
      return;
    }
    if (contact.local() == null) {
      Replies.error(in, presence.element(), StanzaError.SERVICE_UNAVAILABLE, null, domain, out);
      return;
    }
    try (RosterLocks.Held held = locks.lock(user, contact)) {
      switch (presence.type()) {
        case "subscribe":
          subscribe(user, contact, presence.element(), out);
          break;
        case "subscribed":
          subscribed(user, contact, out);
          break;
        case "unsubscribe":
          unsubscribe(user, contact, out);
          break;
        default:
          unsubscribed(user, contact, out);
          break;
      }
    }
  }

  /** Ends every subscription between the two, both ways (roster removal, RFC 6121 §2.5.2). */
  public void cancelAll(Jid user, Jid contact, StageOutput out) {
    try (RosterLocks.Held held = locks.lock(user, contact)) {
      cancelAllLocked(user, contact, out);
    }
  }

  private void cancelAllLocked(Jid user, Jid contact, StageOutput out) {
    RosterItem item = store.get(user, contact);
    if (item.subscription().to() || item.askSubscribe()) {
      unsubscribe(user, contact, out);
    }
    item = store.get(user, contact);
    if (item.subscription().from() || item.pendingIn() || item.preApproved()) {
      unsubscribed(user, contact, out);
    }
  }

  /** §3.1: the user asks to see the contact's presence. */
  private void subscribe(Jid user, Jid contact, XmlElement original, StageOutput out) {
    RosterItem mine = store.get(user, contact);
    if (!mine.subscription().to() && (!mine.askSubscribe() || !mine.listed())) {
      RosterItem asked = mine.withListed(true, mine.name(), mine.groups()).withAsk(true);
      pushes.push(asked, false, store.save(asked), out);
    }
    if (!users.exists(contact)) {
      // No such account: answer for it, so the user's client does not wait forever.
      RosterItem refused = store.get(user, contact).withAsk(false);
      pushes.push(refused, false, store.save(refused), out);
      route(user, presence("unsubscribed", contact, user), out);
      return;
    }
    RosterItem theirs = store.get(contact, user);
    if (theirs.subscription().from()) {
      // Already approved: the contact's server answers at once (§3.1.3).
      approvedBy(contact, user, out);
      return;
    }
    if (theirs.preApproved()) {
      RosterItem granted =
          theirs
              .withPreApproved(false)
              .withSubscription(Subscription.of(theirs.subscription().to(), true));
      pushes.push(granted, false, store.save(granted), out);
      approvedBy(contact, user, out);
      sendPresenceOf(contact, user, out);
      return;
    }
    XmlElement request =
        original.withAttr("from", user.toString()).withAttr("to", contact.toString());
    store.save(theirs.withPendingIn(true, request.toXml()));
    route(contact, request, out);
  }

  /** §3.1.5: the user approves the contact's request (or pre-approves one, §3.4). */
  private void subscribed(Jid user, Jid contact, StageOutput out) {
    RosterItem mine = store.get(user, contact);
    if (mine.subscription().from()) {
      return;
    }
    if (!mine.pendingIn()) {
      if (!mine.preApproved()) {
        RosterItem approved = mine.withPreApproved(true);
        long version = store.save(approved);
        if (approved.listed()) {
          pushes.push(approved, false, version, out);
        }
      }
      return;
    }
    RosterItem granted =
        mine.withPendingIn(false, null)
            .withListed(true, mine.name(), mine.groups())
            .withSubscription(Subscription.of(mine.subscription().to(), true));
    pushes.push(granted, false, store.save(granted), out);
    approvedBy(user, contact, out);
    sendPresenceOf(user, contact, out);
  }

  /**
   * Inbound half of an approval: the subscriber's item moves to 'to' and the subscriber's resources
   * are told (§3.1.6).
   */
  private void approvedBy(Jid approver, Jid subscriber, StageOutput out) {
    RosterItem theirs = store.get(subscriber, approver);
    if (theirs.askSubscribe() || !theirs.subscription().to()) {
      RosterItem done =
          theirs
              .withAsk(false)
              .withSubscription(Subscription.of(true, theirs.subscription().from()));
      pushes.push(done, false, store.save(done), out);
    }
    route(subscriber, presence("subscribed", approver, subscriber), out);
  }

  /** §3.3: the user stops seeing the contact's presence. */
  private void unsubscribe(Jid user, Jid contact, StageOutput out) {
    RosterItem mine = store.get(user, contact);
    if (mine.subscription().to() || mine.askSubscribe()) {
      RosterItem ended =
          mine.withAsk(false).withSubscription(Subscription.of(false, mine.subscription().from()));
      pushes.push(ended, false, store.save(ended), out);
    }
    RosterItem theirs = store.get(contact, user);
    if (theirs.subscription().from() || theirs.pendingIn()) {
      RosterItem ended =
          theirs
              .withPendingIn(false, null)
              .withSubscription(Subscription.of(theirs.subscription().to(), false));
      long version = store.save(ended);
      if (ended.listed()) {
        pushes.push(ended, false, version, out);
      }
      route(contact, presence("unsubscribe", user, contact), out);
      sendUnavailableOf(contact, user, out);
    }
  }

  /** §3.2: the user cancels or denies the contact's subscription. */
  private void unsubscribed(Jid user, Jid contact, StageOutput out) {
    RosterItem mine = store.get(user, contact);
    if (mine.subscription().from() || mine.pendingIn() || mine.preApproved()) {
      RosterItem ended =
          mine.withPendingIn(false, null)
              .withPreApproved(false)
              .withSubscription(Subscription.of(mine.subscription().to(), false));
      long version = store.save(ended);
      if (ended.listed()) {
        pushes.push(ended, false, version, out);
      }
    }
    RosterItem theirs = store.get(contact, user);
    if (theirs.subscription().to() || theirs.askSubscribe()) {
      RosterItem ended =
          theirs
              .withAsk(false)
              .withSubscription(Subscription.of(false, theirs.subscription().from()));
      pushes.push(ended, false, store.save(ended), out);
      route(contact, presence("unsubscribed", user, contact), out);
      sendUnavailableOf(user, contact, out);
    }
  }

  /** The current presence of each available resource of {@code owner}, to {@code to}. */
  private void sendPresenceOf(Jid owner, Jid to, StageOutput out) {
    for (SessionEntry s : sessions.sessions(owner)) {
      if (s.available() && s.presence() != null) {
        route(to, s.presence().withAttr("to", to.toString()), out);
      }
    }
  }

  /** Unavailable presence from each available resource of {@code owner}, to {@code to}. */
  private void sendUnavailableOf(Jid owner, Jid to, StageOutput out) {
    for (SessionEntry s : sessions.sessions(owner)) {
      if (s.available()) {
        XmlElement unavailable =
            XmlElement.builder("presence", Stanzas.CLIENT_NS)
                .attr("from", s.jid().toString())
                .attr("to", to.toString())
                .attr("type", "unavailable")
                .build();
        route(to, unavailable, out);
      }
    }
  }

  private static XmlElement presence(String type, Jid from, Jid to) {
    return XmlElement.builder("presence", Stanzas.CLIENT_NS)
        .attr("from", from.toString())
        .attr("to", to.toString())
        .attr("type", type)
        .build();
  }

  private static void route(Jid to, XmlElement stanza, StageOutput out) {
    out.emit(Destination.ROUTER, EnvelopeKind.ROUTE, Route.to(to), stanza);
  }
}
