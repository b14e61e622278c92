package io.switchboard.processor.pep;

import io.switchboard.core.blocking.BlockingFilter;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.pipeline.Route;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.session.SessionEntry;
import io.switchboard.core.session.SessionTable;
import io.switchboard.processor.caps.CapsObserver;
import io.switchboard.processor.caps.CapsStore;
import io.switchboard.processor.roster.RosterItem;
import io.switchboard.processor.roster.RosterStore;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiPredicate;

/**
 * Sends PEP event notifications (XEP-0163 §4.3): {@code <message type='headline' from='owner bare
 * JID'>} with a {@code pubsub#event} payload, to each available resource that announced {@code
 * <node>+notify} in its entity capabilities (filtered notifications) and is either the owner's or a
 * contact's subscribed to the owner's presence with non-negative priority (auto-subscribe).
 * Whitelist nodes notify the owner's resources only.
 *
 * <p>It also sends the last published item of a node, with a XEP-0203 delay stamp, to a resource
 * that starts announcing interest in it: at its initial presence, when its capabilities change, or
 * when the server learns them (§4.3.3, §4.3.4).
 */
@Singleton
class PepNotifier implements CapsObserver {

  static final String NOTIFY = "+notify";

  /** One resource to notify; {@code contact} when it is not the owner's. */
  record Recipient(SessionEntry session, boolean contact) {}

  private final SessionTable sessions;
  private final RosterStore rosters;
  private final CapsStore caps;
  private final PepStore store;
  private final BiPredicate<Jid, Jid> blocks;
  private final String domain;

  @Inject
  PepNotifier(
      SessionTable sessions,
      RosterStore rosters,
      CapsStore caps,
      PepStore store,
      BlockingFilter blocking,
      SwitchboardConfig config) {
    this(sessions, rosters, caps, store, blocking::blocks, config.domain());
  }

  /**
   * @param blocks whether the first account's block list (XEP-0191) blocks the second JID
   */
  PepNotifier(
      SessionTable sessions,
      RosterStore rosters,
      CapsStore caps,
      PepStore store,
      BiPredicate<Jid, Jid> blocks,
      String domain) {
    this.sessions = sessions;
    this.rosters = rosters;
    this.caps = caps;
    this.store = store;
    this.blocks = blocks;
    this.domain = domain;
  }

  /**
   * Whether events of {@code owner} may reach {@code contact}: not when the owner blocked the
   * contact (XEP-0163 §4.3.3) nor when the contact blocked the owner (XEP-0191 §3.4; these
   * deliveries do not pass the router, which enforces it for other stanzas).
   */
  private boolean reaches(Jid owner, Jid contact) {
    return !blocks.test(owner, contact) && !blocks.test(contact, owner);
  }

  /** Who gets the notifications of a node now. */
  List<Recipient> recipients(PepNode node) {
    String interest = node.name() + NOTIFY;
    List<Recipient> out = new ArrayList<>();
    for (SessionEntry s : sessions.sessions(node.owner())) {
      if (s.available() && caps.features(s).contains(interest)) {
        out.add(new Recipient(s, false));
      }
    }
    if (node.config().accessModel() == AccessModel.WHITELIST) {
      return out;
    }
    for (RosterItem item : rosters.all(node.owner())) {
      if (!item.subscription().from()
          || !domain.equals(item.contact().domain())
          || !reaches(node.owner(), item.contact())) {
        continue;
      }
      for (SessionEntry s : sessions.sessions(item.contact())) {
        if (s.available() && s.priority() >= 0 && caps.features(s).contains(interest)) {
          out.add(new Recipient(s, true));
        }
      }
    }
    return out;
  }

  /** A new item (§7.1.2.1), with a XEP-0033 replyto naming the publishing resource for contacts. */
  void published(PepNode node, PepItem item, StageOutput out) {
    XmlElement event = event(node, itemElement(item));
    XmlElement replyTo =
        XmlElement.builder("addresses", PubSub.ADDRESS_NS)
            .child(
                XmlElement.builder("address", PubSub.ADDRESS_NS)
                    .attr("type", "replyto")
                    .attr("jid", item.publisher())
                    .build())
            .build();
    for (Recipient r : recipients(node)) {
      send(node.owner(), r.session(), event, r.contact() ? replyTo : null, out);
    }
  }

