package io.switchboard.processor.pep;

import static io.switchboard.processor.pep.PepFixture.events;
import static io.switchboard.processor.pep.PepFixture.recipients;
import static io.switchboard.processor.pep.PepFixture.reply;
import static io.switchboard.processor.pep.PubSubHandlerTest.JULIET;
import static io.switchboard.processor.pep.PubSubHandlerTest.ROMEO;
import static io.switchboard.processor.pep.PubSubHandlerTest.TUNE;
import static io.switchboard.processor.pep.PubSubHandlerTest.configure;
import static io.switchboard.processor.pep.PubSubHandlerTest.itemIds;
import static io.switchboard.processor.pep.PubSubHandlerTest.items;
import static io.switchboard.processor.pep.PubSubHandlerTest.publish;
import static io.switchboard.processor.pep.PubSubHandlerTest.tune;
import static io.switchboard.processor.testing.IqExchange.error;
import static io.switchboard.processor.testing.IqExchange.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.processor.pep.PepFixture.Delivery;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PubSubOwnerHandlerTest {

  private final PepFixture pep = new PepFixture();

  @AfterEach
  void close() {
    pep.close();
  }

  @Test
  void theConfigurationIsAFormToFillInAndASubmissionChangesIt() throws Exception {
    pep.send(pep.pubsub, JULIET, publish(TUNE, "1", tune("a")));
    XmlElement form = configurationForm(TUNE);
    assertThat(form.attr("type")).isEqualTo("form");
    Map<String, List<String>> fields = NodeConfigForm.fields(form);
    assertThat(fields)
        .containsEntry("FORM_TYPE", List.of(PubSub.NODE_CONFIG))
        .containsEntry("pubsub#access_model", List.of("presence"))
        .containsEntry("pubsub#max_items", List.of("1"))
        .containsEntry("pubsub#persist_items", List.of("1"))
        .containsEntry("pubsub#send_last_published_item", List.of("on_sub_and_presence"));

    XmlElement changed =
        reply(
            pep.send(
                pep.owner,
                JULIET,
                configure(TUNE, "pubsub#access_model", "open", "pubsub#max_items", "max")),
            JULIET);
    assertThat(result(changed)).isNull();
    assertThat(NodeConfigForm.fields(configurationForm(TUNE)))
        .containsEntry("pubsub#access_model", List.of("open"))
        .containsEntry("pubsub#max_items", List.of("256"));

    XmlElement cancel =
        reply(
            pep.send(
                pep.owner,
                JULIET,
                configure(TUNE, "pubsub#access_model", "whitelist")
                    .replace("'submit'", "'cancel'")),
            JULIET);
    assertThat(cancel.attr("type")).isEqualTo("result");
    assertThat(NodeConfigForm.fields(configurationForm(TUNE)))
        .containsEntry("pubsub#access_model", List.of("open"));

    for (String[] bad :
        List.of(
            new String[] {"pubsub#access_model", "authorize"},
            new String[] {"pubsub#max_items", "0"},
            new String[] {"pubsub#deliver_payloads", "0"},
            new String[] {"pubsub#collection", "x"})) {
      XmlElement r = reply(pep.send(pep.owner, JULIET, configure(TUNE, bad)), JULIET);
      assertThat(error(r)).as(bad[0]).isEqualTo(StanzaError.NOT_ACCEPTABLE);
    }
  }

  @Test
  void lowerMaxItemsDropsTheOldest() throws Exception {
    pep.send(pep.pubsub, JULIET, publish(TUNE, "1", tune("a")));
    pep.send(pep.owner, JULIET, configure(TUNE, "pubsub#max_items", "5"));
    for (String id : List.of("2", "3", "4")) {
      pep.send(pep.pubsub, JULIET, publish(TUNE, id, tune(id)));
    }
    pep.send(pep.owner, JULIET, configure(TUNE, "pubsub#max_items", "2"));
    assertThat(itemIds(pep.send(pep.pubsub, JULIET, items(null, TUNE, null))))
        .containsExactly("3", "4");
  }

  @Test
  void deleteAndPurgeAreNotifiedToSubscribers() throws Exception {
    pep.online(JULIET, 0, TUNE);
    pep.online(ROMEO, 0, TUNE);
    pep.subscribe("romeo@localhost", "juliet@localhost");
    pep.send(pep.pubsub, JULIET, publish(TUNE, "1", tune("a")));

    List<Delivery> purged = pep.send(pep.owner, JULIET, owner("purge", TUNE));
    assertThat(reply(purged, JULIET).attr("type")).isEqualTo("result");
    assertThat(recipients(purged)).containsExactlyInAnyOrder(JULIET, ROMEO);
    assertThat(
            events(purged)
                .get(0)
                .stanza()
                .child("event", PubSub.EVENT_NS)
                .child("purge", PubSub.EVENT_NS)
                .attr("node"))
        .isEqualTo(TUNE);
    assertThat(itemIds(pep.send(pep.pubsub, JULIET, items(null, TUNE, null)))).isEmpty();

    List<Delivery> deleted = pep.send(pep.owner, JULIET, owner("delete", TUNE));
    assertThat(recipients(deleted)).containsExactlyInAnyOrder(JULIET, ROMEO);
    assertThat(
            events(deleted)
                .get(0)
                .stanza()
                .child("event", PubSub.EVENT_NS)
                .child("delete", PubSub.EVENT_NS)
                .attr("node"))
        .isEqualTo(TUNE);
    assertThat(pep.store.node(Jid.of("juliet@localhost"), TUNE)).isEmpty();
    assertThat(error(reply(pep.send(pep.owner, JULIET, owner("delete", TUNE)), JULIET)))
        .isEqualTo(StanzaError.ITEM_NOT_FOUND);
  }

  @Test
  void onlyTheOwnerMayAndTheDefaultConfigurationIsAvailable() throws Exception {
    pep.send(pep.pubsub, JULIET, publish(TUNE, "1", tune("a")));
    XmlElement forbidden =
        reply(
            pep.send(
                pep.owner,
                ROMEO,
                owner("delete", TUNE).replace("type='set'", "type='set' to='juliet@localhost'")),
            ROMEO);
    assertThat(error(forbidden)).isEqualTo(StanzaError.FORBIDDEN);
    XmlElement noNode = reply(pep.send(pep.owner, JULIET, configureGet("urn:none")), JULIET);
    assertThat(error(noNode)).isEqualTo(StanzaError.ITEM_NOT_FOUND);

    XmlElement defaults =
        result(
            reply(
                pep.send(
                    pep.owner,
                    JULIET,
                    "<iq xmlns='jabber:client' type='get' id='d'><pubsub xmlns='"
                        + PubSub.OWNER_NS
                        + "'><default/></pubsub></iq>"),
                JULIET));
    assertThat(
            NodeConfigForm.fields(
                defaults.child("default", PubSub.OWNER_NS).child("x", PubSub.DATA_NS)))
        .containsEntry("pubsub#access_model", List.of("presence"));
  }

  private XmlElement configurationForm(String node) throws Exception {
    XmlElement r = result(reply(pep.send(pep.owner, JULIET, configureGet(node)), JULIET));
    return r.child("configure", PubSub.OWNER_NS).child("x", PubSub.DATA_NS);
  }

  private static String configureGet(String node) {
    return "<iq xmlns='jabber:client' type='get' id='g'><pubsub xmlns='"
        + PubSub.OWNER_NS
        + "'><configure node='"
        + node
        + "'/></pubsub></iq>";
  }

  private static String owner(String action, String node) {
    return "<iq xmlns='jabber:client' type='set' id='o'><pubsub xmlns='"
        + PubSub.OWNER_NS
        + "'><"
        + action
        + " node='"
        + node
        + "'/></pubsub></iq>";
  }
}
