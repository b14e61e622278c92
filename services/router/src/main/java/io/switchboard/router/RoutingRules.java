package io.switchboard.router;

import io.switchboard.core.session.SessionEntry;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * RFC 6121 §8.5: where a stanza addressed to a local account goes, given the account's connected
 * resources. A pure function, unit-tested rule by rule.
 */
public final class RoutingRules {

  private RoutingRules() {}

  /** What to do with a stanza. */
  public sealed interface Decision permits Deliver, Reject, Offline, Drop {}

  /** Deliver to these sessions. */
  public record Deliver(List<SessionEntry> targets) implements Decision {}

  /** Return this stanza error to the sender. */
  public record Reject(StanzaError condition) implements Decision {}

  /**
   * The account exists but has no resource to take the message: RFC 6121 §8.5.2.2.1 lets the server
   * store it offline or return service-unavailable.
   */
  public record Offline() implements Decision {}

  /** Silently ignore, as the RFC prescribes for this case. */
  public record Drop(String reason) implements Decision {}

  /**
   * Decides the fate of {@code stanza} addressed to {@code to} (a JID with a localpart of this
   * domain).
   *
   * @param resources the connected resources of {@code to.bare()}
   * @param accountExists asked only when no resource is connected
   */
  public static Decision decide(
      Stanza stanza, Jid to, List<SessionEntry> resources, BooleanSupplier accountExists) {
    if (resources.isEmpty() && !accountExists.getAsBoolean()) {
      return noSuchUser(stanza);
    }
    if (!to.isBare()) {
      for (SessionEntry e : resources) {
        if (e.jid().equals(to)) {
          return new Deliver(List.of(e));
        }
      }
      return noSuchResource(stanza, resources);
    }
    return toBareJid(stanza, resources);
  }

  /** §8.5.1: the account does not exist. */
  private static Decision noSuchUser(Stanza s) {
    switch (s.kind()) {
      case IQ:
        return s.isRequest() ? new Reject(StanzaError.SERVICE_UNAVAILABLE) : new Drop("no user");
      case MESSAGE:
        return s.isError() ? new Drop("no user") : new Reject(StanzaError.SERVICE_UNAVAILABLE);
      default:
        return new Drop("presence to a missing account");
    }
  }

  /** §8.5.3.2: a full JID whose resource is not connected. */
  private static Decision noSuchResource(Stanza s, List<SessionEntry> resources) {
    switch (s.kind()) {
      case MESSAGE:
        switch (s.type()) {
          case "chat":
            // §8.5.3.2.1: treat as addressed to the bare JID.
            return toBareJid(s, resources);
          case "normal":
          case "groupchat":
            return new Reject(StanzaError.SERVICE_UNAVAILABLE);
          default:
            return new Drop("headline or error to a missing resource");
        }
      case PRESENCE:
        return new Drop("presence to a missing resource");
      default:
        return s.isRequest() ? new Reject(StanzaError.SERVICE_UNAVAILABLE) : new Drop("iq reply");
    }
  }

  /** §8.5.2: a bare JID of an existing account. */
  private static Decision toBareJid(Stanza s, List<SessionEntry> resources) {
    switch (s.kind()) {
      case MESSAGE:
        switch (s.type()) {
          case "normal":
          case "chat":
            List<SessionEntry> best = mostAvailable(resources);
            return best.isEmpty() ? new Offline() : new Deliver(best);
          case "headline":
            List<SessionEntry> all = nonNegative(resources);
            return all.isEmpty() ? new Drop("headline, nobody available") : new Deliver(all);
          case "groupchat":
            return new Reject(StanzaError.SERVICE_UNAVAILABLE);
          default:
            return new Drop("error message to a bare JID");
        }
      case PRESENCE:
        if ("probe".equals(s.type())) {
          return new Drop("probes are answered by the server");
        }
        List<SessionEntry> available = available(resources);
        return available.isEmpty() ? new Drop("nobody available") : new Deliver(available);
      default:
        // iqs to a bare JID are answered by the processor; one reaching the router is unroutable.
        return s.isRequest() ? new Reject(StanzaError.SERVICE_UNAVAILABLE) : new Drop("iq reply");
    }
  }

  /** The available resources of non-negative priority that share the highest priority. */
  static List<SessionEntry> mostAvailable(List<SessionEntry> resources) {
    int top = Integer.MIN_VALUE;
    List<SessionEntry> best = new ArrayList<>(1);
    for (SessionEntry e : resources) {
      if (!e.available() || e.priority() < 0 || e.priority() < top) {
        continue;
      }
      if (e.priority() > top) {
        top = e.priority();
        best.clear();
      }
      best.add(e);
    }
    return best;
  }

  private static List<SessionEntry> nonNegative(List<SessionEntry> resources) {
    List<SessionEntry> out = new ArrayList<>(resources.size());
    for (SessionEntry e : resources) {
      if (e.available() && e.priority() >= 0) {
        out.add(e);
      }
    }
    return out;
  }

  private static List<SessionEntry> available(List<SessionEntry> resources) {
    List<SessionEntry> out = new ArrayList<>(resources.size());
    for (SessionEntry e : resources) {
      if (e.available()) {
        out.add(e);
      }
    }
    return out;
  }
}