  /** Items removed by their publisher (§7.2.2.1). */
  void retracted(PepNode node, List<String> ids, StageOutput out) {
    XmlElement.Builder items =
        XmlElement.builder("items", PubSub.EVENT_NS).attr("node", node.name());
    for (String id : ids) {
      items.child(XmlElement.builder("retract", PubSub.EVENT_NS).attr("id", id).build());
    }
    XmlElement event = XmlElement.builder("event", PubSub.EVENT_NS).child(items.build()).build();
    for (Recipient r : recipients(node)) {
      send(node.owner(), r.session(), event, null, out);
    }
  }

  /** The node was deleted (§8.4.2) or purged (§8.5.2): {@code what} is delete or purge. */
  void nodeEvent(PepNode node, String what, StageOutput out) {
    XmlElement event =
        XmlElement.builder("event", PubSub.EVENT_NS)
            .child(XmlElement.builder(what, PubSub.EVENT_NS).attr("node", node.name()).build())
            .build();
    for (Recipient r : recipients(node)) {
      send(node.owner(), r.session(), event, null, out);
    }
  }

  @Override
  public void featuresKnown(
      SessionEntry resource, Set<String> before, Set<String> now, StageOutput out) {
    Set<String> interests = new HashSet<>();
    for (String f : now) {
      if (f.endsWith(NOTIFY) && !before.contains(f)) {
        interests.add(f.substring(0, f.length() - NOTIFY.length()));
      }
    }
    if (interests.isEmpty() || !resource.available()) {
      return;
    }
    Jid user = resource.jid().bare();
    lastItems(user, resource, interests, out);
    if (resource.priority() < 0) {
      return; // XEP-0163 §4.3.2: contacts' notifications go to non-negative priorities only
    }
    for (RosterItem item : rosters.all(user)) {
      if (item.subscription().to()
          && domain.equals(item.contact().domain())
          && reaches(item.contact(), user)) {
        lastItems(item.contact(), resource, interests, out);
      }
    }
  }

  /** The last item of each node of {@code owner} the resource is newly interested in. */
  private void lastItems(Jid owner, SessionEntry resource, Set<String> interests, StageOutput out) {
    boolean self = owner.equals(resource.jid().bare());
    for (PepNode node : store.nodes(owner)) {
      if (!interests.contains(node.name())
          || node.config().sendLastItem() == SendLastItem.NEVER
          || (!self && node.config().accessModel() == AccessModel.WHITELIST)) {
        continue;
      }
      store
          .last(owner, node.name())
          .ifPresent(
              item -> {
                XmlElement delay =
                    XmlElement.builder("delay", Stanzas.DELAY_NS)
                        .attr("from", owner.toString())
                        .attr(
                            "stamp",
                            DateTimeFormatter.ISO_INSTANT.format(
                                item.published().truncatedTo(ChronoUnit.MILLIS)))
                        .build();
                send(owner, resource, event(node, itemElement(item)), delay, out);
              });
    }
  }

  private static XmlElement event(PepNode node, XmlElement item) {
    return XmlElement.builder("event", PubSub.EVENT_NS)
        .child(
            XmlElement.builder("items", PubSub.EVENT_NS)
                .attr("node", node.name())
                .child(item)
                .build())
        .build();
  }

  private static XmlElement itemElement(PepItem item) {
    return XmlElement.builder("item", PubSub.EVENT_NS)
        .attr("id", item.id())
        .child(item.payload())
        .build();
  }

  private static void send(
      Jid owner, SessionEntry to, XmlElement event, XmlElement extra, StageOutput out) {
    XmlElement.Builder m =
        XmlElement.builder("message", Stanzas.CLIENT_NS)
            .attr("from", owner.toString())
            .attr("to", to.jid().toString())
            .attr("type", "headline")
            .attr("id", "pep-" + UUID.randomUUID())
            .child(event);
    if (extra != null) {
      m.child(extra);
    }
    out.deliver(Route.deliver(to.jid(), to.nodeId()), m.build());
  }
}
