package io.switchboard.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.SubscribeListener;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.blocking.BlockingCommandManager;
import org.jivesoftware.smackx.blocking.element.BlockListIQ;
import org.jivesoftware.smackx.blocking.element.BlockedErrorExtension;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0191 blocking command with real Smack clients: the list, pushes, messages and presence
 * between a user and a contact they blocked; run in both deployment modes by its subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BlockingScenarios {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private TestPlatform platform;
  private final List<XMPPTCPConnection> clients = new CopyOnWriteArrayList<>();

  abstract TestPlatform.Mode mode();

  @BeforeAll
  void startPlatform() throws Exception {
    platform = TestPlatform.start(mode(), Map.of());
    for (String u :
        List.of("olivia", "juliet", "romeo", "hero", "claudio", "beatrice", "dogberry", "verges")) {
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
    return c;
  }

  private static BareJid jid(String user) throws Exception {
    return JidCreate.bareFrom(user + "@localhost");
  }

  /** The list as the server holds it, asked afresh (the manager caches what it saw). */
  private static List<Jid> serverList(XMPPTCPConnection c) throws Exception {
    BlockListIQ list = c.sendIqRequestAndWaitForResponse(new BlockListIQ());
    return list.getBlockedJids();
  }

  @Test
  void blockListUnblockAndUnblockAllReachEveryResource() throws Exception {
    XMPPTCPConnection phone = login("olivia", "phone");
    XMPPTCPConnection laptop = login("olivia", "laptop");
    BlockingCommandManager onPhone = BlockingCommandManager.getInstanceFor(phone);
    BlockingCommandManager onLaptop = BlockingCommandManager.getInstanceFor(laptop);
    assertThat(onPhone.isSupportedByServer()).isTrue();
    // The laptop asks for the list first, so it follows the pushes.
    assertThat(onLaptop.getBlockList()).isEmpty();
    List<Jid> blockedPushes = new CopyOnWriteArrayList<>();
    List<Jid> unblockedPushes = new CopyOnWriteArrayList<>();
    AtomicBoolean allUnblocked = new AtomicBoolean();
    onLaptop.addJidsBlockedListener(blockedPushes::addAll);
    onLaptop.addJidsUnblockedListener(unblockedPushes::addAll);
    onLaptop.addAllJidsUnblockedListener(() -> allUnblocked.set(true));

    Jid orsino = jid("orsino");
    Jid illyria = JidCreate.from("illyria.lit");
    onPhone.blockContacts(List.of(orsino, illyria));
    assertThat(serverList(phone)).containsExactly(orsino, illyria);
    await().atMost(WAIT).until(() -> blockedPushes.size() == 2);
    assertThat(blockedPushes).containsExactly(orsino, illyria);
    assertThat(onLaptop.getBlockList()).containsExactlyInAnyOrder(orsino, illyria);

    onPhone.unblockContacts(List.of(orsino));
    assertThat(serverList(laptop)).containsExactly(illyria);
    await().atMost(WAIT).until(() -> unblockedPushes.contains(orsino));

    onPhone.unblockAll();
    assertThat(serverList(phone)).isEmpty();
    await().atMost(WAIT).untilTrue(allUnblocked);
  }

  @Test
  void aBlockedContactsStanzasAreStoppedAndSendingToThemIsRefused() throws Exception {
    XMPPTCPConnection juliet = login("juliet", "balcony");
    XMPPTCPConnection romeo = login("romeo", "orchard");
    List<Message> atJuliet = new CopyOnWriteArrayList<>();
    List<Message> atRomeo = new CopyOnWriteArrayList<>();
    List<Message> errorsAtJuliet = new CopyOnWriteArrayList<>();
    juliet.addSyncStanzaListener(m -> atJuliet.add((Message) m), MessageTypeFilter.CHAT);
    juliet.addSyncStanzaListener(m -> errorsAtJuliet.add((Message) m), MessageTypeFilter.ERROR);
    romeo.addSyncStanzaListener(m -> atRomeo.add((Message) m), MessageTypeFilter.CHAT);

    // Before the block, messages flow (and the routers have read Juliet's empty list).
    romeo.sendStanza(chat(romeo, juliet.getUser(), "before"));
    await().atMost(WAIT).until(() -> bodies(atJuliet).contains("before"));

    BlockingCommandManager.getInstanceFor(juliet).blockContacts(List.of(jid("romeo")));

    // Romeo's message is dropped without a word: what he sends to himself afterwards arrives,
    // and a round trip of Juliet's after that finds nothing from him before it.
    romeo.sendStanza(chat(romeo, juliet.getUser(), "wherefore"));
    romeo.sendStanza(chat(romeo, romeo.getUser(), "marker"));
    await().atMost(WAIT).until(() -> bodies(atRomeo).contains("marker"));
    assertThat(PingManager.getInstanceFor(juliet).pingMyServer()).isTrue();
    assertThat(bodies(atJuliet)).containsExactly("before");

    // An iq request to her gets service-unavailable, not her client's answer.
    assertThatThrownBy(() -> romeo.sendIqRequestAndWaitForResponse(new Ping(juliet.getUser())))
        .isInstanceOfSatisfying(
            XMPPException.XMPPErrorException.class,
            e ->
                assertThat(e.getStanzaError().getCondition())
                    .isEqualTo(StanzaError.Condition.service_unavailable));

    // What she sends to him comes back as not-acceptable with <blocked/>.
    juliet.sendStanza(chat(juliet, jid("romeo"), "deny thy father"));
    await().atMost(WAIT).until(() -> !errorsAtJuliet.isEmpty());
    Message error = errorsAtJuliet.get(0);
    assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.not_acceptable);
    assertThat(BlockedErrorExtension.isInside(error)).isTrue();
    assertThat(error.getBody()).isEqualTo("deny thy father");

    // Unblocked, they talk again.
    BlockingCommandManager.getInstanceFor(juliet).unblockContacts(List.of(jid("romeo")));
    romeo.sendStanza(chat(romeo, juliet.getUser(), "after"));
    await().atMost(WAIT).until(() -> bodies(atJuliet).contains("after"));
    assertThat(bodies(atJuliet)).containsExactly("before", "after");
  }

  @Test
  void aBlockedContactSeesTheUserOfflineUntilUnblocked() throws Exception {
    XMPPTCPConnection hero = login("hero", "garden");
    XMPPTCPConnection claudio = login("claudio", "church");
    XMPPTCPConnection beatrice = login("beatrice", "arbour");
    Roster heros = Roster.getInstanceFor(hero);
    Roster claudios = Roster.getInstanceFor(claudio);
    Roster beatrices = Roster.getInstanceFor(beatrice);
    for (Roster r : List.of(heros, claudios, beatrices)) {
      r.reloadAndWait();
    }
    heros.addSubscribeListener(
        (from, p) -> SubscribeListener.SubscribeAnswer.ApproveAndAlsoRequestIfRequired);
    claudios.addSubscribeListener((from, p) -> SubscribeListener.SubscribeAnswer.Approve);
    claudios.createItemAndRequestSubscription(jid("hero"), "Hero", null);
    beatrices.createItemAndRequestSubscription(jid("hero"), "Hero", null);
    await()
        .atMost(WAIT)
        .until(
            () ->
                claudios.getPresence(jid("hero")).isAvailable()
                    && heros.getPresence(jid("claudio")).isAvailable()
                    && beatrices.getPresence(jid("hero")).isAvailable());

    BlockingCommandManager.getInstanceFor(hero).blockContacts(List.of(jid("claudio")));
    await().atMost(WAIT).until(() -> !claudios.getPresence(jid("hero")).isAvailable());

    // Her next presence reaches Beatrice, not Claudio.
    hero.sendStanza(hero.getStanzaFactory().buildPresenceStanza().setStatus("slandered").build());
    await()
        .atMost(WAIT)
        .until(() -> "slandered".equals(beatrices.getPresence(jid("hero")).getStatus()));
    assertThat(PingManager.getInstanceFor(claudio).pingMyServer()).isTrue();
    assertThat(claudios.getPresence(jid("hero")).isAvailable()).isFalse();

    // Unblocked, he sees her as she is now.
    BlockingCommandManager.getInstanceFor(hero).unblockContacts(List.of(jid("claudio")));
    await()
        .atMost(WAIT)
        .until(
            () ->
                claudios.getPresence(jid("hero")).isAvailable()
                    && "slandered".equals(claudios.getPresence(jid("hero")).getStatus()));
  }

  @Test
  void aBlockWithoutItemsOrWithAMalformedJidIsRefused() throws Exception {
    XMPPTCPConnection dogberry = login("dogberry", "watch");
    BlockingCommandManager manager = BlockingCommandManager.getInstanceFor(dogberry);
    assertThatThrownBy(() -> manager.blockContacts(List.of()))
        .isInstanceOfSatisfying(
            XMPPException.XMPPErrorException.class,
            e ->
                assertThat(e.getStanzaError().getCondition())
                    .isEqualTo(StanzaError.Condition.bad_request));
    assertThatThrownBy(() -> dogberry.sendIqRequestAndWaitForResponse(new RawBlock("verges@@")))
        .isInstanceOfSatisfying(
            XMPPException.XMPPErrorException.class,
            e ->
                assertThat(e.getStanzaError().getCondition())
                    .isEqualTo(StanzaError.Condition.jid_malformed));
    // Another account's list is not his to read.
    BlockListIQ foreign = new BlockListIQ();
    foreign.setTo(jid("verges"));
    assertThatThrownBy(() -> dogberry.sendIqRequestAndWaitForResponse(foreign))
        .isInstanceOfSatisfying(
            XMPPException.XMPPErrorException.class,
            e ->
                assertThat(e.getStanzaError().getCondition())
                    .isEqualTo(StanzaError.Condition.forbidden));
    assertThat(serverList(dogberry)).isEmpty();
  }

  /** A block of one item written as is, so that it can be malformed. */
  private static final class RawBlock extends IQ {
    private final String item;

    RawBlock(String item) {
      super("block", "urn:xmpp:blocking");
      this.item = item;
      setType(Type.set);
    }

    @Override
    protected IQChildElementXmlStringBuilder getIQChildElementBuilder(
        IQChildElementXmlStringBuilder xml) {
      xml.rightAngleBracket();
      xml.halfOpenElement("item").attribute("jid", item).closeEmptyElement();
      return xml;
    }
  }

  private static Message chat(XMPPTCPConnection from, Jid to, String body) {
    return from.getStanzaFactory()
        .buildMessageStanza()
        .to(to)
        .ofType(Message.Type.chat)
        .setBody(body)
        .build();
  }

  private static List<String> bodies(List<Message> messages) {
    return messages.stream().map(Message::getBody).toList();
  }
}
