package io.switchboard.processor.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.blocking.BlockListStore;
import io.switchboard.core.blocking.BlockingFilter;
import io.switchboard.core.blocking.LocalBlockListChanges;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.EnvelopeKind;
import io.switchboard.core.pipeline.Route;
import io.switchboard.core.pipeline.SessionRef;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.session.LocalSessionTable;
import io.switchboard.core.session.SessionEntry;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.processor.iq.IqHandler;
import io.switchboard.processor.roster.RosterItem;
import io.switchboard.processor.roster.RosterItem.Subscription;
import io.switchboard.processor.roster.RosterStore;
import io.switchboard.processor.testing.MemoryMongo;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.XmlElement;
import io.switchboard.xmpp.XmlParser;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** XEP-0191 requests, pushes and the presence that follows a change, without a platform. */
class BlockingHandlerTest {

  private static final String DOMAIN = "localhost";
  private static final Jid JULIET = Jid.of("juliet@localhost");
  private static final Jid BALCONY = Jid.of("juliet@localhost/balcony");
  private static final Jid CHAMBER = Jid.of("juliet@localhost/chamber");
  private static final Jid ROMEO = Jid.of("romeo@localhost");
  private static final Jid ORCHARD = Jid.of("romeo@localhost/orchard");
  private static final Jid NURSE = Jid.of("nurse@localhost");
  private static final String NS = "urn:xmpp:blocking";

  private MemoryMongo mongo;
  private BlockListStore store;
  private RosterStore rosters;
  private LocalSessionTable sessions;
  private BlocklistHandler blocklist;
  private BlockHandler block;
  private UnblockHandler unblock;

  @BeforeEach
  void start() {
    mongo = new MemoryMongo();
    store =
        new BlockListStore(
            mongo.database("blocking"), new LocalBlockListChanges(), Clock.systemUTC());
    rosters = new RosterStore(mongo.database("blocking"));
    sessions = new LocalSessionTable();
    BlockingFilter filter =
        new BlockingFilter(
            store,
            new PipelineMetrics(new SimpleMeterRegistry()),
            new SwitchboardConfig(DOMAIN, "node-1", "."));
    BlockingEffects effects = new BlockingEffects(sessions, rosters, filter);
    blocklist = new BlocklistHandler(DOMAIN, store);
    block = new BlockHandler(DOMAIN, store, effects, 3);
    unblock = new UnblockHandler(DOMAIN, store, effects);

    // Juliet: one available resource and one that sent no presence yet. Romeo: available.
    sessions.put(
        new SessionEntry(BALCONY, "node-1", "s1", true, 0, 1L, presence(BALCONY, "Ay me")));
    sessions.put(new SessionEntry(CHAMBER, "node-2", "s2", false, 0, 1L));
    sessions.put(new SessionEntry(ORCHARD, "node-3", "s3", true, 0, 1L, presence(ORCHARD, "Hist")));
    // Mutual subscription between Juliet and Romeo; Nurse sees Juliet's presence only.
    rosters.save(item(JULIET, ROMEO, Subscription.BOTH));
    rosters.save(item(ROMEO, JULIET, Subscription.BOTH));
    rosters.save(item(JULIET, NURSE, Subscription.FROM));
  }

  @AfterEach
  void stop() {
    mongo.close();
  }

  @Test
  void aBlockIsStoredAnsweredPushedToEveryResourceAndHidesTheUserFromTheContact() throws Exception {
    Sent sent =
        send(
            block,
            BALCONY,
            set("<block xmlns='urn:xmpp:blocking'><item jid='romeo@localhost'/></block>"));

    assertThat(sent.replies()).hasSize(1);
    XmlElement result = sent.replies().get(0);
    assertThat(result.attr("type")).isEqualTo("result");
    assertThat(result.attr("id")).isEqualTo("q1");
    assertThat(store.get(JULIET).items()).containsExactly(ROMEO);

    // Pushed to both resources, the one that has not sent presence included.
    assertThat(sent.pushes())
        .extracting(p -> p.route().to())
        .containsExactlyInAnyOrder(BALCONY, CHAMBER);
    for (Emitted p : sent.pushes()) {
      assertThat(p.payload().attr("type")).isEqualTo("set");
      assertThat(p.payload().attr("from")).isEqualTo("juliet@localhost");
      assertThat(p.payload().attr("to")).isEqualTo(p.route().to().toString());
      XmlElement payload = p.payload().child("block", NS);
      assertThat(payload.elements())
          .extracting(i -> i.attr("jid"))
          .containsExactly("romeo@localhost");
    }

    // Romeo is told Juliet's available resource went away; the nurse is told nothing.
    assertThat(sent.routed()).hasSize(1);
    Emitted unavailable = sent.routed().get(0);
    assertThat(unavailable.route().to()).isEqualTo(ROMEO);
    assertThat(unavailable.payload().attr("type")).isEqualTo("unavailable");
    assertThat(unavailable.payload().attr("from")).isEqualTo(BALCONY.toString());
    assertThat(unavailable.payload().attr("to")).isEqualTo("romeo@localhost");

    // Blocking again changes nothing and sends no second unavailable presence.
    Sent again =
        send(
            block,
            BALCONY,
            set("<block xmlns='urn:xmpp:blocking'><item jid='romeo@localhost'/></block>"));
    assertThat(again.replies()).hasSize(1);
    assertThat(again.routed()).isEmpty();
    assertThat(store.get(JULIET).items()).containsExactly(ROMEO);
  }

