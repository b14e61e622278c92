package io.switchboard.processor.pep;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.processor.testing.MemoryMongo;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.XmlParser;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PepStoreTest {

  private final MemoryMongo mongo = new MemoryMongo();
  private final PepStore store = new PepStore(mongo.database("pep"), Clock.systemUTC());
  private final Jid juliet = Jid.of("juliet@localhost");
  private final Jid romeo = Jid.of("romeo@localhost");

  @AfterEach
  void close() {
    mongo.close();
  }

  @Test
  void nodesAndItemIdsWithSpacesDoNotCollide() throws Exception {
    NodeConfig config = NodeConfig.defaults("a b", PepFixture.LIMITS).withMaxItems(10);
    assertThat(store.create(juliet, "a b", config)).isTrue();
    assertThat(store.create(juliet, "a", config)).isTrue();
    assertThat(store.create(juliet, "a", config)).isFalse();
    store.publish(
        juliet, "a b", "c", XmlParser.parse("<x xmlns='urn:1'/>"), "juliet@localhost/r", 10);
    store.publish(
        juliet, "a", "b c", XmlParser.parse("<x xmlns='urn:2'/>"), "juliet@localhost/r", 10);
    assertThat(store.items(juliet, "a b", 0)).extracting(PepItem::id).containsExactly("c");
    assertThat(store.items(juliet, "a", 0)).extracting(PepItem::id).containsExactly("b c");
    assertThat(store.last(juliet, "a").orElseThrow().publisher()).isEqualTo("juliet@localhost/r");
  }

  @Test
  void persistItemsFalseKeepsOnlyTheLastItem() throws Exception {
    NodeConfig config = NodeConfig.defaults("n", PepFixture.LIMITS).withMaxItems(10);
    store.create(juliet, "n", config.withPersistItems(false));
    for (String id : new String[] {"1", "2", "3"}) {
      store.publish(
          juliet,
          "n",
          id,
          XmlParser.parse("<x xmlns='urn:1'/>"),
          "j",
          config.withPersistItems(false).keptItems());
    }
    assertThat(store.items(juliet, "n", 0)).extracting(PepItem::id).containsExactly("3");
  }

  @Test
  void accountRemovalDeletesTheAccountsNodesAndItemsOnly() throws Exception {
    NodeConfig config = NodeConfig.defaults("n", PepFixture.LIMITS);
    store.create(juliet, "n", config);
    store.create(romeo, "n", config);
    store.publish(juliet, "n", "1", XmlParser.parse("<x xmlns='urn:1'/>"), "j", 1);
    store.publish(romeo, "n", "1", XmlParser.parse("<x xmlns='urn:1'/>"), "r", 1);
    store.deleteAccountData(juliet);
    store.deleteAccountData(juliet);
    assertThat(store.nodes(juliet)).isEmpty();
    assertThat(store.items(juliet, "n", 0)).isEmpty();
    assertThat(store.nodes(romeo)).hasSize(1);
    assertThat(store.items(romeo, "n", 0)).hasSize(1);
  }
}
