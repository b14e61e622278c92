package io.switchboard.core.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.EnvelopeKind;
import io.switchboard.core.pipeline.Route;
import io.switchboard.core.pipeline.SessionRef;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.XmlElement;
import io.switchboard.xmpp.XmlParser;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Where block lists stop stanzas (XEP-0191 §3.4, §3.5), and what the sender hears back. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlockingFilterTest {

  private static final String JULIET = "juliet@localhost/balcony";
  private static final String ROMEO = "romeo@localhost/orchard";

  private MongoServer server;
  private MongoClient client;
  private BlockingFilter filter;

  @BeforeAll
  void start() {
    server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
    BlockListStore store =
        new BlockListStore(
            client.getDatabase("test"), new LocalBlockListChanges(), Clock.systemUTC());
    filter =
        new BlockingFilter(
            store,
            new PipelineMetrics(new SimpleMeterRegistry()),
            new SwitchboardConfig("localhost", "n", "."));
    // Juliet blocked Romeo; Tybalt blocked his own domain and himself, yet the server and his own
    // account stay reachable. Romeo blocked nobody.
    store.block(Jid.of("juliet@localhost"), List.of(Jid.of("romeo@localhost")));
    store.block(
        Jid.of("tybalt@localhost"), List.of(Jid.of("localhost"), Jid.of("tybalt@localhost")));
  }

  @AfterAll
  void stop() {
    client.close();
    server.shutdown();
  }

  /** What one stanza from {@code from}'s session produced. */
  private record Outcome(boolean stopped, List<XmlElement> replies) {}

  private Outcome outbound(String from, String xml) throws Exception {
    Recorder out = new Recorder();
    Envelope in = envelope(from, xml);
    boolean stopped = filter.stopsOutbound(in, Stanza.of(in.payload()), out);
    return new Outcome(stopped, out.replies);
  }

  private Outcome inbound(String from, String to, String xml) throws Exception {
    Recorder out = new Recorder();
    Envelope in = envelope(from, xml);
    boolean stopped = filter.stopsInbound(in, Stanza.of(in.payload()), Jid.of(to), out);
    return new Outcome(stopped, out.replies);
  }

  @Test
  void aMessageToABlockedContactIsRefusedWithNotAcceptableAndBlocked() throws Exception {
    Outcome o =
        outbound(
            JULIET,
            "<message xmlns='jabber:client' to='romeo@localhost' type='chat' id='m1'>"
                + "<body>Can you hear me now?</body></message>");
    assertThat(o.stopped()).isTrue();
    assertThat(o.replies()).hasSize(1);
    XmlElement reply = o.replies().get(0);
    assertThat(reply.attr("type")).isEqualTo("error");
    assertThat(reply.attr("from")).isEqualTo("romeo@localhost");
    assertThat(reply.attr("to")).isEqualTo(JULIET);
    assertThat(reply.attr("id")).isEqualTo("m1");
    XmlElement error = reply.child("error", Stanzas.CLIENT_NS);
    assertThat(error.attr("type")).isEqualTo("cancel");
    assertThat(Stanzas.errorCondition(reply)).isEqualTo(StanzaError.NOT_ACCEPTABLE);
    assertThat(error.child("blocked", BlockingFilter.ERRORS_NS)).isNotNull();
    // A full JID of the blocked account, presence and iq requests are refused the same way.
    assertThat(outbound(JULIET, "<message xmlns='jabber:client' to='" + ROMEO + "'/>").replies())
        .hasSize(1);
    assertThat(outbound(JULIET, "<presence xmlns='jabber:client' to='romeo@localhost'/>").replies())
        .hasSize(1);
    assertThat(
            outbound(
                    JULIET,
                    "<presence xmlns='jabber:client' to='romeo@localhost' type='subscribe'/>")
                .replies())
        .hasSize(1);
    assertThat(
            outbound(
                    JULIET,
                    "<iq xmlns='jabber:client' to='"
                        + ROMEO
                        + "' type='get' id='v'>"
                        + "<query xmlns='jabber:iq:version'/></iq>")
                .replies())
        .hasSize(1);
  }

  @Test
  void errorsAndIqResultsToABlockedContactAreDroppedWithoutAnswer() throws Exception {
    Outcome error =
        outbound(
            JULIET,
            "<message xmlns='jabber:client' to='romeo@localhost' type='error'>"
                + "<error type='cancel'><item-not-found"
                + " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
    assertThat(error.stopped()).isTrue();
    assertThat(error.replies()).isEmpty();
    Outcome result =
        outbound(JULIET, "<iq xmlns='jabber:client' to='" + ROMEO + "' type='result' id='1'/>");
    assertThat(result.stopped()).isTrue();
    assertThat(result.replies()).isEmpty();
  }

  @Test
  void presenceToSomeoneWhoBlockedTheSenderIsDroppedSilentlyButMessagesGoOnToTheRouter()
      throws Exception {
    Outcome subscribe =
        outbound(ROMEO, "<presence xmlns='jabber:client' to='juliet@localhost' type='subscribe'/>");
    assertThat(subscribe.stopped()).isTrue();
    assertThat(subscribe.replies()).isEmpty();
    Outcome message =
        outbound(
            ROMEO,
            "<message xmlns='jabber:client' to='juliet@localhost'><body>hi</body></message>");
    assertThat(message.stopped()).isFalse();
  }

  @Test
  void theRecipientsListStopsInboundStanzasAndIqRequestsGetServiceUnavailable() throws Exception {
    Outcome message =
        inbound(
            ROMEO,
            JULIET,
            "<message xmlns='jabber:client' to='" + JULIET + "'><body>hi</body></message>");
    assertThat(message.stopped()).isTrue();
    assertThat(message.replies()).isEmpty();
    Outcome presence = inbound(ROMEO, "juliet@localhost", "<presence xmlns='jabber:client'/>");
    assertThat(presence.stopped()).isTrue();
    assertThat(presence.replies()).isEmpty();
    Outcome iq =
        inbound(
            ROMEO,
            JULIET,
            "<iq xmlns='jabber:client' to='"
                + JULIET
                + "' type='get' id='p'>"
                + "<ping xmlns='urn:xmpp:ping'/></iq>");
    assertThat(iq.stopped()).isTrue();
    assertThat(iq.replies()).hasSize(1);
    assertThat(Stanzas.errorCondition(iq.replies().get(0)))
        .isEqualTo(StanzaError.SERVICE_UNAVAILABLE);
    // The other way round nothing is blocked: Romeo blocked nobody.
    assertThat(
            inbound(JULIET, ROMEO, "<message xmlns='jabber:client' to='" + ROMEO + "'/>").stopped())
        .isFalse();
  }

  @Test
  void theServerAndTheOwnAccountAreNeverBlocked() throws Exception {
    // Tybalt blocked his own domain and himself.
    assertThat(filter.blocks(Jid.of("tybalt@localhost"), Jid.of("localhost"))).isFalse();
    assertThat(filter.blocks(Jid.of("tybalt@localhost"), Jid.of("tybalt@localhost/other")))
        .isFalse();
    assertThat(filter.blocks(Jid.of("tybalt@localhost"), Jid.of("nurse@localhost/x"))).isTrue();
    assertThat(filter.blocks(Jid.of("tybalt@localhost"), null)).isFalse();
    assertThat(
            inbound("localhost", "tybalt@localhost/a", "<message xmlns='jabber:client'/>")
                .stopped())
        .isFalse();
  }

  private static Envelope envelope(String from, String xml) throws Exception {
    XmlElement stanza = XmlParser.parse(xml).withAttr("from", from);
    Jid sender = Jid.of(from);
    SessionRef session = sender.isBare() ? null : new SessionRef("node-1", "stream-1", sender);
    return new Envelope("env-1", EnvelopeKind.STANZA, session, null, stanza, 0L, List.of());
  }

  /** Collects the replies to the sender's session; nothing else may be emitted. */
  private static final class Recorder implements StageOutput {
    final List<XmlElement> replies = new ArrayList<>();

    @Override
    public void emit(Destination to, EnvelopeKind kind, Route route, XmlElement payload) {
      if (kind != EnvelopeKind.DELIVERY || !"node-1".equals(route.nodeId())) {
        throw new AssertionError("not a reply to the sender: " + kind + " " + route);
      }
      replies.add(payload);
    }
  }
}