  @Test
  void theBlocklistComesBackInOrderAndIsEmptyAtFirst() throws Exception {
    XmlElement empty =
        only(send(blocklist, BALCONY, get("<blocklist xmlns='urn:xmpp:blocking'/>")));
    assertThat(empty.attr("type")).isEqualTo("result");
    assertThat(empty.child("blocklist", NS).elements()).isEmpty();

    send(
        block,
        BALCONY,
        set(
            "<block xmlns='urn:xmpp:blocking'><item jid='tybalt@localhost'/>"
                + "<item jid='Montague.LIT'/><item jid='tybalt@localhost'/></block>"));
    XmlElement list = only(send(blocklist, CHAMBER, get("<blocklist xmlns='urn:xmpp:blocking'/>")));
    assertThat(list.child("blocklist", NS).elements())
        .extracting(i -> i.attr("jid"))
        .containsExactly("tybalt@localhost", "montague.lit");
  }

  @Test
  void unblockingRemovesItemsAndReSendsPresenceBothWays() throws Exception {
    send(
        block,
        BALCONY,
        set(
            "<block xmlns='urn:xmpp:blocking'><item jid='romeo@localhost'/><item jid='nurse@localhost'/></block>"));

    Sent sent =
        send(
            unblock,
            BALCONY,
            set("<unblock xmlns='urn:xmpp:blocking'><item jid='romeo@localhost'/></unblock>"));
    assertThat(only(sent).attr("type")).isEqualTo("result");
    assertThat(store.get(JULIET).items()).containsExactly(NURSE);
    assertThat(sent.pushes()).hasSize(2);
    assertThat(sent.pushes().get(0).payload().child("unblock", NS).elements())
        .extracting(i -> i.attr("jid"))
        .containsExactly("romeo@localhost");
    // Juliet's presence goes to Romeo again, and Romeo's comes to Juliet's available resource.
    assertThat(sent.routed()).hasSize(1);
    assertThat(sent.routed().get(0).route().to()).isEqualTo(ROMEO);
    assertThat(sent.routed().get(0).payload().childText("status", Stanzas.CLIENT_NS))
        .isEqualTo("Ay me");
    List<Emitted> romeos =
        sent.deliveries().stream().filter(d -> "presence".equals(d.payload().name())).toList();
    assertThat(romeos).hasSize(1);
    assertThat(romeos.get(0).route().to()).isEqualTo(BALCONY);
    assertThat(romeos.get(0).payload().attr("from")).isEqualTo(ORCHARD.toString());
  }

  @Test
  void anEmptyUnblockUnblocksEverything() throws Exception {
    send(
        block,
        BALCONY,
        set(
            "<block xmlns='urn:xmpp:blocking'><item jid='romeo@localhost'/><item jid='capulet.lit'/></block>"));
    Sent sent = send(unblock, CHAMBER, set("<unblock xmlns='urn:xmpp:blocking'/>"));
    assertThat(only(sent).attr("type")).isEqualTo("result");
    assertThat(store.get(JULIET).isEmpty()).isTrue();
    assertThat(sent.pushes()).hasSize(2);
    assertThat(sent.pushes().get(0).payload().child("unblock", NS).elements()).isEmpty();
    assertThat(sent.routed()).extracting(r -> r.route().to()).containsExactly(ROMEO);
  }

  @Test
  void badRequestsGetTheErrorsTheSpecificationNames() throws Exception {
    assertThat(error(block, set("<block xmlns='urn:xmpp:blocking'/>")))
        .isEqualTo(StanzaError.BAD_REQUEST);
    assertThat(error(block, set("<block xmlns='urn:xmpp:blocking'><item/></block>")))
        .isEqualTo(StanzaError.BAD_REQUEST);
    assertThat(error(block, set("<block xmlns='urn:xmpp:blocking'><item jid='a@b@c'/></block>")))
        .isEqualTo(StanzaError.JID_MALFORMED);
    assertThat(error(unblock, set("<unblock xmlns='urn:xmpp:blocking'><item jid=''/></unblock>")))
        .isEqualTo(StanzaError.JID_MALFORMED);
    assertThat(error(block, get("<block xmlns='urn:xmpp:blocking'><item jid='a@b'/></block>")))
        .isEqualTo(StanzaError.BAD_REQUEST);
    assertThat(error(blocklist, set("<blocklist xmlns='urn:xmpp:blocking'/>")))
        .isEqualTo(StanzaError.BAD_REQUEST);
    assertThat(
            error(
                blocklist,
                "<iq xmlns='jabber:client' type='get' id='q1' to='romeo@localhost'>"
                    + "<blocklist xmlns='urn:xmpp:blocking'/></iq>"))
        .isEqualTo(StanzaError.FORBIDDEN);
    // Nothing was stored by any of them.
    assertThat(store.get(JULIET).isEmpty()).isTrue();
  }

