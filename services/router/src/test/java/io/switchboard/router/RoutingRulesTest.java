package io.switchboard.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.session.SessionEntry;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** RFC 6121 §8.5, rule by rule. */
class RoutingRulesTest {

  private static final BooleanSupplier EXISTS = () -> true;
  private static final BooleanSupplier MISSING = () -> false;
  private static final Jid BOB = Jid.of("bob@localhost");

  private static SessionEntry bob(String resource, boolean available, int priority) {
    return new SessionEntry(
        BOB.withResource(resource), "n-" + resource, "s-" + resource, available, priority, 0);
  }

  private static Stanza stanza(String name, String type) {
    XmlElement.Builder b =
        XmlElement.builder(name, "jabber:client")
            .attr("from", "alice@localhost/a")
            .attr("to", "bob@localhost");
    if (type != null) {
      b.attr("type", type);
    }
    if (name.equals("iq")) {
      b.attr("id", "1").child(XmlElement.builder("query", "urn:x").build());
    }
    return Stanza.of(b.build());
  }

  private static RoutingRules.Decision decide(
      Stanza s, Jid to, List<SessionEntry> sessions, BooleanSupplier exists) {
    return RoutingRules.decide(s, to, sessions, exists);
  }

  private static List<Jid> targets(RoutingRules.Decision d) {
    assertThat(d).isInstanceOf(RoutingRules.Deliver.class);
    return ((RoutingRules.Deliver) d).targets().stream().map(SessionEntry::jid).toList();
  }

  @Test
  void chatToABareJidGoesToTheHighestNonNegativePriorities() {
    List<SessionEntry> s =
        List.of(
            bob("a", true, 5),
            bob("b", true, 5),
            bob("c", true, 1),
            bob("d", false, 9),
            bob("e", true, -1));
    assertThat(targets(decide(stanza("message", "chat"), BOB, s, EXISTS)))
        .containsExactlyInAnyOrder(BOB.withResource("a"), BOB.withResource("b"));
  }

  @Test
  void chatWithNoAvailableResourceIsForOfflineHandling() {
    List<SessionEntry> s = List.of(bob("a", false, 0), bob("b", true, -5));
    assertThat(decide(stanza("message", "chat"), BOB, s, EXISTS))
        .isInstanceOf(RoutingRules.Offline.class);
    assertThat(decide(stanza("message", null), BOB, List.of(), EXISTS))
        .isInstanceOf(RoutingRules.Offline.class);
  }

  @Test
  void headlineGoesToAllNonNegativeAndIsDroppedWhenNobodyIsThere() {
    List<SessionEntry> s = List.of(bob("a", true, 5), bob("b", true, 0), bob("c", true, -1));
    assertThat(targets(decide(stanza("message", "headline"), BOB, s, EXISTS))).hasSize(2);
    assertThat(decide(stanza("message", "headline"), BOB, List.of(), EXISTS))
        .isInstanceOf(RoutingRules.Drop.class);
  }

  @Test
  void groupchatToABareJidIsRefused() {
    assertThat(decide(stanza("message", "groupchat"), BOB, List.of(bob("a", true, 0)), EXISTS))
        .isEqualTo(new RoutingRules.Reject(StanzaError.SERVICE_UNAVAILABLE));
  }

  @Test
  void fullJidDeliversToThatResourceEvenWithLowPriority() {
    List<SessionEntry> s = List.of(bob("a", true, 5), bob("b", true, -3));
    assertThat(targets(decide(stanza("message", "chat"), BOB.withResource("b"), s, EXISTS)))
        .containsExactly(BOB.withResource("b"));
  }

  @Test
  void missingResourceFollowsTheMessageType() {
    List<SessionEntry> s = List.of(bob("a", true, 0));
    Jid gone = BOB.withResource("gone");
    assertThat(targets(decide(stanza("message", "chat"), gone, s, EXISTS)))
        .containsExactly(BOB.withResource("a"));
    assertThat(decide(stanza("message", "normal"), gone, s, EXISTS))
        .isEqualTo(new RoutingRules.Reject(StanzaError.SERVICE_UNAVAILABLE));
    assertThat(decide(stanza("message", "headline"), gone, s, EXISTS))
        .isInstanceOf(RoutingRules.Drop.class);
    assertThat(decide(stanza("presence", null), gone, s, EXISTS))
        .isInstanceOf(RoutingRules.Drop.class);
    assertThat(decide(stanza("iq", "get"), gone, s, EXISTS))
        .isEqualTo(new RoutingRules.Reject(StanzaError.SERVICE_UNAVAILABLE));
    assertThat(decide(stanza("iq", "result"), gone, s, EXISTS))
        .isInstanceOf(RoutingRules.Drop.class);
  }

  @Test
  void unknownAccounts() {
    assertThat(decide(stanza("message", "chat"), BOB, List.of(), MISSING))
        .isEqualTo(new RoutingRules.Reject(StanzaError.SERVICE_UNAVAILABLE));
    assertThat(decide(stanza("message", "error"), BOB, List.of(), MISSING))
        .isInstanceOf(RoutingRules.Drop.class);
    assertThat(decide(stanza("presence", null), BOB, List.of(), MISSING))
        .isInstanceOf(RoutingRules.Drop.class);
    assertThat(decide(stanza("iq", "set"), BOB.withResource("x"), List.of(), MISSING))
        .isEqualTo(new RoutingRules.Reject(StanzaError.SERVICE_UNAVAILABLE));
  }

  @Test
  void theAccountStoreIsOnlyAskedWhenNobodyIsConnected() {
    BooleanSupplier fails =
        () -> {
          throw new AssertionError("store consulted on the hot path");
        };
    decide(stanza("message", "chat"), BOB, List.of(bob("a", true, 0)), fails);
  }

  @Test
  void directedPresenceGoesToAvailableResources() {
    List<SessionEntry> s = List.of(bob("a", true, -1), bob("b", false, 0));
    assertThat(targets(decide(stanza("presence", null), BOB, s, EXISTS)))
        .containsExactly(BOB.withResource("a"));
    assertThat(decide(stanza("presence", "probe"), BOB, s, EXISTS))
        .isInstanceOf(RoutingRules.Drop.class);
  }
}
