package io.switchboard.processor.pep;

import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.core.user.UserStore;
import io.switchboard.processor.pep.PubSub.Failure;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.function.Predicate;

/**
 * What both pubsub handlers need first: whose virtual pubsub service an iq is for (XEP-0163 §2.1:
 * every account is one, at its bare JID; an iq without {@code to} is for the sender's own), and the
 * node it names.
 */
@Singleton
class PepService {

  /** The service an iq addresses and whether the sender owns it. */
  record Target(Jid owner, boolean isOwner) {}

  private final Predicate<Jid> accountExists;
  private final String domain;

  @Inject
  PepService(SwitchboardConfig config, UserStore users) {
    this(config.domain(), users::exists);
  }

  PepService(String domain, Predicate<Jid> accountExists) {
    this.domain = domain;
    this.accountExists = accountExists;
  }

  String domain() {
    return domain;
  }

  /**
   * The addressed account.
   *
   * @throws Failure service-unavailable for the domain (no pubsub service there) and for accounts
   *     that do not exist (RFC 6121 §8.5.1)
   */
  Target target(Stanza iq) throws Failure {
    Jid requester = iq.from().bare();
    Jid to = iq.to();
    if (to == null) {
      return new Target(requester, true);
    }
    if (to.local() == null) {
      throw new Failure(
          StanzaError.SERVICE_UNAVAILABLE, null, "there is no pubsub service at " + to.domain());
    }
    Jid owner = to.bare();
    if (owner.equals(requester)) {
      return new Target(owner, true);
    }
    if (!accountExists.test(owner)) {
      throw new Failure(StanzaError.SERVICE_UNAVAILABLE, null, null);
    }
    return new Target(owner, false);
  }

  /** The {@code node} attribute, required (XEP-0060 §7.1.3.3 {@code nodeid-required}). */
  static String node(XmlElement action) throws Failure {
    String node = action.attr("node");
    if (node == null || node.isEmpty()) {
      throw new Failure(StanzaError.BAD_REQUEST, "nodeid-required", "name the node");
    }
    return node;
  }

  static Failure forbidden() {
    return new Failure(
        StanzaError.FORBIDDEN, null, "only the account's owner may change its PEP nodes");
  }

  static Failure noSuchNode(String node) {
    return new Failure(StanzaError.ITEM_NOT_FOUND, null, "no node " + node);
  }
}
