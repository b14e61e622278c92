package io.switchboard.processor.pep;

import static io.switchboard.processor.pep.PubSubHandlerTest.JULIET;
import static io.switchboard.processor.pep.PubSubHandlerTest.ROMEO;
import static io.switchboard.processor.pep.PubSubHandlerTest.TUNE;
import static io.switchboard.processor.pep.PubSubHandlerTest.configure;
import static io.switchboard.processor.pep.PubSubHandlerTest.publish;
import static io.switchboard.processor.pep.PubSubHandlerTest.tune;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.session.SessionEntry;
import io.switchboard.processor.pep.PepFixture.Delivery;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.XmlElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** XEP-0163 §4.3.4: the last published item goes to resources that become interested. */
class LastPublishedItemTest {

  private static final String GEO = "http://jabber.org/protocol/geoloc";

  private final PepFixture pep = new PepFixture();

  @AfterEach
  void close() {
    pep.close();
  }

  @Test
  void aNewlyInterestedResourceGetsTheLastItemOfEachNodeItMayRead() throws Exception {
    pep.subscribe("romeo@localhost", "juliet@localhost");
    pep.send(pep.pubsub, JULIET, publish(TUNE, "old", tune("old")));
    pep.send(pep.pubsub, JULIET, publish(TUNE, "new", tune("new")));
    pep.send(pep.pubsub, JULIET, publish(GEO, "g", "<geoloc xmlns='" + GEO + "'/>"));
    pep.send(pep.pubsub, JULIET, publish("urn:secret", "s", tune("s")));
    pep.send(pep.owner, JULIET, configure("urn:secret", "pubsub#access_model", "whitelist"));
    pep.send(pep.pubsub, "romeo@localhost/a", publish("urn:own", "o", tune("o")));

    SessionEntry romeo = pep.online(ROMEO, 0, TUNE, "urn:secret", "urn:own");
    List<Delivery> out = new ArrayList<>();
    pep.notifier.featuresKnown(
        romeo, Set.of(), pep.caps.features(romeo), PepFixture.collector(out));

    // Tune from Juliet (newest only), his own node; not geoloc (no interest), not the whitelist.
    assertThat(out).extracting(d -> d.to().toString()).containsOnly(ROMEO);
    assertThat(out).extracting(d -> itemId(d.stanza())).containsExactlyInAnyOrder("new", "o");
    XmlElement tuneEvent =
        out.stream()
            .filter(d -> itemId(d.stanza()).equals("new"))
            .findFirst()
            .orElseThrow()
            .stanza();
    assertThat(tuneEvent.attr("from")).isEqualTo("juliet@localhost");
    assertThat(tuneEvent.child("delay", Stanzas.DELAY_NS).attr("stamp")).isNotBlank();

    // Interests it had before bring nothing again; a new one brings that node's item.
    List<Delivery> again = new ArrayList<>();
    pep.notifier.featuresKnown(
        romeo,
        Set.of(TUNE + "+notify", "urn:own+notify"),
        Set.of(TUNE + "+notify", "urn:own+notify", GEO + "+notify"),
        PepFixture.collector(again));
    assertThat(again).extracting(d -> itemId(d.stanza())).containsExactly("g");
  }

  @Test
  void strangersNegativePrioritiesBlockedContactsAndSendLastNeverGetNothing() throws Exception {
    pep.send(pep.pubsub, JULIET, publish(TUNE, "1", tune("a")));
    SessionEntry stranger = pep.online("tybalt@localhost/t", 0, TUNE);
    List<Delivery> out = new ArrayList<>();
    pep.notifier.featuresKnown(
        stranger, Set.of(), pep.caps.features(stranger), PepFixture.collector(out));
    assertThat(out).isEmpty();

    pep.subscribe("romeo@localhost", "juliet@localhost");
    SessionEntry away = pep.online("romeo@localhost/away", -1, TUNE);
    pep.notifier.featuresKnown(away, Set.of(), pep.caps.features(away), PepFixture.collector(out));
    assertThat(out).isEmpty();

    pep.blocked.add("juliet@localhost romeo@localhost");
    SessionEntry blocked = pep.online("romeo@localhost/blocked", 0, TUNE);
    pep.notifier.featuresKnown(
        blocked, Set.of(), pep.caps.features(blocked), PepFixture.collector(out));
    assertThat(out).isEmpty();
    pep.blocked.clear();

    pep.send(pep.owner, JULIET, configure(TUNE, "pubsub#send_last_published_item", "never"));
    SessionEntry romeo = pep.online(ROMEO, 0, TUNE);
    pep.notifier.featuresKnown(
        romeo, Set.of(), pep.caps.features(romeo), PepFixture.collector(out));
    assertThat(out).isEmpty();
  }

  private static String itemId(XmlElement message) {
    return message
        .child("event", PubSub.EVENT_NS)
        .child("items", PubSub.EVENT_NS)
        .child("item", PubSub.EVENT_NS)
        .attr("id");
  }
}
