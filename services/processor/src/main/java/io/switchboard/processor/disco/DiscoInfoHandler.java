package io.switchboard.processor.disco;

import io.micronaut.context.BeanProvider;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Replies;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.core.user.UserStore;
import io.switchboard.processor.disco.EntityCapabilities.Identity;
import io.switchboard.processor.iq.IqHandler;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * XEP-0030 disco#info. The server (no {@code to}, or the domain) answers with the identity
 * server/im and the union of every {@link IqHandler#serverFeatures()}; an existing account's bare
 * JID with account/registered (plus the identities of every {@link AccountDiscoProvider}) and the
 * union of {@link IqHandler#accountFeatures()}, so what is announced is exactly what the registered
 * handlers serve. A node is known when it is the XEP-0115 capabilities node of the same answer
 * ({@code <anything>#<ver>}), or, on an account, when a provider knows it (a PEP node); a node
 * asked for without {@code to} is the sender's own account's unless it is the server's.
 */
@Singleton
public class DiscoInfoHandler implements IqHandler {

  public static final String NS = "http://jabber.org/protocol/disco#info";
  public static final Identity SERVER_IDENTITY = new Identity("server", "im", null, "Switchboard");
  public static final Identity ACCOUNT_IDENTITY = new Identity("account", "registered", null, null);

  /** What the server and accounts announce; computed once, when the first request comes. */
  private record Announced(
      SortedSet<String> server,
      String serverVer,
      List<Identity> accountIdentities,
      SortedSet<String> account,
      String accountVer) {}

  private final String domain;
  private final Predicate<Jid> accountExists;
  private final Iterable<IqHandler> handlers;
  private final List<AccountDiscoProvider> accountProviders;
  private volatile Announced announced;

  /**
   * The handlers come through a {@link BeanProvider}, resolved at the first request, because this
   * handler is one of them.
   */
  @Inject
  public DiscoInfoHandler(
      SwitchboardConfig config,
      UserStore users,
      BeanProvider<IqHandler> handlers,
      List<AccountDiscoProvider> accountProviders) {
    this(config.domain(), users::exists, handlers, accountProviders);
  }

  DiscoInfoHandler(String domain, Predicate<Jid> accountExists, Iterable<IqHandler> handlers) {
    this(domain, accountExists, handlers, List.of());
  }

  DiscoInfoHandler(
      String domain,
      Predicate<Jid> accountExists,
      Iterable<IqHandler> handlers,
      List<AccountDiscoProvider> accountProviders) {
    this.domain = domain;
    this.accountExists = accountExists;
    this.handlers = handlers;
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

  /** The server's features, sorted. */
  public SortedSet<String> announcedServerFeatures() {
    return announced().server();
  }

  /** Features of an account's bare JID, sorted. */
  public SortedSet<String> announcedAccountFeatures() {
    return announced().account();
  }

  /** The XEP-0115 verification string of the server's disco#info answer. */
  public String serverVer() {
    return announced().serverVer();
  }

  @Override
  public void handle(Stanza iq, Envelope in, StageOutput out) {
    if (!"get".equals(iq.type())) {
      Replies.error(in, iq.element(), StanzaError.BAD_REQUEST, "disco#info is a get", domain, out);
      return;
    }
    Jid to = iq.to();
    String node = iq.payload().attr("node");
    Announced a = announced();
    if (to == null && node != null && !node.endsWith("#" + a.serverVer())) {
      // No 'to' and not the server's node: a node of the sender's own account (its PEP nodes),
      // as clients address their own virtual pubsub service (RFC 6120 §10.3.3).
      accountNode(iq, in, out, iq.from().bare(), node);
    } else if (to == null || to.local() == null) {
      answer(iq, in, out, domain, List.of(SERVER_IDENTITY), a.server(), a.serverVer(), node);
    } else if (accountExists.test(to.bare())) {
      if (node != null && !node.endsWith("#" + a.accountVer())) {
        accountNode(iq, in, out, to.bare(), node);
        return;
      }
      answer(iq, in, out, to.toString(), a.accountIdentities(), a.account(), a.accountVer(), node);
    } else {
      // No such account: RFC 6121 §8.5.1.
      Replies.error(in, iq.element(), StanzaError.SERVICE_UNAVAILABLE, null, domain, out);
    }
  }

  private void answer(
      Stanza iq,
      Envelope in,
      StageOutput out,
      String from,
      List<Identity> identities,
      SortedSet<String> features,
      String ver,
      String node) {
    if (node != null && !node.endsWith("#" + ver)) {
      Replies.error(in, iq.element(), StanzaError.ITEM_NOT_FOUND, null, domain, out);
      return;
    }
    XmlElement.Builder query = XmlElement.builder("query", NS);
    if (node != null) {
      query.attr("node", node);
    }
    for (Identity identity : identities) {
      XmlElement.Builder id =
          XmlElement.builder("identity", NS)
              .attr("category", identity.category())
              .attr("type", identity.type());
      if (identity.name() != null) {
        id.attr("name", identity.name());
      }
      query.child(id.build());
    }
    for (String feature : features) {
      query.child(XmlElement.builder("feature", NS).attr("var", feature).build());
    }
    Replies.reply(in, Replies.iqResult(iq, from, query.build()), out);
  }

  /** A node of an account other than its capabilities node: whatever provider knows it. */
  private void accountNode(Stanza iq, Envelope in, StageOutput out, Jid account, String node) {
    for (AccountDiscoProvider p : accountProviders) {
      Optional<List<XmlElement>> info = p.nodeInfo(account, node, iq.from());
      if (info.isPresent()) {
        XmlElement.Builder query = XmlElement.builder("query", NS).attr("node", node);
        info.get().forEach(query::child);
        Replies.reply(in, Replies.iqResult(iq, account.toString(), query.build()), out);
        return;
      }
    }
    Replies.error(in, iq.element(), StanzaError.ITEM_NOT_FOUND, null, domain, out);
  }

  private Announced announced() {
    Announced a = announced;
    if (a == null) {
      SortedSet<String> server = new TreeSet<>();
      SortedSet<String> account = new TreeSet<>();
      for (IqHandler h : handlers) {
        server.addAll(h.serverFeatures());
        account.addAll(h.accountFeatures());
      }
      List<Identity> accountIdentities = new ArrayList<>();
      accountIdentities.add(ACCOUNT_IDENTITY);
      for (AccountDiscoProvider p : accountProviders) {
        accountIdentities.addAll(p.accountIdentities());
      }
      a =
          new Announced(
              Collections.unmodifiableSortedSet(server),
              EntityCapabilities.ver(List.of(SERVER_IDENTITY), server),
              List.copyOf(accountIdentities),
              Collections.unmodifiableSortedSet(account),
              EntityCapabilities.ver(accountIdentities, account));
      announced = a;
    }
    return a;
  }
}
