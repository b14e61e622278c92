package io.switchboard.processor.pep;

import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.EnvelopeKind;
import io.switchboard.core.pipeline.Route;
import io.switchboard.core.pipeline.SessionRef;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.session.LocalSessionTable;
import io.switchboard.core.session.SessionEntry;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.processor.caps.CapsStore;
import io.switchboard.processor.caps.ClientCaps;
import io.switchboard.processor.iq.IqHandler;
import io.switchboard.processor.roster.RosterItem;
import io.switchboard.processor.roster.RosterStore;
import io.switchboard.processor.testing.MemoryMongo;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.XmlElement;
import io.switchboard.xmpp.XmlParser;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PEP beans over an in-memory store and session table, with helpers to put resources online
 * (their capabilities already known) and to subscribe contacts, and an exchange that collects
 * everything a handler sends: the reply and the notifications.
 */
final class PepFixture implements AutoCloseable {

  static final String DOMAIN = "localhost";
  static final PepConfig LIMITS = new PepConfig(256, 50, 5, 4096);

  /** What one request produced: the stanzas delivered, each with the resource it went to. */
  record Delivery(Jid to, XmlElement stanza) {}

  final MemoryMongo mongo = new MemoryMongo();
  final LocalSessionTable sessions = new LocalSessionTable();
  final RosterStore rosters;
  final CapsStore caps;
  final PepStore store;
  final PepAccess access;
  final PepNotifier notifier;
  final PubSubHandler pubsub;
  final PubSubOwnerHandler owner;
  final PepDiscovery discovery;

  /** Block lists (XEP-0191): "account blocked-jid" pairs. */
  final Set<String> blocked = ConcurrentHashMap.newKeySet();

  private final AtomicInteger envelopes = new AtomicInteger();
  private final AtomicInteger capsVersions = new AtomicInteger();

  PepFixture() {
    var db = mongo.database("pep");
    rosters = new RosterStore(db);
    caps = new CapsStore(db, Clock.systemUTC());
    store = new PepStore(db, Clock.systemUTC());
    access = new PepAccess(rosters);
    notifier = new PepNotifier(sessions, rosters, caps, store, this::blocks, DOMAIN);
    PepService service = new PepService(DOMAIN, jid -> !jid.local().startsWith("nobody"));
    pubsub = new PubSubHandler(service, store, access, notifier, LIMITS);
    owner = new PubSubOwnerHandler(service, store, notifier, LIMITS);
    discovery = new PepDiscovery(store, access);
  }

  /**
   * An available resource with the given priority whose capabilities announce interest in the given
   * nodes (their answer already known to the server).
   */
  SessionEntry online(String fullJid, int priority, String... interests) {
    Set<String> features = new HashSet<>();
    for (String node : interests) {
      features.add(node + "+notify");
    }
    ClientCaps c = new ClientCaps("sha-1", "urn:test", "ver-" + capsVersions.incrementAndGet());
    caps.save(c, features);
    XmlElement presence =
        XmlElement.builder("presence", Stanzas.CLIENT_NS)
            .attr("from", fullJid)
            .child(
                XmlElement.builder("c", ClientCaps.NS)
                    .attr("hash", c.hash())
                    .attr("node", c.node())
                    .attr("ver", c.ver())
                    .build())
            .build();
    SessionEntry e =
        new SessionEntry(
            Jid.of(fullJid), "node-1", "stream-" + fullJid, true, priority, 0L, presence);
    sessions.put(e);
    return e;
  }

  private boolean blocks(Jid account, Jid other) {
    return blocked.contains(account.bare() + " " + other.bare());
  }

  /** {@code contact} receives the presence of {@code user} (and not the other way round). */
  void subscribe(String contact, String user) {
    Jid c = Jid.of(contact);
    Jid u = Jid.of(user);
    RosterItem ofUser = rosters.get(u, c);
    rosters.save(
        ofUser
            .withListed(true, null, List.of())
            .withSubscription(RosterItem.Subscription.of(ofUser.subscription().to(), true)));
    RosterItem ofContact = rosters.get(c, u);
    rosters.save(
        ofContact
            .withListed(true, null, List.of())
            .withSubscription(RosterItem.Subscription.of(true, ofContact.subscription().from())));
  }

  /** Hands {@code xml} (an iq in jabber:client without from) from {@code fullJid} to a handler. */
  List<Delivery> send(IqHandler handler, String fullJid, String xml) throws Exception {
    XmlElement iq = XmlParser.parse(xml).withAttr("from", fullJid);
    Envelope in =
        new Envelope(
            "env-" + envelopes.incrementAndGet(),
            EnvelopeKind.STANZA,
            new SessionRef("node-1", "stream-" + fullJid, Jid.of(fullJid)),
            null,
            iq,
            0L,
            List.of());
    List<Delivery> out = new ArrayList<>();
    handler.handle(Stanza.of(iq), in, collector(out));
    return out;
  }

  /** A stage output that keeps what is delivered. */
  static StageOutput collector(List<Delivery> into) {
    return new StageOutput() {
      @Override
      public void emit(Destination to, EnvelopeKind kind, Route route, XmlElement payload) {
        if (kind != EnvelopeKind.DELIVERY || route.nodeId() == null) {
          throw new AssertionError("only deliveries to sessions expected: " + kind + " " + route);
        }
        into.add(new Delivery(route.to(), payload));
      }
    };
  }

  /** The reply to the requester among the deliveries. */
  static XmlElement reply(List<Delivery> deliveries, String requester) {
    List<XmlElement> replies = new ArrayList<>();
    for (Delivery d : deliveries) {
      if (d.stanza().name().equals("iq") && d.to().toString().equals(requester)) {
        replies.add(d.stanza());
      }
    }
    if (replies.size() != 1) {
      throw new AssertionError("expected one reply to " + requester + ": " + deliveries);
    }
    return replies.get(0);
  }

  /** The event messages among the deliveries, by recipient. */
  static List<Delivery> events(List<Delivery> deliveries) {
    List<Delivery> events = new ArrayList<>();
    for (Delivery d : deliveries) {
      if (d.stanza().name().equals("message")) {
        events.add(d);
      }
    }
    return events;
  }

  static List<String> recipients(List<Delivery> deliveries) {
    List<String> to = new ArrayList<>();
    for (Delivery d : events(deliveries)) {
      to.add(d.to().toString());
    }
    return to;
  }

  @Override
  public void close() {
    mongo.close();
  }
}
