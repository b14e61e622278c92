package io.switchboard.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smackx.carbons.CarbonManager;
import org.jivesoftware.smackx.carbons.packet.CarbonExtension;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.MamManager.MamQuery;
import org.jivesoftware.smackx.mam.MamManager.MamQueryArgs;
import org.jivesoftware.smackx.mam.element.MamElements.MamResultExtension;
import org.jivesoftware.smackx.mam.element.MamPrefsIQ;
import org.jivesoftware.smackx.mam.element.MamVersion;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Message synchronisation with real Smack clients: carbons (XEP-0280) to a second resource, and the
 * message archive (XEP-0313) paged through 500 messages with RSM, filtered by contact and time,
 * with archiving preferences; run in both deployment modes by its subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SyncScenarios {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private TestPlatform platform;
  private final List<XMPPTCPConnection> clients = new CopyOnWriteArrayList<>();

  abstract TestPlatform.Mode mode();

  @BeforeAll
  void startPlatform() throws Exception {
    // Smack has no provider for <private/>; its generic one trips an assertion (-ea) on it.
    ProviderManager.addExtensionProvider(
        CarbonExtension.Private.ELEMENT,
        CarbonExtension.NAMESPACE,
        new ExtensionElementProvider<CarbonExtension.Private>() {
          @Override
          public CarbonExtension.Private parse(
              XmlPullParser parser, int initialDepth, XmlEnvironment xmlEnvironment) {
            return CarbonExtension.Private.INSTANCE;
          }
        });
    // Accounts archive only when they opt in, unless the operator says otherwise; these tests
    // run with the operator's "always".
    platform = TestPlatform.start(mode(), Map.of("switchboard.archive.default-mode", "always"));
    for (String u :
        List.of("viola", "orsino", "malvolio", "olivia", "sebastian", "feste", "maria", "toby")) {
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

  private static Message chat(XMPPTCPConnection from, Jid to, String body) {
    return from.getStanzaFactory()
        .buildMessageStanza()
        .to(to)
        .ofType(Message.Type.chat)
        .setBody(body)
        .build();
  }

  /** A carbon seen by a client: its direction and the forwarded message. */
  private record Carbon(CarbonExtension.Direction direction, Message message) {}

  @Test
  void carbonsCopySentAndReceivedMessagesToASecondResourceButNotPrivateOnes() throws Exception {
    XMPPTCPConnection orsino = login("orsino", "court");
    XMPPTCPConnection phone = login("viola", "phone");
    XMPPTCPConnection laptop = login("viola", "laptop");
    List<Carbon> carbons = new CopyOnWriteArrayList<>();
    CarbonManager laptopCarbons = CarbonManager.getInstanceFor(laptop);
    assertThat(laptopCarbons.isSupportedByServer()).isTrue();
    laptopCarbons.addCarbonCopyReceivedListener(
        (direction, copy, wrapper) -> carbons.add(new Carbon(direction, copy)));
    laptopCarbons.enableCarbons();
    List<Message> atPhone = new CopyOnWriteArrayList<>();
    phone.addSyncStanzaListener(m -> atPhone.add((Message) m), MessageTypeFilter.CHAT);
    List<Message> atOrsino = new CopyOnWriteArrayList<>();
    orsino.addSyncStanzaListener(m -> atOrsino.add((Message) m), MessageTypeFilter.CHAT);
    EntityFullJid phoneJid = phone.getUser();

    // The flag reaches the router through the session table (a NATS KV bucket in distributed
    // mode): probe until a first carbon arrives.
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              orsino.sendStanza(chat(orsino, phoneJid, "probe"));
              return carbons.stream().anyMatch(c -> "probe".equals(c.message().getBody()));
            });

    // Received: a message to the phone's full JID is copied to the laptop.
    orsino.sendStanza(chat(orsino, phoneJid, "If music be the food of love"));
    await()
        .atMost(WAIT)
        .until(() -> carbonBodies(carbons).contains("If music be the food of love"));
    Carbon received = find(carbons, "If music be the food of love");
    assertThat(received.direction()).isEqualTo(CarbonExtension.Direction.received);
    assertThat(received.message().getFrom().asBareJid().toString()).isEqualTo("orsino@localhost");
    await().atMost(WAIT).until(() -> bodies(atPhone).contains("If music be the food of love"));

    // Sent: what the phone sends is copied to the laptop.
    phone.sendStanza(chat(phone, jid("orsino"), "I am not what I am"));
    await().atMost(WAIT).until(() -> carbonBodies(carbons).contains("I am not what I am"));
    Carbon sent = find(carbons, "I am not what I am");
    assertThat(sent.direction()).isEqualTo(CarbonExtension.Direction.sent);
    assertThat(sent.message().getTo().asBareJid().toString()).isEqualTo("orsino@localhost");
    assertThat(sent.message().getFrom().toString()).isEqualTo(phoneJid.toString());
    await().atMost(WAIT).until(() -> bodies(atOrsino).contains("I am not what I am"));

    // Private: delivered, not copied.
    MessageBuilder secret =
        phone
            .getStanzaFactory()
            .buildMessageStanza()
            .to(jid("orsino"))
            .ofType(Message.Type.chat)
            .setBody("a private word");
    CarbonExtension.Private.addTo(secret);
    phone.sendStanza(secret.build());
    phone.sendStanza(chat(phone, jid("orsino"), "a public word"));
    await().atMost(WAIT).until(() -> carbonBodies(carbons).contains("a public word"));
    await()
        .atMost(WAIT)
        .until(() -> bodies(atOrsino).containsAll(List.of("a private word", "a public word")));
    assertThat(carbonBodies(carbons)).doesNotContain("a private word");

    // A message to an account with no resource (offline storage) is still copied as sent.
    phone.sendStanza(chat(phone, jid("malvolio"), "some are born great"));
    await().atMost(WAIT).until(() -> carbonBodies(carbons).contains("some are born great"));
    assertThat(find(carbons, "some are born great").direction())
        .isEqualTo(CarbonExtension.Direction.sent);

    // The phone did not enable carbons: it gets no copies of what the laptop sends.
    List<Message> phoneCarbons = new CopyOnWriteArrayList<>();
    phone.addSyncStanzaListener(
        m -> {
          if (m.hasExtension(CarbonExtension.NAMESPACE)) {
            phoneCarbons.add((Message) m);
          }
        },
        MessageTypeFilter.CHAT);
    laptop.sendStanza(chat(laptop, jid("orsino"), "from the laptop"));
    await().atMost(WAIT).until(() -> bodies(atOrsino).contains("from the laptop"));
    assertThat(phoneCarbons).isEmpty();
  }

  @Test
  void theArchivePagesThroughFiveHundredMessagesFilteredByContactAndTime() throws Exception {
    XMPPTCPConnection olivia = login("olivia", "garden");
    XMPPTCPConnection sebastian = login("sebastian", "street");
    XMPPTCPConnection feste = login("feste", "hall");
    List<Message> delivered = new CopyOnWriteArrayList<>();
    olivia.addSyncStanzaListener(m -> delivered.add((Message) m), MessageTypeFilter.CHAT);

    for (int i = 0; i < 500; i++) {
      sebastian.sendStanza(chat(sebastian, jid("olivia"), "m-" + i));
    }
    MamManager mam = mam(olivia, null);
    await().atMost(Duration.ofSeconds(60)).until(() -> count(mam, null) == 500);
    // A time boundary strictly between the two batches.
    await().pollDelay(Duration.ofMillis(50)).until(() -> true);
    Date between = new Date();
    await().pollDelay(Duration.ofMillis(50)).until(() -> true);
    for (int i = 0; i < 20; i++) {
      feste.sendStanza(chat(feste, jid("olivia"), "f-" + i));
    }
    await().atMost(WAIT).until(() -> count(mam, null) == 520);

    // Forwards through everything with sebastian, 50 at a time.
    MamQuery query =
        mam.queryArchive(
            MamQueryArgs.builder()
                .limitResultsToJid(jid("sebastian"))
                .setResultPageSize(50)
                .build());
    List<Message> all = new ArrayList<>(query.getMessages());
    List<String> ids = new ArrayList<>(ids(query.getMamResultExtensions()));
    int pages = 1;
    assertThat(query.getPage().getMamFinIq().getRSMSet().getCount()).isEqualTo(500);
    while (!query.isComplete()) {
      all.addAll(query.pageNext(50));
      ids.addAll(ids(query.getMamResultExtensions()));
      pages++;
      assertThat(pages).isLessThanOrEqualTo(11);
    }
    assertThat(pages).isEqualTo(10);
    assertThat(all).hasSize(500);
    for (int i = 0; i < 500; i++) {
      assertThat(all.get(i).getBody()).isEqualTo("m-" + i);
      assertThat(all.get(i).getFrom().asBareJid().toString()).isEqualTo("sebastian@localhost");
    }
    assertThat(new HashSet<>(ids)).hasSize(500);
    assertThat(ids).isSorted();

    // The delivered copies carry the same ids as stanza-ids by olivia's account.
    await().atMost(WAIT).until(() -> delivered.size() >= 520);
    Map<String, String> idByBody = new HashMap<>();
    for (Message m : delivered) {
      StanzaIdElement sid = StanzaIdElement.getStanzaId(m);
      assertThat(sid).as("stanza-id of %s", m.getBody()).isNotNull();
      assertThat(sid.getBy()).isEqualTo("olivia@localhost");
      idByBody.put(m.getBody(), sid.getId());
    }
    for (int i = 0; i < 500; i++) {
      assertThat(idByBody.get("m-" + i)).isEqualTo(ids.get(i));
    }

    // Backwards from the end: the last page, then the one before it.
    MamQuery last =
        mam.queryArchive(
            MamQueryArgs.builder()
                .limitResultsToJid(jid("sebastian"))
                .setResultPageSize(100)
                .queryLastPage()
                .build());
    assertThat(bodies(last.getMessages())).first().isEqualTo("m-400");
    assertThat(bodies(last.getMessages())).last().isEqualTo("m-499");
    assertThat(bodies(last.pagePrevious(100))).first().isEqualTo("m-300");

    // The sender's archive has them too.
    MamManager sebastians = mam(sebastian, null);
    await().atMost(WAIT).until(() -> count(sebastians, jid("olivia")) == 500);

    // Time filters: everything after the instant between the two runs is feste's.
    MamQuery since =
        mam.queryArchive(
            MamQueryArgs.builder().limitResultsSince(between).setResultPageSize(100).build());
    assertThat(bodies(since.getMessages())).hasSize(20).allMatch(b -> b.startsWith("f-"));
    assertThat(since.isComplete()).isTrue();
    MamQuery before =
        mam.queryArchive(
            MamQueryArgs.builder().limitResultsBefore(between).setResultPageSize(10).build());
    assertThat(before.getPage().getMamFinIq().getRSMSet().getCount()).isEqualTo(500);
    assertThat(bodies(before.getMessages())).first().isEqualTo("m-0");
    assertThat(before.isComplete()).isFalse();

    // An id that is not in the archive.
    assertThatThrownBy(
            () ->
                mam.queryArchive(
                    MamQueryArgs.builder()
                        .afterUid("0000000000000000-00000000")
                        .setResultPageSize(10)
                        .build()))
        .isInstanceOfSatisfying(
            XMPPException.XMPPErrorException.class,
            e ->
                assertThat(e.getStanzaError().getCondition())
                    .isEqualTo(StanzaError.Condition.item_not_found));

    // Someone else's archive.
    assertThatThrownBy(
            () ->
                mam(olivia, jid("sebastian"))
                    .queryArchive(MamQueryArgs.builder().setResultPageSize(1).build()))
        .isInstanceOfSatisfying(
            XMPPException.XMPPErrorException.class,
            e ->
                assertThat(e.getStanzaError().getCondition())
                    .isEqualTo(StanzaError.Condition.forbidden));
  }

  @Test
  void archivingPreferencesAreHonoured() throws Exception {
    XMPPTCPConnection maria = login("maria", "buttery");
    XMPPTCPConnection toby = login("toby", "cellar");
    MamManager marias = mam(maria, null);
    // (Smack's MamPrefs helpers trip over the IQ's namespace, so the prefs IQs are sent as such.)
    assertThat(marias.retrieveArchivingPreferences().mamPrefs.getDefault())
        .isEqualTo(MamPrefsIQ.DefaultBehavior.always);
    MamPrefsIQ never =
        new MamPrefsIQ(MamVersion.MAM2, List.of(), List.of(), MamPrefsIQ.DefaultBehavior.never);
    never.setType(IQ.Type.set);
    MamPrefsIQ stored = maria.sendIqRequestAndWaitForResponse(never);
    assertThat(stored.getDefault()).isEqualTo(MamPrefsIQ.DefaultBehavior.never);
    assertThat(marias.retrieveArchivingPreferences().mamPrefs.getDefault())
        .isEqualTo(MamPrefsIQ.DefaultBehavior.never);

    for (int i = 0; i < 5; i++) {
      toby.sendStanza(chat(toby, jid("maria"), "cakes and ale " + i));
    }
    MamManager tobys = mam(toby, null);
    // The sender archives (its default is always); maria, who said never, does not.
    await().atMost(WAIT).until(() -> count(tobys, jid("maria")) == 5);
    assertThat(count(marias, null)).isZero();
  }

  /** A MAM manager that knows the server's MAM version (Smack's queryArchive needs that first). */
  private static MamManager mam(XMPPTCPConnection c, Jid archive) throws Exception {
    MamManager m =
        archive == null ? MamManager.getInstanceFor(c) : MamManager.getInstanceFor(c, archive);
    assertThat(m.isSupported()).isTrue();
    return m;
  }

  private static int count(MamManager mam, Jid with) throws Exception {
    MamQueryArgs.Builder args = MamQueryArgs.builder().onlyReturnMessageCount();
    if (with != null) {
      args.limitResultsToJid(with);
    }
    return mam.queryArchive(args.build()).getPage().getMamFinIq().getRSMSet().getCount();
  }

  private static List<String> ids(List<MamResultExtension> results) {
    return results.stream().map(MamResultExtension::getId).toList();
  }

  private static List<String> bodies(List<Message> messages) {
    return messages.stream().map(Message::getBody).toList();
  }

  private static Set<String> carbonBodies(List<Carbon> carbons) {
    Set<String> out = new HashSet<>();
    for (Carbon c : carbons) {
      out.add(c.message().getBody());
    }
    return out;
  }

  private static Carbon find(List<Carbon> carbons, String body) {
    return carbons.stream()
        .filter(c -> body.equals(c.message().getBody()))
        .findFirst()
        .orElseThrow();
  }
}
