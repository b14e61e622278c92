package io.switchboard.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.XmlElement;
import org.junit.jupiter.api.Test;

/** XEP-0359 stanza-ids: added for the archive, and spoofed ones removed. */
class MessageArchiverTest {

  private static XmlElement sid(String by, String id) {
    XmlElement.Builder b = XmlElement.builder("stanza-id", MessageArchiver.SID_NS).attr("id", id);
    if (by != null) {
      b.attr("by", by);
    }
    return b.build();
  }

  private static XmlElement message(XmlElement... extra) {
    XmlElement.Builder b =
        XmlElement.builder("message", "jabber:client")
            .attr("from", "viola@localhost/phone")
            .attr("to", "orsino@localhost")
            .attr("type", "chat")
            .child(XmlElement.builder("body", "jabber:client").text("hi").build());
    for (XmlElement e : extra) {
      b.child(e);
    }
    return b.build();
  }

  @Test
  void stanzaIdsClaimingThisDomainAreRemovedOthersKept() {
    XmlElement clean = message();
    assertThat(MessageArchiver.stripOwnStanzaIds(clean, "localhost")).isSameAs(clean);
    XmlElement foreign = message(sid("room@muc.example.org", "x"));
    assertThat(MessageArchiver.stripOwnStanzaIds(foreign, "localhost")).isSameAs(foreign);

    XmlElement spoofed =
        message(
            sid("orsino@localhost", "fake"),
            sid("localhost", "fake2"),
            sid(null, "fake3"),
            sid("room@muc.example.org", "kept"));
    XmlElement stripped = MessageArchiver.stripOwnStanzaIds(spoofed, "localhost");
    assertThat(stripped.elements()).hasSize(2);
    assertThat(stripped.child("stanza-id", MessageArchiver.SID_NS).attr("id")).isEqualTo("kept");
    assertThat(stripped.childText("body", "jabber:client")).isEqualTo("hi");
  }

  @Test
  void theStanzaIdNamesTheArchive() {
    XmlElement with =
        MessageArchiver.withStanzaId(message(), Jid.of("orsino@localhost"), "0001-abc");
    XmlElement sid = with.child("stanza-id", MessageArchiver.SID_NS);
    assertThat(sid.attr("by")).isEqualTo("orsino@localhost");
    assertThat(sid.attr("id")).isEqualTo("0001-abc");
  }
}
