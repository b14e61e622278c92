package io.switchboard.core.pipeline;

import io.switchboard.xmpp.Jid;
import java.util.Objects;

/**
 * Where an envelope is going: the address it is for and, once the router has resolved it, the
 * access node that holds that address's session.
 *
 * @param to the target address (bare or full JID)
 * @param nodeId the access node to deliver to, or null while unresolved
 */
public record Route(Jid to, String nodeId) {
  public Route {
    Objects.requireNonNull(to, "to");
  }

  public static Route to(Jid to) {
    return new Route(to, null);
  }

  public static Route deliver(Jid fullJid, String nodeId) {
    return new Route(fullJid, Objects.requireNonNull(nodeId, "nodeId"));
  }
}
