package io.switchboard.processor.caps;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.EnvelopeKind;
import io.switchboard.core.pipeline.Route;
import io.switchboard.core.pipeline.SessionRef;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.session.LocalSessionTable;
import io.switchboard.core.session.SessionEntry;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.processor.testing.MemoryMongo;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.XmlElement;
import io.switchboard.xmpp.XmlParser;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CapsResolverTest {

  private static final String ANSWER =
      "<query xmlns='http://jabber.org/protocol/disco#info'>"
          + "<identity category='client' type='pc' name='Exodus 0.9.1'/>"
          + "<feature var='http://jabber.org/protocol/disco#info'/>"
          + "<feature var='http://jabber.org/protocol/disco#items'/>"
          + "<feature var='http://jabber.org/protocol/muc'/>"
          + "<feature var='http://jabber.org/protocol/caps'/>"
          + "</query>";
  private static final String VER = "QgayPKawpkPSDYmwT/WM94uAlu0=";

  /** What an observer heard: resource, features before, features now. */
  record Heard(Jid resource, Set<String> before, Set<String> now) {}

  private final MemoryMongo mongo = new MemoryMongo();
  private final CapsStore store = new CapsStore(mongo.database("caps"), Clock.systemUTC());
  private final LocalSessionTable sessions = new LocalSessionTable();
  private final List<Heard> heard = new ArrayList<>();
  private final List<XmlElement> sent = new ArrayList<>();
  private final CapsResolver resolver =
      new CapsResolver(
          store,
          sessions,
          List.of(
              (resource, before, now, out) -> heard.add(new Heard(resource.jid(), before, now))),
          "localhost");
  private final StageOutput out =
      new StageOutput() {
        @Override
        public void emit(Destination to, EnvelopeKind kind, Route route, XmlElement payload) {
          sent.add(payload);
        }
      };

  @AfterEach
  void close() {
    mongo.close();
  }

  @Test
  void anUnknownVerIsAskedOnceVerifiedKeptAndToldForEveryWaitingResource() throws Exception {
    SessionEntry a = available("a@localhost/1", VER);
    SessionEntry b = available("b@localhost/2", VER);
    resolver.available(blank(a), a, true, out);
    resolver.available(blank(b), b, true, out);

    assertThat(sent).hasSize(1);
    XmlElement question = sent.get(0);
    assertThat(question.attr("to")).isEqualTo("a@localhost/1");
    assertThat(question.attr("from")).isEqualTo("localhost");
    assertThat(question.child("query", CapsVerification.DISCO_INFO_NS).attr("node"))
        .isEqualTo("urn:client#" + VER);
    assertThat(heard).isEmpty();

    answer(
        "a@localhost/1",
        question.attr("id"),
        ANSWER.replace("<query ", "<query node='urn:client#" + VER + "' "));

    assertThat(store.features(new ClientCaps("sha-1", "urn:client", VER)).orElseThrow())
        .contains("http://jabber.org/protocol/muc");
    assertThat(heard).extracting(Heard::resource).containsExactlyInAnyOrder(a.jid(), b.jid());
    assertThat(heard.get(0).now()).contains("http://jabber.org/protocol/caps");

    // Known from now on: told at once, without asking.
    SessionEntry c = available("c@localhost/3", VER);
    resolver.available(blank(c), c, true, out);
    assertThat(sent).hasSize(1);
    assertThat(heard).hasSize(3);
    // The same capabilities again in a later presence tell nothing new.
    resolver.available(c, c, false, out);
    assertThat(heard).hasSize(3);
  }

  @Test
  void aResourceThisProcessDoesNotKnowYetIsToldWhenTheAnswerComes() throws Exception {
    SessionEntry a = available("a@localhost/1", VER);
    sessions.remove(a.jid(), a.streamId()); // bound a moment ago on another node
    resolver.available(blank(a), a, true, out);
    answer("a@localhost/1", sent.get(0).attr("id"), ANSWER);
    assertThat(heard).extracting(Heard::resource).containsExactly(a.jid());
  }

  @Test
  void anAnswerThatDoesNotHashToTheVerIsNotKept() throws Exception {
    SessionEntry a = available("a@localhost/1", "bm90IHRoZSBoYXNo");
    resolver.available(blank(a), a, true, out);
    String id = sent.get(0).attr("id");
    assertThat(resolver.accepts(Stanza.of(iqResult("a@localhost/1", id, ANSWER)))).isTrue();
    answer("a@localhost/1", id, ANSWER);
    assertThat(store.features(new ClientCaps("sha-1", "urn:client", "bm90IHRoZSBoYXNo"))).isEmpty();
    assertThat(heard).isEmpty();
    // The question is closed: the next presence asks again.
    resolver.available(blank(a), a, true, out);
    assertThat(sent).hasSize(2);
  }

  @Test
  void presenceWithoutCapabilitiesOrWithLegacyOnesAsksNothing() {
    SessionEntry plain =
        new SessionEntry(
            Jid.of("a@localhost/1"),
            "node-1",
            "s",
            true,
            0,
            0L,
            XmlElement.builder("presence", Stanzas.CLIENT_NS).build());
    resolver.available(blank(plain), plain, true, out);
    SessionEntry legacy =
        plain.available(
            0,
            XmlElement.builder("presence", Stanzas.CLIENT_NS)
                .child(
                    XmlElement.builder("c", ClientCaps.NS)
                        .attr("node", "urn:client")
                        .attr("ver", "1.0")
                        .build())
                .build(),
            0L);
    resolver.available(plain, legacy, false, out);
    assertThat(sent).isEmpty();
    assertThat(heard).isEmpty();
    assertThat(CapsResolver.hashOf("sb-caps:sha-256:00ff")).isEqualTo("sha-256");
  }

  private SessionEntry available(String jid, String ver) {
    XmlElement presence =
        XmlElement.builder("presence", Stanzas.CLIENT_NS)
            .attr("from", jid)
            .child(
                XmlElement.builder("c", ClientCaps.NS)
                    .attr("hash", "sha-1")
                    .attr("node", "urn:client")
                    .attr("ver", ver)
                    .build())
            .build();
    SessionEntry e = new SessionEntry(Jid.of(jid), "node-1", "s-" + jid, true, 0, 0L, presence);
    sessions.put(e);
    return e;
  }

  private static SessionEntry blank(SessionEntry e) {
    return new SessionEntry(e.jid(), e.nodeId(), e.streamId(), false, 0, 0L);
  }

  private void answer(String from, String id, String query) throws Exception {
    XmlElement iq = iqResult(from, id, query);
    Envelope in =
        new Envelope(
            "e1",
            EnvelopeKind.STANZA,
            new SessionRef("node-1", "s-" + from, Jid.of(from)),
            null,
            iq,
            0L,
            List.of());
    Stanza s = Stanza.of(iq);
    assertThat(resolver.accepts(s)).isTrue();
    resolver.handle(s, in, out);
  }

  private static XmlElement iqResult(String from, String id, String query) throws Exception {
    return XmlParser.parse(
        "<iq xmlns='jabber:client' type='result' from='"
            + from
            + "' to='localhost' id='"
            + id
            + "'>"
            + query
            + "</iq>");
  }
}
