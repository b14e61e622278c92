package io.switchboard.processor.roster;

import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Replies;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.processor.iq.IqHandler;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.JidFormatException;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Roster get and set (RFC 6121 §2), with roster versioning (§2.6). Removing a contact also ends the
 * subscriptions with it (§2.5.2), through the {@link SubscriptionProcessor}.
 */
@Singleton
public class RosterHandler implements IqHandler {

  static final int MAX_NAME = 1023;
  static final int MAX_GROUP = 1023;

  private final RosterStore store;
  private final RosterPushes pushes;
  private final SubscriptionProcessor subscriptions;
  private final String domain;
  private final RosterLocks locks;

  public RosterHandler(
      RosterStore store,
      RosterPushes pushes,
      SubscriptionProcessor subscriptions,
      RosterLocks locks,
      SwitchboardConfig config) {
    this.locks = locks;
    this.store = store;
    this.pushes = pushes;
    this.subscriptions = subscriptions;
    this.domain = config.domain();
  }

  @Override
  public String element() {
    return "query";
  }

  @Override
  public String namespace() {
    return RosterPushes.NS;
  }

  @Override
  public Set<String> accountFeatures() {
    return Set.of(RosterPushes.NS);
  }

  @Override
  public void handle(Stanza iq, Envelope in, StageOutput out) {
    Jid owner = iq.from().bare();
    if (iq.to() != null && !iq.to().bare().equals(owner)) {
      Replies.error(in, iq.element(), StanzaError.FORBIDDEN, "not your roster", domain, out);
      return;
    }
    if ("get".equals(iq.type())) {
      get(iq, owner, in, out);
    } else {
      set(iq, owner, in, out);
    }
  }

  private void get(Stanza iq, Jid owner, Envelope in, StageOutput out) {
    long version = store.version(owner);
    String requested = iq.payload().attr("ver");
    if (requested != null && requested.equals(Long.toString(version))) {
      // §2.6.3: the client's copy is current; changes would come as pushes.
      Replies.reply(in, Replies.iqResult(iq, null, null), out);
      return;
    }
    XmlElement.Builder query =
        XmlElement.builder("query", RosterPushes.NS).attr("ver", Long.toString(version));
    for (RosterItem item : store.all(owner)) {
      if (item.listed()) {
        query.child(RosterPushes.itemXml(item, false));
      }
    }
    Replies.reply(in, Replies.iqResult(iq, null, query.build()), out);
  }

  private void set(Stanza iq, Jid owner, Envelope in, StageOutput out) {
    List<XmlElement> items = iq.payload().elements();
    if (items.size() != 1 || !"item".equals(items.get(0).name())) {
      bad(iq, in, out, StanzaError.BAD_REQUEST, "a roster set carries exactly one item");
      return;
    }
    XmlElement item = items.get(0);
    Jid contact;
    try {
      contact = Jid.of(item.attr("jid") == null ? "" : item.attr("jid")).bare();
    } catch (JidFormatException e) {
      bad(iq, in, out, StanzaError.BAD_REQUEST, "the item needs a valid jid");
      return;
    }
    String subscription = item.attr("subscription");
    if ("remove".equals(subscription)) {
      remove(iq, owner, contact, in, out);
      return;
    }
    if (subscription != null && !"none".equals(subscription)) {
      // §2.1.2.5: clients do not set subscription states.
      bad(iq, in, out, StanzaError.BAD_REQUEST, "subscription can only be 'remove'");
      return;
    }
    if (contact.equals(owner)) {
      bad(iq, in, out, StanzaError.NOT_ALLOWED, "you cannot be your own contact");
      return;
    }
    String name = item.attr("name");
    if (name != null && (name.length() > MAX_NAME)) {
      bad(iq, in, out, StanzaError.NOT_ACCEPTABLE, "name too long");
      return;
    }
    List<String> groups = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (XmlElement g : item.elements()) {
      if (!"group".equals(g.name())) {
        continue;
      }
      String group = g.text();
      if (group.isEmpty() || group.length() > MAX_GROUP) {
        bad(iq, in, out, StanzaError.NOT_ACCEPTABLE, "group names are 1 to 1023 characters");
        return;
      }
      if (!seen.add(group)) {
        bad(iq, in, out, StanzaError.BAD_REQUEST, "duplicate group " + group);
        return;
      }
      groups.add(group);
    }
    RosterItem updated;
    long version;
    try (RosterLocks.Held held = locks.lock(owner, contact)) {
      updated =
          store
              .get(owner, contact)
              .withListed(true, name == null || name.isEmpty() ? null : name, groups);
      version = store.save(updated);
    }
    Replies.reply(in, Replies.iqResult(iq, null, null), out);
    pushes.push(updated, false, version, out);
  }

  private void remove(Stanza iq, Jid owner, Jid contact, Envelope in, StageOutput out) {
    RosterItem current = store.find(owner, contact).orElse(null);
    if (current == null || !current.listed()) {
      bad(iq, in, out, StanzaError.ITEM_NOT_FOUND, "no such roster item");
      return;
    }
    // §2.5.2: cancel both directions before removing the item.
    subscriptions.cancelAll(owner, contact, out);
    RosterItem gone;
    long version;
    try (RosterLocks.Held held = locks.lock(owner, contact)) {
      gone = store.get(owner, contact);
      version =
          store.save(
              new RosterItem(
                  owner,
                  contact,
                  false,
                  null,
                  List.of(),
                  RosterItem.Subscription.NONE,
                  false,
                  false,
                  false,
                  null));
    }
    Replies.reply(in, Replies.iqResult(iq, null, null), out);
    pushes.push(gone, true, version, out);
  }

  private void bad(Stanza iq, Envelope in, StageOutput out, StanzaError error, String text) {
    Replies.error(in, iq.element(), error, text, domain, out);
  }
}
