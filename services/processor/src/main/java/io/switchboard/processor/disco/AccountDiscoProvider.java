package io.switchboard.processor.disco;

import io.switchboard.processor.disco.EntityCapabilities.Identity;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.XmlElement;
import java.util.List;
import java.util.Optional;

/**
 * What a feature adds to the service discovery (XEP-0030) of accounts, beyond the features its
 * {@code IqHandler}s announce: identities of every account, the account's items, and its nodes.
 */
public interface AccountDiscoProvider {

  /** Identities every existing account has through this feature, e.g. pubsub/pep. */
  default List<Identity> accountIdentities() {
    return List.of();
  }

  /** The {@code <item/>} elements of an account's disco#items answer, as the requester may see. */
  default List<XmlElement> items(Jid account, Jid requester) {
    return List.of();
  }

  /**
   * The children of the disco#info answer for a node of an account (identities, features, forms),
   * or empty when this feature has no such node the requester may see.
   */
  default Optional<List<XmlElement>> nodeInfo(Jid account, String node, Jid requester) {
    return Optional.empty();
  }

  /** The {@code <item/>} elements of a node of an account, or empty when there is no such node. */
  default Optional<List<XmlElement>> nodeItems(Jid account, String node, Jid requester) {
    return Optional.empty();
  }
}
