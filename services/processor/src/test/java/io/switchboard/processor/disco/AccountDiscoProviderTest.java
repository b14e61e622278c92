package io.switchboard.processor.disco;

import static io.switchboard.processor.testing.IqExchange.DOMAIN;
import static io.switchboard.processor.testing.IqExchange.answer;
import static io.switchboard.processor.testing.IqExchange.error;
import static io.switchboard.processor.testing.IqExchange.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.processor.disco.EntityCapabilities.Identity;
import io.switchboard.processor.iq.IqHandler;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What an {@link AccountDiscoProvider} adds to the disco#info and disco#items of accounts. */
class AccountDiscoProviderTest {

  private static final String ALICE = "alice@localhost/phone";
  private static final Identity PEP = new Identity("pubsub", "pep", null, null);

  private final AccountDiscoProvider provider =
      new AccountDiscoProvider() {
        @Override
        public List<Identity> accountIdentities() {
          return List.of(PEP);
        }

        @Override
        public List<XmlElement> items(Jid account, Jid requester) {
          return List.of(item(account, "urn:node:" + requester.local()));
        }

        @Override
        public Optional<List<XmlElement>> nodeInfo(Jid account, String node, Jid requester) {
          return node.equals("urn:leaf")
              ? Optional.of(
                  List.of(
                      XmlElement.builder("identity", DiscoInfoHandler.NS)
                          .attr("category", "pubsub")
                          .attr("type", "leaf")
                          .build()))
              : Optional.empty();
        }

        @Override
        public Optional<List<XmlElement>> nodeItems(Jid account, String node, Jid requester) {
          return node.equals("urn:leaf")
              ? Optional.of(List.of(item(account, null)))
              : Optional.empty();
        }
      };

  private final List<IqHandler> handlers = new ArrayList<>();
  private final DiscoInfoHandler info =
      new DiscoInfoHandler(DOMAIN, jid -> true, handlers, List.of(provider));
  private final DiscoItemsHandler items =
      new DiscoItemsHandler(DOMAIN, jid -> true, List.of(), List.of(provider));

  AccountDiscoProviderTest() {
    handlers.add(info);
    handlers.add(items);
  }

  @Test
  void anAccountHasTheProvidersIdentitiesAndTheCapabilitiesNodeHashesThem() throws Exception {
    XmlElement query = result(answer(info, ALICE, infoGet("bob@localhost", null)));
    assertThat(query.elements())
        .filteredOn(e -> e.name().equals("identity"))
        .extracting(e -> e.attr("category") + "/" + e.attr("type"))
        .containsExactly("account/registered", "pubsub/pep");
    String ver =
        EntityCapabilities.ver(
            List.of(DiscoInfoHandler.ACCOUNT_IDENTITY, PEP),
            List.of(DiscoInfoHandler.NS, DiscoItemsHandler.NS));
    XmlElement caps = result(answer(info, ALICE, infoGet("bob@localhost", "x#" + ver)));
    assertThat(caps.attr("node")).isEqualTo("x#" + ver);
    // The server's own identity is unchanged.
    XmlElement server = result(answer(info, ALICE, infoGet(null, null)));
    assertThat(server.elements()).filteredOn(e -> e.name().equals("identity")).hasSize(1);
  }

  @Test
  void accountNodesAreAnsweredByTheProviderAndOthersAreUnknown() throws Exception {
    XmlElement leaf = answer(info, ALICE, infoGet("bob@localhost", "urn:leaf"));
    assertThat(leaf.attr("from")).isEqualTo("bob@localhost");
    assertThat(result(leaf).attr("node")).isEqualTo("urn:leaf");
    assertThat(result(leaf).child("identity", DiscoInfoHandler.NS).attr("type")).isEqualTo("leaf");
    assertThat(error(answer(info, ALICE, infoGet("bob@localhost", "urn:other"))))
        .isEqualTo(StanzaError.ITEM_NOT_FOUND);
    // The domain's nodes do not reach account providers; without 'to', one's own account's do.
    assertThat(error(answer(info, ALICE, infoGet(DOMAIN, "urn:leaf"))))
        .isEqualTo(StanzaError.ITEM_NOT_FOUND);
    XmlElement own = answer(info, ALICE, infoGet(null, "urn:leaf"));
    assertThat(own.attr("from")).isEqualTo("alice@localhost");
    assertThat(result(own).attr("node")).isEqualTo("urn:leaf");
    assertThat(error(answer(info, ALICE, infoGet(null, "urn:other"))))
        .isEqualTo(StanzaError.ITEM_NOT_FOUND);
  }

  @Test
  void accountItemsAndNodeItemsComeFromTheProvider() throws Exception {
    XmlElement list = result(answer(items, ALICE, itemsGet("bob@localhost", null)));
    assertThat(list.elements())
        .extracting(e -> e.attr("jid") + " " + e.attr("node"))
        .containsExactly("bob@localhost urn:node:alice");
    XmlElement node = result(answer(items, ALICE, itemsGet("bob@localhost", "urn:leaf")));
    assertThat(node.attr("node")).isEqualTo("urn:leaf");
    assertThat(node.elements()).hasSize(1);
    assertThat(error(answer(items, ALICE, itemsGet("bob@localhost", "urn:other"))))
        .isEqualTo(StanzaError.ITEM_NOT_FOUND);
    assertThat(result(answer(items, ALICE, itemsGet(null, null))).elements()).isEmpty();
    XmlElement own = answer(items, ALICE, itemsGet(null, "urn:leaf"));
    assertThat(own.attr("from")).isEqualTo("alice@localhost");
    assertThat(error(answer(items, ALICE, itemsGet(DOMAIN, "urn:leaf"))))
        .isEqualTo(StanzaError.ITEM_NOT_FOUND);
  }

  private static XmlElement item(Jid account, String node) {
    return XmlElement.builder("item", DiscoItemsHandler.NS)
        .attr("jid", account.toString())
        .attr("node", node)
        .build();
  }

  private static String infoGet(String to, String node) {
    return get(DiscoInfoHandler.NS, to, node);
  }

  private static String itemsGet(String to, String node) {
    return get(DiscoItemsHandler.NS, to, node);
  }

  private static String get(String ns, String to, String node) {
    return "<iq xmlns='jabber:client' type='get' id='d1'"
        + (to == null ? "" : " to='" + to + "'")
        + "><query xmlns='"
        + ns
        + "'"
        + (node == null ? "" : " node='" + node + "'")
        + "/></iq>";
  }
}
