package io.switchboard.processor.presence;

import io.switchboard.core.blocking.BlockingFilter;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.offline.OfflineStore;
import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.EnvelopeKind;
import io.switchboard.core.pipeline.Route;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.session.SessionEntry;
import io.switchboard.core.session.SessionTable;
import io.switchboard.core.stanza.Replies;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.processor.roster.RosterItem;
import io.switchboard.processor.roster.RosterStore;
import io.switchboard.processor.roster.SubscriptionProcessor;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.XmlElement;
import io.switchboard.xmpp.XmlParser;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence (RFC 6121 §4). Available presence makes a resource available with its priority and is
 * broadcast to the contacts subscribed to the user and to the user's own available resources; the
 * first one of a session (initial presence) also probes the contacts the user is subscribed to, and
 * delivers pending subscription requests and offline messages (XEP-0160). Unavailable presence is
 * broadcast the same way. Subscription stanzas go to the {@link SubscriptionProcessor}; other
 * directed presence goes to the router.
 */
@Singleton
public class PresenceProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(PresenceProcessor.class);

  private final SessionTable sessions;
  private final RosterStore rosters;
  private final SubscriptionProcessor subscriptions;
  private final OfflineStore offline;
  private final Clock clock;
  private final String domain;
  private final BlockingFilter blocking;
  private final List<PresenceListener> listeners;

  public PresenceProcessor(
      SessionTable sessions,
      RosterStore rosters,
      SubscriptionProcessor subscriptions,
      OfflineStore offline,
      SwitchboardConfig config,
      Clock clock,
      BlockingFilter blocking,
      List<PresenceListener> listeners) {
    this.sessions = sessions;
    this.rosters = rosters;
    this.subscriptions = subscriptions;
    this.offline = offline;
    this.clock = clock;
    this.domain = config.domain();
    this.blocking = blocking;
    this.listeners = List.copyOf(listeners);
  }

  public void process(Stanza presence, Envelope in, StageOutput out) {
    if (presence.to() != null) {
      if (SubscriptionProcessor.isSubscription(presence.type())) {
        subscriptions.process(presence, in, out);
      } else if (!"probe".equals(presence.type())) {
        // Directed presence (§4.6); probes from clients are the server's business, ignored.
        route(presence.to(), presence.element(), out);
      }
      return;
    }
    switch (presence.type()) {
      case "available":
        Integer priority = priority(presence.element());
        if (priority == null) {
          Replies.error(
              in,
              presence.element(),
              StanzaError.BAD_REQUEST,
              "priority must be an integer from -128 to 127",
              domain,
              out);
          return;
        }
        available(presence, priority, in, out);
        break;
      case "unavailable":
        unavailable(presence, out);
        break;
      default:
        // Subscription stanzas and probes need a 'to'.
        break;
    }
  }

  private void available(Stanza presence, int priority, Envelope in, StageOutput out) {
    Jid resource = presence.from();
    Jid user = resource.bare();
    String stream = in.session() == null ? null : in.session().streamId();
    Optional<SessionTable.Change> changed =
        sessions.update(
            resource, stream, e -> e.available(priority, presence.element(), clock.millis()));
    List<RosterItem> roster = rosters.all(user);
    broadcast(presence.element(), roster, user, out);
    if (changed.isEmpty()) {
      // The session ended while its presence was on the way: broadcast, nothing to flush to it.
      return;
    }
    SessionEntry before = changed.get().before();
    boolean initial = !before.available();
    tellListeners(before, changed.get().after(), initial, out);
    if (!initial) {
      return;
    }
    SessionEntry self = before;
    // §4.3: the presence of every contact the user is subscribed to, and of the user's other
    // available resources, answered from the session table without sending probes around.
    for (RosterItem item : roster) {
      if (item.subscription().to()
          && !blocking.blocks(user, item.contact())
          && !blocking.blocks(item.contact(), resource)) {
        presenceOf(item.contact(), resource, self, out);
      }
    }
    presenceOf(user, resource, self, out);
    // §3.1.3: subscription requests that arrived while the user was away.
    for (RosterItem item : roster) {
      if (item.pendingIn()
          && item.pendingStanza() != null
          && !blocking.blocks(user, item.contact())) {
        try {
          out.deliver(to(self), XmlParser.parse(item.pendingStanza()));
        } catch (io.switchboard.xmpp.StreamErrorException e) {
          LOG.warn("unreadable pending subscription of {}: {}", user, e.getMessage());
        }
      }
    }
    // XEP-0160: offline messages, oldest first, then removed.
    List<OfflineStore.Stored> stored = offline.list(user);
    if (!stored.isEmpty()) {
      List<String> ids = new ArrayList<>(stored.size());
      for (OfflineStore.Stored m : stored) {
        if (!blocking.blocks(user, Jid.ofOrNull(m.stanza().attr("from")))) {
          out.deliver(to(self), m.stanza().withAttr("to", resource.toString()));
        }
        ids.add(m.id());
      }
      offline.delete(ids);
    }
  }

  private void unavailable(Stanza presence, StageOutput out) {
    Jid resource = presence.from();
    sessions.update(resource, null, e -> e.unavailable(clock.millis()));
    broadcast(presence.element(), rosters.all(resource.bare()), resource.bare(), out);
  }

  /**
   * To every contact subscribed to the user (§4.2.2, §4.5.2) but those the user blocked (XEP-0191),
   * and to the user's resources.
   */
  private void broadcast(XmlElement presence, List<RosterItem> roster, Jid user, StageOutput out) {
    for (RosterItem item : roster) {
      if (item.subscription().from() && !blocking.blocks(user, item.contact())) {
        route(item.contact(), presence.withAttr("to", item.contact().toString()), out);
      }
    }
    String sender = presence.attr("from");
    for (SessionEntry own : sessions.sessions(user)) {
      if (own.available() || own.jid().toString().equals(sender)) {
        out.deliver(to(own), presence.withAttr("to", own.jid().toString()));
      }
    }
  }

  private void tellListeners(
      SessionEntry before, SessionEntry after, boolean initial, StageOutput out) {
    for (PresenceListener l : listeners) {
      try {
        l.available(before, after, initial, out);
      } catch (RuntimeException e) {
        // A feature riding on presence must not undo the presence itself (it was broadcast).
        LOG.warn("presence listener {} failed for {}: {}", l, after.jid(), e.toString());
      }
    }
  }

  /** The last presence of each available resource of {@code owner}, to one resource. */
  private void presenceOf(Jid owner, Jid target, SessionEntry targetSession, StageOutput out) {
    for (SessionEntry s : sessions.sessions(owner)) {
      if (s.available() && s.presence() != null && !s.jid().equals(target)) {
        out.deliver(to(targetSession), s.presence().withAttr("to", target.toString()));
      }
    }
  }

  private static Route to(SessionEntry s) {
    return Route.deliver(s.jid(), s.nodeId());
  }

  private static void route(Jid to, XmlElement stanza, StageOutput out) {
    out.emit(Destination.ROUTER, EnvelopeKind.ROUTE, Route.to(to), stanza);
  }

  /** The presence priority, 0 when absent, null when invalid (RFC 6121 §4.7.2.3). */
  static Integer priority(XmlElement presence) {
    XmlElement p = presence.child("priority", Stanzas.CLIENT_NS);
    if (p == null) {
      return 0;
    }
    try {
      int value = Integer.parseInt(p.text().trim());
      return value < -128 || value > 127 ? null : value;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
