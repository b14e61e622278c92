package io.switchboard.processor.pep;

import io.switchboard.processor.disco.AccountDiscoProvider;
import io.switchboard.processor.disco.EntityCapabilities.Identity;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Personal eventing in the service discovery of accounts: the identity pubsub/pep (XEP-0163 §6.1),
 * the account's nodes as its disco#items (§6.2: only those the requester may read), a node's
 * disco#info (pubsub/leaf with its {@code pubsub#meta-data} form, XEP-0060 §5.4) and a node's items
 * (§5.5).
 */
@Singleton
class PepDiscovery implements AccountDiscoProvider {

  static final Identity PEP_IDENTITY = new Identity("pubsub", "pep", null, null);
  private static final String DISCO_INFO_NS = "http://jabber.org/protocol/disco#info";
  private static final String DISCO_ITEMS_NS = "http://jabber.org/protocol/disco#items";

  private final PepStore store;
  private final PepAccess access;

  PepDiscovery(PepStore store, PepAccess access) {
    this.store = store;
    this.access = access;
  }

  @Override
  public List<Identity> accountIdentities() {
    return List.of(PEP_IDENTITY);
  }

  @Override
  public List<XmlElement> items(Jid account, Jid requester) {
    List<XmlElement> out = new ArrayList<>();
    for (PepNode node : store.nodes(account)) {
      if (access.mayRead(node, requester)) {
        out.add(
            XmlElement.builder("item", DISCO_ITEMS_NS)
                .attr("jid", account.toString())
                .attr("node", node.name())
                .build());
      }
    }
    return out;
  }

  @Override
  public Optional<List<XmlElement>> nodeInfo(Jid account, String node, Jid requester) {
    Optional<PepNode> found = store.node(account, node).filter(n -> access.mayRead(n, requester));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    NodeConfig c = found.get().config();
    XmlElement metaData =
        XmlElement.builder("x", PubSub.DATA_NS)
            .attr("type", "result")
            .child(field("FORM_TYPE", "hidden", PubSub.META_DATA))
            .child(field(NodeConfigForm.ACCESS_MODEL, null, c.accessModel().value()))
            .child(field(NodeConfigForm.MAX_ITEMS, null, Integer.toString(c.maxItems())))
            .child(field("pubsub#owner", "jid-multi", account.toString()))
            .build();
    return Optional.of(
        List.of(
            XmlElement.builder("identity", DISCO_INFO_NS)
                .attr("category", "pubsub")
                .attr("type", "leaf")
                .build(),
            XmlElement.builder("feature", DISCO_INFO_NS).attr("var", PubSub.NS).build(),
            metaData));
  }

  @Override
  public Optional<List<XmlElement>> nodeItems(Jid account, String node, Jid requester) {
    Optional<PepNode> found = store.node(account, node).filter(n -> access.mayRead(n, requester));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    List<XmlElement> out = new ArrayList<>();
    for (PepItem item : store.items(account, node, 0)) {
      out.add(
          XmlElement.builder("item", DISCO_ITEMS_NS)
              .attr("jid", account.toString())
              .attr("name", item.id())
              .build());
    }
    return Optional.of(out);
  }

  private static XmlElement field(String var, String type, String value) {
    return XmlElement.builder("field", PubSub.DATA_NS)
        .attr("var", var)
        .attr("type", type)
        .child(XmlElement.builder("value", PubSub.DATA_NS).text(value).build())
        .build();
  }
}
