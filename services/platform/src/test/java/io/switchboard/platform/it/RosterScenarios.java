package io.switchboard.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.SubscribeListener;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * RFC 6121 rosters, subscriptions and presence, and XEP-0160 offline messages, with real Smack
 * clients; run in both deployment modes by its subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RosterScenarios {

  private TestPlatform platform;
  private final List<XMPPTCPConnection> clients = new CopyOnWriteArrayList<>();

  abstract TestPlatform.Mode mode();

  @BeforeAll
  void startPlatform() throws Exception {
    // A short XEP-0198 resumption window: a cut connection is announced once it has passed.
    platform = TestPlatform.start(mode(), Map.of("switchboard.xmpp.resume-timeout", "2s"));
    for (String u :
        List.of("romeo", "juliet", "nurse", "tybalt", "mercutio", "benvolio", "paris")) {
      platform.createUser(u, u + "-secret");
    }
  }

  @AfterAll
  void stopPlatform() {
    for (XMPPTCPConnection c : clients) {
      c.disconnect();
    }
    if (platform != null) {
      platform.close();
    }
  }

  private XMPPTCPConnection login(String user, String resource) throws Exception {
    XMPPTCPConnection c =
        SmackClients.login(platform, user, user + "-secret", resource, "SCRAM-SHA-256");
    clients.add(c);
    Roster.getInstanceFor(c).reloadAndWait();
    return c;
  }

  private static BareJid jid(String user) throws Exception {
    return JidCreate.bareFrom(user + "@localhost");
  }

  @Test
  void aMutualSubscriptionShowsInBothRostersAndCarriesPresence() throws Exception {
    XMPPTCPConnection romeo = login("romeo", "balcony");
    XMPPTCPConnection juliet = login("juliet", "window");
    Roster romeos = Roster.getInstanceFor(romeo);
    Roster juliets = Roster.getInstanceFor(juliet);
    juliets.addSubscribeListener(
        (from, p) -> SubscribeListener.SubscribeAnswer.ApproveAndAlsoRequestIfRequired);
    romeos.addSubscribeListener((from, p) -> SubscribeListener.SubscribeAnswer.Approve);

    romeos.createItemAndRequestSubscription(jid("juliet"), "Juliet", new String[] {"Capulets"});

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              RosterEntry j = romeos.getEntry(jid("juliet"));
              RosterEntry r = juliets.getEntry(jid("romeo"));
              assertThat(j).isNotNull();
              assertThat(r).isNotNull();
              assertThat(j.getType()).isEqualTo(RosterPacket.ItemType.both);
              assertThat(r.getType()).isEqualTo(RosterPacket.ItemType.both);
              assertThat(j.getName()).isEqualTo("Juliet");
              assertThat(j.getGroups()).extracting(g -> g.getName()).containsExactly("Capulets");
              assertThat(romeos.getPresence(jid("juliet")).isAvailable()).isTrue();
              assertThat(juliets.getPresence(jid("romeo")).isAvailable()).isTrue();
            });

    // A fresh login gets the roster and the contact's presence by probe.
    XMPPTCPConnection romeo2 = login("romeo", "garden");
    Roster second = Roster.getInstanceFor(romeo2);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(second.getEntry(jid("juliet")).getType())
                  .isEqualTo(RosterPacket.ItemType.both);
              assertThat(second.getPresence(jid("juliet")).isAvailable()).isTrue();
            });

    // A status change reaches the subscriber.
    juliet.sendStanza(
        juliet.getStanzaFactory().buildPresenceStanza().setStatus("wherefore").build());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "wherefore".equals(romeos.getPresence(jid("juliet")).getStatus()));

    // Going away without a word (TCP cut) still tells the contacts (RFC 6121 §4.5.3.1), once
    // the session can no longer be resumed.
    juliet.instantShutdown();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !romeos.getPresence(jid("juliet")).isAvailable());
  }

  @Test
  void aRequestToAnOfflineUserWaitsForTheirLoginAndRemovalCancelsBothWays() throws Exception {
    XMPPTCPConnection tybalt = login("tybalt", "t");
    Roster tybalts = Roster.getInstanceFor(tybalt);
    tybalts.createItemAndRequestSubscription(jid("mercutio"), null, null);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                tybalts.getEntry(jid("mercutio")) != null
                    && tybalts.getEntry(jid("mercutio")).isSubscriptionPending());

    List<Presence> requests = new CopyOnWriteArrayList<>();
    XMPPTCPConnection mercutio =
        SmackClients.connect(platform, "mercutio", "mercutio-secret", "m", "SCRAM-SHA-256");
    clients.add(mercutio);
    Roster mercutios = Roster.getInstanceFor(mercutio);
    mercutios.addSubscribeListener(
        (from, p) -> {
          requests.add(p);
          return SubscribeListener.SubscribeAnswer.Approve;
        });
    // The request waited for mercutio's initial presence, which login sends.
    mercutio.login();
    await().atMost(Duration.ofSeconds(10)).until(() -> !requests.isEmpty());
    assertThat(requests.get(0).getFrom().toString()).isEqualTo("tybalt@localhost");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> tybalts.getEntry(jid("mercutio")).getType() == RosterPacket.ItemType.to);

    tybalts.removeEntry(tybalts.getEntry(jid("mercutio")));
    await().atMost(Duration.ofSeconds(10)).until(() -> tybalts.getEntry(jid("mercutio")) == null);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              RosterEntry e = mercutios.getEntry(jid("tybalt"));
              return e == null || e.getType() == RosterPacket.ItemType.none;
            });
  }

  @Test
  void messagesToAnOfflineUserAreDeliveredInOrderAtLogin() throws Exception {
    XMPPTCPConnection nurse = login("nurse", "n");
    for (int i = 0; i < 10; i++) {
      nurse.sendStanza(
          nurse
              .getStanzaFactory()
              .buildMessageStanza()
              .to(jid("paris"))
              .ofType(Message.Type.chat)
              .setBody("offline-" + i)
              .build());
    }
    // Wait until they are stored: a ping round trip through the same pipeline is not enough in
    // distributed mode, so poll by logging in only after the store holds them.
    List<Message> got = Collections.synchronizedList(new ArrayList<>());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> platform.offlineCount("paris@localhost") == 10);
    XMPPTCPConnection paris =
        SmackClients.connect(platform, "paris", "paris-secret", "p", "SCRAM-SHA-256");
    clients.add(paris);
    paris.addSyncStanzaListener(m -> got.add((Message) m), MessageTypeFilter.CHAT);
    paris.login();
    await().atMost(Duration.ofSeconds(10)).until(() -> got.size() >= 10);
    assertThat(got)
        .extracting(Message::getBody)
        .containsExactly(
            "offline-0",
            "offline-1",
            "offline-2",
            "offline-3",
            "offline-4",
            "offline-5",
            "offline-6",
            "offline-7",
            "offline-8",
            "offline-9");
    assertThat(got).allSatisfy(m -> assertThat(m.getExtension(DelayInformation.class)).isNotNull());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> platform.offlineCount("paris@localhost") == 0);
  }

  @Test
  void rosterVersioningAnswersACurrentVersionWithAnEmptyResult() throws Exception {
    XMPPTCPConnection benvolio = login("benvolio", "b");
    Roster.getInstanceFor(benvolio).createItem(jid("romeo"), "Cousin", null);
    RosterPacket full = new RosterPacket();
    IQ answer = benvolio.sendIqRequestAndWaitForResponse(full);
    assertThat(answer).isInstanceOf(RosterPacket.class);
    String version = ((RosterPacket) answer).getVersion();
    assertThat(version).isNotBlank();

    RosterPacket again = new RosterPacket();
    again.setVersion(version);
    IQ current = benvolio.sendIqRequestAndWaitForResponse(again);
    assertThat(current).isNotInstanceOf(RosterPacket.class);
    assertThat(current.getType()).isEqualTo(IQ.Type.result);
  }

  @Test
  void badRosterAndSubscriptionInputGetsTheNamedErrors() throws Exception {
    XMPPTCPConnection paris = login("paris", "bad");
    // Two items in one set (RFC 6121 §2.3.3).
    RosterPacket two = new RosterPacket();
    two.setType(IQ.Type.set);
    two.addRosterItem(new RosterPacket.Item(jid("romeo"), "a"));
    two.addRosterItem(new RosterPacket.Item(jid("juliet"), "b"));
    assertError(paris, two, StanzaError.Condition.bad_request);
    // A client may not set a subscription state.
    RosterPacket state = new RosterPacket();
    state.setType(IQ.Type.set);
    RosterPacket.Item both = new RosterPacket.Item(jid("romeo"), "a");
    both.setItemType(RosterPacket.ItemType.both);
    state.addRosterItem(both);
    assertError(paris, state, StanzaError.Condition.bad_request);
    // Removing what is not there.
    RosterPacket remove = new RosterPacket();
    remove.setType(IQ.Type.set);
    RosterPacket.Item gone = new RosterPacket.Item(jid("nobody"), null);
    gone.setItemType(RosterPacket.ItemType.remove);
    remove.addRosterItem(gone);
    assertError(paris, remove, StanzaError.Condition.item_not_found);
    // Someone else's roster.
    RosterPacket foreign = new RosterPacket();
    foreign.setTo(jid("romeo"));
    assertError(paris, foreign, StanzaError.Condition.forbidden);

    // A subscription to oneself.
    List<Presence> errors = new CopyOnWriteArrayList<>();
    paris.addSyncStanzaListener(p -> errors.add((Presence) p), StanzaTypeFilter.PRESENCE);
    paris.sendStanza(
        paris
            .getStanzaFactory()
            .buildPresenceStanza()
            .ofType(Presence.Type.subscribe)
            .to(jid("paris"))
            .build());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> errors.stream().anyMatch(p -> p.getType() == Presence.Type.error));
    assertThat(
            errors.stream()
                .filter(p -> p.getType() == Presence.Type.error)
                .findFirst()
                .orElseThrow()
                .getError()
                .getCondition())
        .isEqualTo(StanzaError.Condition.bad_request);
  }

  private static void assertError(
      XMPPTCPConnection c, IQ request, StanzaError.Condition condition) {
    assertThatThrownBy(() -> c.sendIqRequestAndWaitForResponse(request))
        .isInstanceOfSatisfying(
            XMPPException.XMPPErrorException.class,
            e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(condition));
  }
}