  @Test
  void theOwnBareJidAndTheDomainAreFineAddresses() throws Exception {
    XmlElement own =
        only(
            send(
                blocklist,
                BALCONY,
                "<iq xmlns='jabber:client' type='get' id='q1' to='juliet@localhost'>"
                    + "<blocklist xmlns='urn:xmpp:blocking'/></iq>"));
    assertThat(own.attr("type")).isEqualTo("result");
    XmlElement domain =
        only(
            send(
                blocklist,
                BALCONY,
                "<iq xmlns='jabber:client' type='get' id='q1' to='localhost'>"
                    + "<blocklist xmlns='urn:xmpp:blocking'/></iq>"));
    assertThat(domain.attr("type")).isEqualTo("result");
  }

  @Test
  void aListFullUpToTheLimitRefusesNewItemsButNotRepeatedOnes() throws Exception {
    send(
        block,
        BALCONY,
        set(
            "<block xmlns='urn:xmpp:blocking'><item jid='a@x'/><item jid='b@x'/><item jid='c@x'/></block>"));
    assertThat(error(block, set("<block xmlns='urn:xmpp:blocking'><item jid='d@x'/></block>")))
        .isEqualTo(StanzaError.POLICY_VIOLATION);
    assertThat(
            only(send(
                    block,
                    BALCONY,
                    set("<block xmlns='urn:xmpp:blocking'><item jid='a@x'/></block>")))
                .attr("type"))
        .isEqualTo("result");
    assertThat(store.get(JULIET).size()).isEqualTo(3);
  }

  @Test
  void theFeatureIsAnnouncedForTheServerAndAccounts() {
    for (IqHandler h : List.of(blocklist, block, unblock)) {
      assertThat(h.namespace()).isEqualTo(NS);
      assertThat(h.serverFeatures()).containsExactly(NS);
      assertThat(h.accountFeatures()).containsExactly(NS);
    }
    assertThat(List.of(blocklist.element(), block.element(), unblock.element()))
        .containsExactly("blocklist", "block", "unblock");
  }

  // --- helpers ---

  private record Emitted(Destination to, EnvelopeKind kind, Route route, XmlElement payload) {}

  /** Everything one request produced, sorted by where it went. */
  private record Sent(List<Emitted> all) {
    List<Emitted> deliveries() {
      return all.stream().filter(e -> e.kind() == EnvelopeKind.DELIVERY).toList();
    }

    /** Answers to the requesting session. */
    List<XmlElement> replies() {
      return deliveries().stream()
          .filter(e -> "iq".equals(e.payload().name()) && e.payload().attr("id").equals("q1"))
          .map(Emitted::payload)
          .toList();
    }

    List<Emitted> pushes() {
      return deliveries().stream()
          .filter(e -> "iq".equals(e.payload().name()) && "set".equals(e.payload().attr("type")))
          .toList();
    }

    List<Emitted> routed() {
      return all.stream().filter(e -> e.to().equals(Destination.ROUTER)).toList();
    }
  }

  private static Sent send(IqHandler handler, Jid from, String xml) throws Exception {
    XmlElement iq = XmlParser.parse(xml).withAttr("from", from.toString());
    Envelope in =
        new Envelope(
            "env-1",
            EnvelopeKind.STANZA,
            new SessionRef("node-1", "s1", from),
            null,
            iq,
            0L,
            List.of());
    List<Emitted> all = new ArrayList<>();
    StageOutput out = (to, kind, route, payload) -> all.add(new Emitted(to, kind, route, payload));
    handler.handle(Stanza.of(iq), in, out);
    return new Sent(all);
  }

  private static XmlElement only(Sent sent) {
    assertThat(sent.replies()).hasSize(1);
    return sent.replies().get(0);
  }

  private StanzaError error(IqHandler handler, String xml) throws Exception {
    Sent sent = send(handler, BALCONY, xml);
    assertThat(sent.all()).hasSize(1);
    XmlElement reply = only(sent);
    assertThat(reply.attr("type")).isEqualTo("error");
    return Stanzas.errorCondition(reply);
  }

  private static String set(String payload) {
    return "<iq xmlns='jabber:client' type='set' id='q1'>" + payload + "</iq>";
  }

  private static String get(String payload) {
    return "<iq xmlns='jabber:client' type='get' id='q1'>" + payload + "</iq>";
  }

  private static XmlElement presence(Jid from, String status) {
    return XmlElement.builder("presence", Stanzas.CLIENT_NS)
        .attr("from", from.toString())
        .child(XmlElement.builder("status", Stanzas.CLIENT_NS).text(status).build())
        .build();
  }

  private static RosterItem item(Jid owner, Jid contact, Subscription subscription) {
    return new RosterItem(
        owner, contact, true, null, List.of(), subscription, false, false, false, null);
  }
}
