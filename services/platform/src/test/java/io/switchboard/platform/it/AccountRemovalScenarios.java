package io.switchboard.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.switchboard.core.user.UserStore;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.bson.conversions.Bson;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.SubscribeListener;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.commands.AdHocCommand;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.iqprivate.PrivateDataManager;
import org.jivesoftware.smackx.iqprivate.packet.DefaultPrivateData;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Account removal by every path (admin HTTP API, XEP-0077, XEP-0133) does the same: the data is
 * gone from every collection, contacts no longer see a subscription, live sessions end with {@code
 * <not-authorized/>} (XEP-0077 §3.2), and the name can be registered afresh. Both modes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AccountRemovalScenarios {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String PRIVATE_NS = "urn:example:removal";

  private TestPlatform platform;
  private final List<XMPPTCPConnection> clients = new CopyOnWriteArrayList<>();

  abstract TestPlatform.Mode mode();

  @BeforeAll
  void startPlatform() throws Exception {
    platform =
        TestPlatform.start(
            mode(),
            Map.of(
                "switchboard.xmpp-admins", "boss@localhost",
                // The raw client logs in with PLAIN on a plain socket.
                "switchboard.xmpp.tls-required", false,
                "switchboard.xmpp.allow-plain-without-tls", true));
    for (String user :
        List.of("boss", "gone", "pal", "quitter", "pal2", "fired", "pal3", "victim", "mallory")) {
      platform.createUser(user, user + "-secret");
    }
  }

  @AfterAll
  void stopPlatform() {
    clients.forEach(XMPPTCPConnection::disconnect);
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void theAdminApiRemovesTheAccountWithEverythingItHad() throws Exception {
    XMPPTCPConnection gone = login("gone");
    XMPPTCPConnection pal = login("pal");
    befriend(gone, pal);
    fillProfile(gone);
    gone.disconnect();
    try (RawXmppClient raw = new RawXmppClient(platform.xmppPort())) {
      // Bound but not available: a message to the account is stored offline.
      raw.login("gone", "gone-secret", "raw");
      pal.sendStanza(
          pal.getStanzaFactory()
              .buildMessageStanza()
              .to(jid("gone"))
              .ofType(Message.Type.chat)
              .setBody("are you there?")
              .build());
      await().atMost(WAIT).until(() -> platform.offlineCount("gone@localhost") == 1);

      assertThat(deleteThroughTheAdminApi("gone").statusCode()).isEqualTo(204);

      String ended = raw.readUntil("</stream:stream>", WAIT);
      assertThat(ended)
          .contains("<not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>")
          .contains("Account removed");
      assertThat(raw.awaitClose(WAIT)).isTrue();
    }
    assertNoLongerSubscribed(pal, "gone");
    assertNothingLeftOf("gone@localhost");
    assertThat(deleteThroughTheAdminApi("gone").statusCode()).isEqualTo(404);
    assertAFreshAccountOfTheSameNameStartsEmpty("gone");
  }

  @Test
  void aUserRemovingTheirAccountRemovesTheSame() throws Exception {
    XMPPTCPConnection quitter = login("quitter");
    XMPPTCPConnection pal = login("pal2");
    befriend(quitter, pal);
    fillProfile(quitter);
    List<Exception> closings = closings(quitter);

    // The request from a second session, read raw to see the order on the wire.
    try (RawXmppClient raw = new RawXmppClient(platform.xmppPort())) {
      raw.login("quitter", "quitter-secret", "raw");
      raw.send("<iq type='set' id='bye1'><query xmlns='jabber:iq:register'><remove/></query></iq>");
      String wire = raw.readUntil("</stream:stream>", WAIT);
      // XEP-0077 §3.2: the result, then the not-authorized stream error.
      assertThat(raw.iq("bye1", WAIT)).contains("type=\"result\"");
      assertThat(wire.indexOf("id=\"bye1\"")).isLessThan(wire.indexOf("<stream:error>"));
      assertThat(wire).contains("<not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
      assertThat(raw.awaitClose(WAIT)).isTrue();
    }
    assertEndedAsRemoved(quitter, closings);
    assertThatThrownBy(
            () -> SmackClients.login(platform, "quitter", "quitter-secret", "r", "SCRAM-SHA-256"))
        .hasMessageContaining("not-authorized");
    assertNoLongerSubscribed(pal, "quitter");
    assertNothingLeftOf("quitter@localhost");
    assertAFreshAccountOfTheSameNameStartsEmpty("quitter");
  }

  @Test
  void anAdminDeletingAUserRemovesTheSame() throws Exception {
    XMPPTCPConnection fired = login("fired");
    XMPPTCPConnection pal = login("pal3");
    befriend(fired, pal);
    fillProfile(fired);
    List<Exception> closings = closings(fired);

    AdHocCommandManager commands = AdHocCommandManager.getInstance(login("boss"));
    AdHocCommand delete =
        commands.getRemoteCommand(
            JidCreate.domainBareFrom("localhost"), "http://jabber.org/protocol/admin#delete-user");
    FillableForm form = delete.execute().asExecutingOrThrow().getFillableForm();
    form.setAnswer("accountjids", List.of("fired@localhost"));
    assertThat(delete.complete(form.getSubmitForm()).isCompleted()).isTrue();

    assertEndedAsRemoved(fired, closings);
    assertNoLongerSubscribed(pal, "fired");
    assertNothingLeftOf("fired@localhost");
    assertAFreshAccountOfTheSameNameStartsEmpty("fired");
  }

  @Test
  void aClientCannotForgeTheServersRemovalCommand() throws Exception {
    String command =
        "<remove-account xmlns='urn:switchboard:internal:command' account='victim@localhost'"
            + " reply-node='local-node'/>";
    XMPPTCPConnection victim = login("victim");
    try (RawXmppClient mallory = new RawXmppClient(platform.xmppPort())) {
      mallory.login("mallory", "mallory-secret", "forge");
      // To the server, and to mallory's own account: no handler takes the element.
      mallory.send("<iq type='set' id='forge1' to='localhost'>" + command + "</iq>");
      assertThat(mallory.iq("forge1", WAIT))
          .contains("type=\"error\"")
          .contains("<service-unavailable");
      mallory.send("<iq type='set' id='forge2'>" + command + "</iq>");
      assertThat(mallory.iq("forge2", WAIT))
          .contains("type=\"error\"")
          .contains("<service-unavailable");
    }
    assertThat(
            platform
                .accessContext()
                .getBean(UserStore.class)
                .exists(io.switchboard.xmpp.Jid.of("victim@localhost")))
        .isTrue();
    assertThat(victim.isConnected()).isTrue();
    XMPPTCPConnection again = login("victim");
    assertThat(again.isAuthenticated()).isTrue();
  }

  // ---------------------------------------------------------------- helpers

  private XMPPTCPConnection login(String user) throws Exception {
    XMPPTCPConnection c =
        SmackClients.login(platform, user, user + "-secret", "r", "SCRAM-SHA-256");
    clients.add(c);
    Roster.getInstanceFor(c).reloadAndWait();
    return c;
  }

  private static BareJid jid(String user) throws Exception {
    return JidCreate.bareFrom(user + "@localhost");
  }

  /** A mutual subscription between the two. */
  private static void befriend(XMPPTCPConnection a, XMPPTCPConnection b) throws Exception {
    Roster ra = Roster.getInstanceFor(a);
    Roster rb = Roster.getInstanceFor(b);
    rb.addSubscribeListener(
        (from, p) -> SubscribeListener.SubscribeAnswer.ApproveAndAlsoRequestIfRequired);
    ra.addSubscribeListener((from, p) -> SubscribeListener.SubscribeAnswer.Approve);
    ra.createItemAndRequestSubscription(b.getUser().asBareJid(), null, null);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              RosterEntry ab = ra.getEntry(b.getUser().asBareJid());
              RosterEntry ba = rb.getEntry(a.getUser().asBareJid());
              assertThat(ab).isNotNull();
              assertThat(ba).isNotNull();
              assertThat(ab.getType()).isEqualTo(RosterPacket.ItemType.both);
              assertThat(ba.getType()).isEqualTo(RosterPacket.ItemType.both);
            });
  }

  /** A vCard and private XML, so the removal has something in every profile store. */
  private static void fillProfile(XMPPTCPConnection c) throws Exception {
    VCard card = new VCard();
    card.setFirstName("Soon");
    card.setLastName("Gone");
    card.setEmailHome("soon.gone@example.org");
    VCardManager.getInstanceFor(c).saveVCard(card);
    DefaultPrivateData data = new DefaultPrivateData("notes", PRIVATE_NS);
    data.setValue("note", "remember me");
    PrivateDataManager.getInstanceFor(c).setPrivateData(data);
  }

  /** Collects the exceptions a connection is closed with. */
  private static List<Exception> closings(XMPPTCPConnection c) {
    List<Exception> errors = new CopyOnWriteArrayList<>();
    c.addConnectionListener(
        new ConnectionListener() {
          @Override
          public void connectionClosedOnError(Exception e) {
            errors.add(e);
          }
        });
    return errors;
  }

  private static void assertEndedAsRemoved(XMPPTCPConnection c, List<Exception> closings) {
    await().atMost(WAIT).until(() -> !c.isConnected() && !closings.isEmpty());
    assertThat(closings.get(0))
        .isInstanceOfSatisfying(
            XMPPException.StreamErrorException.class,
            e ->
                assertThat(e.getStreamError().getCondition())
                    .isEqualTo(StreamError.Condition.not_authorized));
  }

  /** The contact keeps the item but sees no subscription and nothing pending any more. */
  private static void assertNoLongerSubscribed(XMPPTCPConnection contact, String removed) {
    Roster roster = Roster.getInstanceFor(contact);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              RosterEntry e = roster.getEntry(jid(removed));
              if (e != null) {
                assertThat(e.getType()).isEqualTo(RosterPacket.ItemType.none);
                assertThat(e.isSubscriptionPending()).isFalse();
              }
              assertThat(roster.getPresence(jid(removed)).isAvailable()).isFalse();
            });
  }

  /** No document of any collection belongs to the account, in the store the platform uses. */
  private void assertNothingLeftOf(String bareJid) {
    MongoDatabase db = platform.accessContext().getBean(MongoDatabase.class);
    Bson owned =
        Filters.or(
            Filters.eq("_id", bareJid),
            Filters.eq("owner", bareJid),
            Filters.eq("jid", bareJid),
            Filters.regex("_id", "^" + Pattern.quote(bareJid) + " "));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              for (String collection : db.listCollectionNames()) {
                assertThat(db.getCollection(collection).countDocuments(owned))
                    .as("documents of %s in %s", bareJid, collection)
                    .isZero();
              }
            });
  }

  /** Registering the name again gives an account with an empty roster, vCard and storage. */
  private void assertAFreshAccountOfTheSameNameStartsEmpty(String user) throws Exception {
    platform.createUser(user, user + "-secret");
    XMPPTCPConnection fresh = login(user);
    assertThat(Roster.getInstanceFor(fresh).getEntries()).isEmpty();
    assertThat(VCardManager.getInstanceFor(fresh).loadVCard().getFirstName()).isNull();
    DefaultPrivateData data =
        (DefaultPrivateData)
            PrivateDataManager.getInstanceFor(fresh).getPrivateData("notes", PRIVATE_NS);
    assertThat(data.getNames()).isEmpty();
  }

  private HttpResponse<String> deleteThroughTheAdminApi(String user) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(platform.httpUri().resolve("/admin/v1/users/" + user))
                .timeout(WAIT)
                .header("Authorization", "Bearer " + TestPlatform.ADMIN_TOKEN)
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
