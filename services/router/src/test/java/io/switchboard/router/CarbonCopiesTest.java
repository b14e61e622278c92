package io.switchboard.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.EnvelopeKind;
import io.switchboard.core.pipeline.Route;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.session.SessionEntry;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.XmlElement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** XEP-0280: which messages are copied, to whom, and how they are wrapped. */
class CarbonCopiesTest {

  private static final Jid VIOLA = Jid.of("viola@localhost");
  private static final Jid ORSINO = Jid.of("orsino@localhost");

  private static Stanza message(String type, boolean body, XmlElement... extra) {
    XmlElement.Builder b =
        XmlElement.builder("message", "jabber:client")
            .attr("from", "viola@localhost/phone")
            .attr("to", "orsino@localhost");
    if (type != null) {
      b.attr("type", type);
    }
    if (body) {
      b.child(XmlElement.builder("body", "jabber:client").text("hi").build());
    }
    for (XmlElement e : extra) {
      b.child(e);
    }
    return Stanza.of(b.build());
  }

  private static XmlElement el(String name, String ns) {
    return XmlElement.builder(name, ns).build();
  }

  @Test
  void chatAndNormalWithABodyAreEligible() {
    assertThat(CarbonCopies.eligible(message("chat", true))).isTrue();
    // Chat states without a body are still chat.
    assertThat(
            CarbonCopies.eligible(
                message("chat", false, el("active", "http://jabber.org/protocol/chatstates"))))
        .isTrue();
    assertThat(CarbonCopies.eligible(message(null, true))).isTrue();
    assertThat(CarbonCopies.eligible(message("normal", false))).isFalse();
    assertThat(CarbonCopies.eligible(message("headline", true))).isFalse();
    assertThat(CarbonCopies.eligible(message("groupchat", true))).isFalse();
    assertThat(CarbonCopies.eligible(message("error", true))).isFalse();
  }

  @Test
  void privateNoCopyAndCarbonsThemselvesAreNot() {
    assertThat(CarbonCopies.eligible(message("chat", true, el("private", CarbonCopies.NS))))
        .isFalse();
    assertThat(CarbonCopies.eligible(message("chat", true, el("no-copy", "urn:xmpp:hints"))))
        .isFalse();
    assertThat(CarbonCopies.eligible(message("chat", false, el("received", CarbonCopies.NS))))
        .isFalse();
    assertThat(CarbonCopies.eligible(message("chat", false, el("sent", CarbonCopies.NS))))
        .isFalse();
    // Other hints do not matter.
    assertThat(CarbonCopies.eligible(message("chat", true, el("no-store", "urn:xmpp:hints"))))
        .isTrue();
  }

  private static SessionEntry session(Jid bare, String resource, boolean carbons) {
    return new SessionEntry(
        bare.withResource(resource),
        "node-" + resource,
        "s-" + resource,
        true,
        0,
        0,
        null,
        carbons);
  }

  private record Sent(Route route, XmlElement stanza) {}

  private static List<Sent> run(
      Jid sender,
      List<SessionEntry> senderResources,
      List<SessionEntry> recipientResources,
      List<SessionEntry> delivered) {
    List<Sent> sent = new ArrayList<>();
    StageOutput out =
        new StageOutput() {
          @Override
          public void emit(Destination to, EnvelopeKind kind, Route route, XmlElement payload) {
            assertThat(kind).isEqualTo(EnvelopeKind.DELIVERY);
            sent.add(new Sent(route, payload));
          }
        };
    XmlElement m = message("chat", true).element();
    int n = CarbonCopies.copy(sender, senderResources, m, recipientResources, m, delivered, out);
    assertThat(n).isEqualTo(sent.size());
    return sent;
  }

  @Test
  void copiesGoToCarbonsEnabledResourcesThatDidNotGetTheMessage() {
    SessionEntry phone = session(VIOLA, "phone", true);
    SessionEntry laptop = session(VIOLA, "laptop", true);
    SessionEntry tablet = session(VIOLA, "tablet", false);
    SessionEntry desk = session(ORSINO, "desk", true);
    SessionEntry tower = session(ORSINO, "tower", true);
    SessionEntry old = session(ORSINO, "old", false);
    List<Sent> sent =
        run(phone.jid(), List.of(phone, laptop, tablet), List.of(desk, tower, old), List.of(desk));
    assertThat(sent).extracting(s -> s.route().to()).containsExactly(laptop.jid(), tower.jid());
    assertThat(sent)
        .extracting(s -> s.route().nodeId())
        .containsExactly("node-laptop", "node-tower");

    XmlElement toLaptop = sent.get(0).stanza();
    assertThat(toLaptop.attr("from")).isEqualTo("viola@localhost");
    assertThat(toLaptop.attr("to")).isEqualTo("viola@localhost/laptop");
    assertThat(toLaptop.attr("type")).isEqualTo("chat");
    XmlElement forwarded =
        toLaptop.child("sent", CarbonCopies.NS).child("forwarded", CarbonCopies.FORWARD_NS);
    assertThat(forwarded.child("message", "jabber:client").childText("body", "jabber:client"))
        .isEqualTo("hi");
    XmlElement toTower = sent.get(1).stanza();
    assertThat(toTower.attr("from")).isEqualTo("orsino@localhost");
    assertThat(toTower.child("received", CarbonCopies.NS)).isNotNull();
  }

  @Test
  void aMessageToOnesOwnAccountIsCopiedOncePerResource() {
    SessionEntry phone = session(VIOLA, "phone", true);
    SessionEntry laptop = session(VIOLA, "laptop", true);
    SessionEntry tablet = session(VIOLA, "tablet", true);
    List<SessionEntry> all = List.of(phone, laptop, tablet);
    List<Sent> sent = run(phone.jid(), all, all, List.of(laptop));
    assertThat(sent).extracting(s -> s.route().to()).containsExactly(tablet.jid());
    assertThat(sent.get(0).stanza().child("sent", CarbonCopies.NS)).isNotNull();
  }

  @Test
  void withoutASenderSessionOnlyReceivedCopiesGo() {
    SessionEntry desk = session(ORSINO, "desk", true);
    SessionEntry tower = session(ORSINO, "tower", true);
    List<Sent> sent = run(null, List.of(), List.of(desk, tower), List.of(desk));
    assertThat(sent).extracting(s -> s.route().to()).containsExactly(tower.jid());
  }
}
