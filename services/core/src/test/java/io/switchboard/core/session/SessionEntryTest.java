package io.switchboard.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.XmlElement;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The carbons flag survives presence changes, refreshes and the NATS KV encoding. */
class SessionEntryTest {

  private static final Jid VIOLA = Jid.of("viola@localhost/phone");

  private static XmlElement presence(String status) {
    return XmlElement.builder("presence", "jabber:client")
        .attr("from", VIOLA.toString())
        .child(XmlElement.builder("status", "jabber:client").text(status).build())
        .build();
  }

  @Test
  void copiesKeepTheCarbonsFlag() {
    SessionEntry e = new SessionEntry(VIOLA, "n1", "s1", false, 0, 1L);
    assertThat(e.carbons()).isFalse();
    SessionEntry on = e.withCarbons(true, 2L);
    assertThat(on.carbons()).isTrue();
    assertThat(on.updatedMillis()).isEqualTo(2L);
    assertThat(on.available(5, presence("hi"), 3L).carbons()).isTrue();
    assertThat(on.available(5, presence("hi"), 3L).unavailable(4L).carbons()).isTrue();
    assertThat(on.refreshed(5L).carbons()).isTrue();
    assertThat(on.withCarbons(false, 6L).carbons()).isFalse();
  }

  @Test
  void theKeyValueEncodingRoundTrips() {
    SessionEntry e =
        new SessionEntry(VIOLA, "n1", "s1", true, -3, 1234L, presence("two\nlines"), true);
    SessionEntry back = NatsSessionTable.decode(VIOLA, NatsSessionTable.encode(e));
    assertThat(back).isEqualTo(e);
    SessionEntry bare = new SessionEntry(VIOLA, "n1", "s1", false, 0, 99L);
    assertThat(NatsSessionTable.decode(VIOLA, NatsSessionTable.encode(bare))).isEqualTo(bare);
  }

  @Test
  void entriesWrittenBeforeTheFlagExistedStillDecode() {
    String old = "n1\ns1\ntrue\n2\n77\n" + presence("multi\nline\ntrue").toXml();
    SessionEntry e = NatsSessionTable.decode(VIOLA, old.getBytes(StandardCharsets.UTF_8));
    assertThat(e.carbons()).isFalse();
    assertThat(e.priority()).isEqualTo(2);
    assertThat(e.presence().childText("status", "jabber:client")).isEqualTo("multi\nline\ntrue");
    SessionEntry none =
        NatsSessionTable.decode(VIOLA, "n1\ns1\nfalse\n0\n5\n".getBytes(StandardCharsets.UTF_8));
    assertThat(none.presence()).isNull();
    assertThat(none.carbons()).isFalse();
  }
}
