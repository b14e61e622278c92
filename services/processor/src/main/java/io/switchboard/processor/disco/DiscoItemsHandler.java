package io.switchboard.processor.disco;

import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Replies;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.core.user.UserStore;
import io.switchboard.processor.iq.IqHandler;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * XEP-0030 disco#items. The server has no items yet (no components); its nodes are those of the
 * {@link DiscoItemsProvider}s. An account's items and nodes are those of the {@link
 * AccountDiscoProvider}s (its personal eventing nodes); other nodes are unknown.
 */
@Singleton
public class DiscoItemsHandler implements IqHandler {

  public static final String NS = "http://jabber.org/protocol/disco#items";

  private final String domain;
  private final Predicate<Jid> accountExists;
  private final List<DiscoItemsProvider> providers;
  private final List<AccountDiscoProvider> accountProviders;

  @Inject
  public DiscoItemsHandler(
      SwitchboardConfig config,
      UserStore users,
      List<DiscoItemsProvider> providers,
      List<AccountDiscoProvider> accountProviders) {
    this(config.domain(), users::exists, providers, accountProviders);
  }

  DiscoItemsHandler(String domain, Predicate<Jid> accountExists) {
    this(domain, accountExists, List.of());
  }

  DiscoItemsHandler(
      String domain, Predicate<Jid> accountExists, List<DiscoItemsProvider> providers) {
    this(domain, accountExists, providers, List.of());
  }

  DiscoItemsHandler(
      String domain,
      Predicate<Jid> accountExists,
      List<DiscoItemsProvider> providers,
      List<AccountDiscoProvider> accountProviders) {
    this.domain = domain;
    this.accountExists = accountExists;
    this.providers = providers;
    this.accountProviders = List.copyOf(accountProviders);
  }

  @Override
  public String element() {
    return "query";
  }

  @Override
  public String namespace() {
    return NS;
  }

  @Override
  public Set<String> serverFeatures() {
    return Set.of(NS);
  }

  @Override
  public Set<String> accountFeatures() {
    return Set.of(NS);
  }

  @Override
  public void handle(Stanza iq, Envelope in, StageOutput out) {
    if (!"get".equals(iq.type())) {
      Replies.error(in, iq.element(), StanzaError.BAD_REQUEST, "disco#items is a get", domain, out);
      return;
    }
    Jid to = iq.to();
    boolean server = to == null || to.local() == null;
    if (!server && !accountExists.test(to.bare())) {
      Replies.error(in, iq.element(), StanzaError.SERVICE_UNAVAILABLE, null, domain, out);
      return;
    }
    String node = iq.payload().attr("node");
    if (node != null) {
      for (DiscoItemsProvider p : providers) {
        if (server && p.node().equals(node)) {
          XmlElement.Builder query = XmlElement.builder("query", NS).attr("node", node);
          p.items(iq.from()).forEach(query::child);
          Replies.reply(in, Replies.iqResult(iq, domain, query.build()), out);
          return;
        }
      }
      // A node of an account; without 'to', of the sender's own (its PEP nodes).
      Jid account = to == null ? iq.from().bare() : server ? null : to.bare();
      for (AccountDiscoProvider p :
          account == null ? List.<AccountDiscoProvider>of() : accountProviders) {
        Optional<List<XmlElement>> items = p.nodeItems(account, node, iq.from());
        if (items.isPresent()) {
          XmlElement.Builder query = XmlElement.builder("query", NS).attr("node", node);
          items.get().forEach(query::child);
          Replies.reply(in, Replies.iqResult(iq, account.toString(), query.build()), out);
          return;
        }
      }
      Replies.error(in, iq.element(), StanzaError.ITEM_NOT_FOUND, null, domain, out);
      return;
    }
    String from = to == null ? domain : to.toString();
    XmlElement.Builder query = XmlElement.builder("query", NS);
    for (AccountDiscoProvider p : server ? List.<AccountDiscoProvider>of() : accountProviders) {
      p.items(to.bare(), iq.from()).forEach(query::child);
    }
    Replies.reply(in, Replies.iqResult(iq, from, query.build()), out);
  }
}
