package io.switchboard.processor.pep;

import static io.switchboard.processor.pep.PubSubHandlerTest.JULIET;
import static io.switchboard.processor.pep.PubSubHandlerTest.TUNE;
import static io.switchboard.processor.pep.PubSubHandlerTest.configure;
import static io.switchboard.processor.pep.PubSubHandlerTest.publish;
import static io.switchboard.processor.pep.PubSubHandlerTest.tune;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.XmlElement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PepDiscoveryTest {

  private final PepFixture pep = new PepFixture();
  private final Jid juliet = Jid.of("juliet@localhost");
  private final Jid romeo = Jid.of("romeo@localhost/r");
  private final Jid stranger = Jid.of("tybalt@localhost/t");

  @AfterEach
  void close() {
    pep.close();
  }

  @Test
  void anAccountListsTheNodesTheRequesterMayRead() throws Exception {
    pep.subscribe("romeo@localhost", "juliet@localhost");
    pep.send(pep.pubsub, JULIET, publish(TUNE, "1", tune("a")));
    pep.send(pep.pubsub, JULIET, publish("urn:open", "1", tune("a")));
    pep.send(pep.owner, JULIET, configure("urn:open", "pubsub#access_model", "open"));
    pep.send(pep.pubsub, JULIET, publish("urn:private", "1", tune("a")));
    pep.send(pep.owner, JULIET, configure("urn:private", "pubsub#access_model", "whitelist"));

    assertThat(nodes(pep.discovery.items(juliet, Jid.of(JULIET))))
        .containsExactly(TUNE, "urn:open", "urn:private");
    assertThat(nodes(pep.discovery.items(juliet, romeo))).containsExactly(TUNE, "urn:open");
    assertThat(nodes(pep.discovery.items(juliet, stranger))).containsExactly("urn:open");
    assertThat(pep.discovery.accountIdentities()).containsExactly(PepDiscovery.PEP_IDENTITY);
  }

  @Test
  void aNodeIsALeafWithItsMetaDataAndItsItemsAreListed() throws Exception {
    pep.send(pep.pubsub, JULIET, publish(TUNE, "t1", tune("a")));
    List<XmlElement> info = pep.discovery.nodeInfo(juliet, TUNE, Jid.of(JULIET)).orElseThrow();
    assertThat(info.get(0).attributes())
        .containsEntry("category", "pubsub")
        .containsEntry("type", "leaf");
    assertThat(NodeConfigForm.fields(info.get(2)))
        .containsEntry("FORM_TYPE", List.of(PubSub.META_DATA))
        .containsEntry("pubsub#access_model", List.of("presence"));
    assertThat(pep.discovery.nodeInfo(juliet, TUNE, stranger)).isEmpty();
    assertThat(pep.discovery.nodeInfo(juliet, "urn:none", Jid.of(JULIET))).isEmpty();
    assertThat(pep.discovery.nodeItems(juliet, TUNE, Jid.of(JULIET)).orElseThrow())
        .extracting(e -> e.attr("name"))
        .containsExactly("t1");
  }

  private static List<String> nodes(List<XmlElement> items) {
    return items.stream().map(e -> e.attr("node")).toList();
  }
}
