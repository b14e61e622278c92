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
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * XEP-0030 disco#info. The server (no {@code to}, or the domain) answers with the identity
 * server/im and the union of every {@link IqHandler#serverFeatures()}; an existing account's bare
 * JID with account/registered and the union of {@link IqHandler#accountFeatures()}, so what is
 * announced is exactly what the registered handlers serve. A node is known only when it is the
 * XEP-0115 capabilities node of the same answer ({@code <anything>#<ver>}).
 */
@Singleton
public class DiscoInfoHandler implements IqHandler {

  public static final String NS = "http://jabber.org/protocol/disco#info";
  public static final Identity SERVER_IDENTITY = new Identity("server", "im", null, "Switchboard");
  public static final Identity ACCOUNT_IDENTITY = new Identity("account", "registered", null, null);

  /** What the server and accounts announce; computed once, when the first request comes. */
  private record Announced(
      SortedSet<String> server, String serverVer, SortedSet<String> account, String accountVer) {}

  private final String domain;
  private final Predicate<Jid> accountExists;
  private final Iterable<IqHandler> handlers;
  private volatile Announced announced;

  /**
   * The handlers come through a {@link BeanProvider}, resolved at the first request, because this
   * handler is one of them.
   */
  @Inject
  public DiscoInfoHandler(
      SwitchboardConfig config, UserStore users, BeanProvider<IqHandler> handlers) {
    this(config.domain(), users::exists, handlers);
  }

  DiscoInfoHandler(String domain, Predicate<Jid> accountExists, Iterable<IqHandler> handlers) {
    this.domain = domain;
    this.accountExists = accountExists;
    this.handlers = handlers;
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
    if (to == null || to.local() == null) {
      answer(iq, in, out, domain, SERVER_IDENTITY, a.server(), a.serverVer(), node);
    } else if (accountExists.test(to.bare())) {
      answer(iq, in, out, to.toString(), ACCOUNT_IDENTITY, a.account(), a.accountVer(), node);
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
      Identity identity,
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
    XmlElement.Builder id =
        XmlElement.builder("identity", NS)
            .attr("category", identity.category())
            .attr("type", identity.type());
    if (identity.name() != null) {
      id.attr("name", identity.name());
    }
    query.child(id.build());
    for (String feature : features) {
      query.child(XmlElement.builder("feature", NS).attr("var", feature).build());
    }
    Replies.reply(in, Replies.iqResult(iq, from, query.build()), out);
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
      a =
          new Announced(
              Collections.unmodifiableSortedSet(server),
              EntityCapabilities.ver(List.of(SERVER_IDENTITY), server),
              Collections.unmodifiableSortedSet(account),
              EntityCapabilities.ver(List.of(ACCOUNT_IDENTITY), account));
      announced = a;
    }
    return a;
  }
}
