package io.switchboard.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.SimpleIQ;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.iqprivate.PrivateDataManager;
import org.jivesoftware.smackx.iqprivate.packet.DefaultPrivateData;
import org.jivesoftware.smackx.iqprivate.packet.PrivateDataIQ;
import org.jivesoftware.smackx.iqversion.VersionManager;
import org.jivesoftware.smackx.iqversion.packet.Version;
import org.jivesoftware.smackx.search.ReportedData;
import org.jivesoftware.smackx.search.UserSearchManager;
import org.jivesoftware.smackx.time.EntityTimeManager;
import org.jivesoftware.smackx.time.packet.Time;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jivesoftware.smackx.xdata.form.Form;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Profiles and server information with real Smack clients and Smack's own managers: service
 * discovery (XEP-0030), software version (XEP-0092), entity time (XEP-0202), vCards and avatars
 * (XEP-0054, XEP-0153), private XML storage (XEP-0049) and user search (XEP-0055 with data forms),
 * including the bad input each specification names an error for. Each subclass runs them on one
 * deployment type.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProfileScenarios {

  private static final List<String> USERS =
      List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace");

  private TestPlatform platform;
  private final List<XMPPTCPConnection> clients = new CopyOnWriteArrayList<>();
  private DomainBareJid server;

  abstract TestPlatform.Mode mode();

  /**
   * Reads XEP-0153 {@code <x xmlns='vcard-temp:x:update'><photo/></x>}. Smack has no provider for
   * it, and its generic one trips an assertion on the empty default-namespace prefix that the Aalto
   * StAX parser on this class path reports.
   */
  static final class VCardUpdateProvider
      extends ExtensionElementProvider<StandardExtensionElement> {
    @Override
    public StandardExtensionElement parse(
        XmlPullParser parser, int initialDepth, XmlEnvironment environment)
        throws XmlPullParserException, IOException {
      StandardExtensionElement.Builder x =
          StandardExtensionElement.builder("x", "vcard-temp:x:update");
      while (true) {
        XmlPullParser.Event event = parser.next();
        if (event == XmlPullParser.Event.START_ELEMENT && parser.getName().equals("photo")) {
          x.addElement("photo", parser.nextText());
        } else if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
          return x.build();
        }
      }
    }
  }

  @BeforeAll
  void startPlatform() throws Exception {
    ProviderManager.addExtensionProvider("x", "vcard-temp:x:update", new VCardUpdateProvider());
    platform = TestPlatform.start(mode(), Map.of());
    for (String user : USERS) {
      platform.createUser(user, user + "-secret");
    }
    server = JidCreate.domainBareFrom("localhost");
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

  private static EntityBareJid jid(String user) throws Exception {
    return JidCreate.entityBareFrom(user + "@localhost");
  }

  private static void assertError(ThrowingCallable call, StanzaError.Condition condition) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            XMPPException.XMPPErrorException.class,
            e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(condition));
  }

  @Test
  void serviceDiscoveryAnnouncesTheServerAndAccounts() throws Exception {
    XMPPTCPConnection alice = login("alice", "disco");
    ServiceDiscoveryManager disco = ServiceDiscoveryManager.getInstanceFor(alice);

    DiscoverInfo info = disco.discoverInfo(server);
    assertThat(info.getIdentities())
        .extracting(
            DiscoverInfo.Identity::getCategory,
            DiscoverInfo.Identity::getType,
            DiscoverInfo.Identity::getName)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("server", "im", "Switchboard"));
    assertThat(info.getFeatures())
        .extracting(DiscoverInfo.Feature::getVar)
        .contains(
            "http://jabber.org/protocol/disco#info",
            "http://jabber.org/protocol/disco#items",
            "urn:xmpp:ping",
            "jabber:iq:version",
            "urn:xmpp:time",
            "vcard-temp",
            "jabber:iq:private",
            "jabber:iq:search");
    assertThat(info.containsDuplicateFeatures()).isFalse();
    assertThat(disco.serverSupportsFeature("jabber:iq:search")).isTrue();
    assertThat(disco.discoverItems(server).getItems()).isEmpty();

    DiscoverInfo bob = disco.discoverInfo(jid("bob"));
    assertThat(bob.getIdentities())
        .extracting(DiscoverInfo.Identity::getCategory, DiscoverInfo.Identity::getType)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("account", "registered"),
            org.assertj.core.groups.Tuple.tuple("pubsub", "pep"));
    assertThat(bob.containsFeature("vcard-temp")).isTrue();
    assertThat(bob.containsFeature("jabber:iq:search")).isFalse();
    assertThat(disco.accountSupportsFeatures("jabber:iq:private")).isTrue();
    assertThat(VCardManager.getInstanceFor(alice).isSupported(jid("bob"))).isTrue();
  }

  @Test
  void serviceDiscoveryRefusesUnknownAccountsUnknownNodesAndSets() throws Exception {
    XMPPTCPConnection alice = login("alice", "disco-errors");
    ServiceDiscoveryManager disco = ServiceDiscoveryManager.getInstanceFor(alice);

    assertError(() -> disco.discoverInfo(jid("nobody")), StanzaError.Condition.service_unavailable);
    assertError(
        () -> disco.discoverInfo(server, "urn:example:no-such-node"),
        StanzaError.Condition.item_not_found);
    assertError(
        () -> disco.discoverItems(server, "urn:example:no-such-node"),
        StanzaError.Condition.item_not_found);

    IQ set = new SimpleIQ("query", "http://jabber.org/protocol/disco#info") {};
    set.setType(IQ.Type.set);
    set.setTo(server);
    assertError(
        () -> alice.sendIqRequestAndWaitForResponse(set), StanzaError.Condition.bad_request);
  }

  @Test
  void theServerTellsItsSoftwareVersionAndTime() throws Exception {
    XMPPTCPConnection alice = login("alice", "version");

    Version version = VersionManager.getInstanceFor(alice).getVersion(server);
    assertThat(version.getName()).isEqualTo("Switchboard");
    assertThat(version.getVersion()).matches("dev|\\d+\\.\\d+\\.\\d+.*");
    assertThat(version.getOs()).isNotBlank();

    Instant before = Instant.now().minusSeconds(5);
    Time time = EntityTimeManager.getInstanceFor(alice).getTime(server);
    assertThat(time.getTzo()).isEqualTo("+00:00");
    assertThat(time.getTime().toInstant()).isBetween(before, Instant.now().plusSeconds(5));

    // The server does not speak for its users' software.
    assertError(
        () -> {
          IQ request = new SimpleIQ("query", "jabber:iq:version") {};
          request.setTo(jid("bob"));
          alice.sendIqRequestAndWaitForResponse(request);
        },
        StanzaError.Condition.service_unavailable);
  }

  @Test
  void aVCardIsSavedByItsOwnerAndReadByOthers() throws Exception {
    XMPPTCPConnection carol = login("carol", "vcard");
    XMPPTCPConnection dave = login("dave", "vcard");

    VCard card = new VCard();
    card.setFirstName("Carol");
    card.setLastName("Danvers");
    card.setNickName("Captain");
    card.setEmailHome("carol@example.org");
    card.setAvatar(new byte[] {1, 2, 3, 4, 5}, "image/png");
    VCardManager.getInstanceFor(carol).saveVCard(card);

    VCard own = VCardManager.getInstanceFor(carol).loadVCard();
    assertThat(own.getNickName()).isEqualTo("Captain");

    VCard seen = VCardManager.getInstanceFor(dave).loadVCard(jid("carol"));
    assertThat(seen.getFirstName()).isEqualTo("Carol");
    assertThat(seen.getLastName()).isEqualTo("Danvers");
    assertThat(seen.getEmailHome()).isEqualTo("carol@example.org");
    assertThat(seen.getAvatar()).containsExactly(1, 2, 3, 4, 5);
    assertThat(seen.getAvatarHash()).isEqualTo(card.getAvatarHash());

    // An account without a vCard has an empty one; a missing account has none.
    VCard none = VCardManager.getInstanceFor(dave).loadVCard(jid("bob"));
    assertThat(none.getFirstName()).isNull();
    assertError(
        () -> VCardManager.getInstanceFor(dave).loadVCard(jid("nobody")),
        StanzaError.Condition.service_unavailable);
  }

  @Test
  void oversizedVCardsAndOtherUsersVCardsAreRefused() throws Exception {
    XMPPTCPConnection dave = login("dave", "vcard-errors");

    VCard big = new VCard();
    big.setFirstName("Dave");
    byte[] photo = new byte[100 * 1024]; // about 137 KB in Base64, over the 64 KiB limit
    Arrays.fill(photo, (byte) 7);
    big.setAvatar(photo, "image/png");
    assertError(
        () -> VCardManager.getInstanceFor(dave).saveVCard(big),
        StanzaError.Condition.not_acceptable);

    VCard forged = new VCard();
    forged.setFirstName("Not Alice");
    forged.setType(IQ.Type.set);
    forged.setTo(jid("alice"));
    assertError(
        () -> dave.sendIqRequestAndWaitForResponse(forged), StanzaError.Condition.forbidden);

    XMPPTCPConnection alice = login("alice", "vcard-check");
    assertThat(VCardManager.getInstanceFor(alice).loadVCard().getFirstName()).isNull();
  }

  @Test
  void anAvatarHashInPresenceLeadsToTheVCardPhoto() throws Exception {
    XMPPTCPConnection frank = login("frank", "avatar");
    XMPPTCPConnection grace = login("grace", "avatar");

    VCard card = new VCard();
    card.setAvatar(new byte[] {9, 8, 7}, "image/png");
    VCardManager.getInstanceFor(frank).saveVCard(card);

    List<Presence> seen = new CopyOnWriteArrayList<>();
    grace.addSyncStanzaListener(
        p -> seen.add((Presence) p),
        new AndFilter(StanzaTypeFilter.PRESENCE, FromMatchesFilter.create(frank.getUser())));
    frank.sendStanza(
        frank
            .getStanzaFactory()
            .buildPresenceStanza()
            .to(grace.getUser())
            .addExtension(
                StandardExtensionElement.builder("x", "vcard-temp:x:update")
                    .addElement("photo", card.getAvatarHash())
                    .build())
            .build());
    await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
    StandardExtensionElement update =
        (StandardExtensionElement) seen.get(0).getExtensionElement("x", "vcard-temp:x:update");
    String hash = update.getFirstElement("photo").getText();

    VCard fetched = VCardManager.getInstanceFor(grace).loadVCard(jid("frank"));
    assertThat(fetched.getAvatarHash()).isEqualTo(hash);
  }

  @Test
  void privateXmlIsKeptPerUserAndNamespace() throws Exception {
    XMPPTCPConnection bob = login("bob", "private");
    PrivateDataManager bobs = PrivateDataManager.getInstanceFor(bob);
    assertThat(bobs.isSupported()).isTrue();

    DefaultPrivateData prefs = new DefaultPrivateData("prefs", "urn:example:prefs");
    prefs.setValue("color", "blue");
    prefs.setValue("font", "large");
    bobs.setPrivateData(prefs);

    DefaultPrivateData back =
        (DefaultPrivateData) bobs.getPrivateData("prefs", "urn:example:prefs");
    assertThat(back.getValue("color")).isEqualTo("blue");
    assertThat(back.getValue("font")).isEqualTo("large");

    // Another user's storage under the same namespace is separate, and empty.
    XMPPTCPConnection alice = login("alice", "private");
    DefaultPrivateData alices =
        (DefaultPrivateData)
            PrivateDataManager.getInstanceFor(alice).getPrivateData("prefs", "urn:example:prefs");
    assertThat(alices.getNames()).isEmpty();
  }

  @Test
  void privateXmlOfOthersOrInXmppNamespacesIsRefused() throws Exception {
    XMPPTCPConnection alice = login("alice", "private-errors");

    assertError(
        () ->
            PrivateDataManager.getInstanceFor(alice)
                .setPrivateData(new DefaultPrivateData("foo", "jabber:client")),
        StanzaError.Condition.not_acceptable);
    assertError(
        () ->
            PrivateDataManager.getInstanceFor(alice)
                .setPrivateData(new DefaultPrivateData("query", "jabber:iq:private")),
        StanzaError.Condition.not_acceptable);

    PrivateDataIQ bobs = new PrivateDataIQ("prefs", "urn:example:prefs");
    bobs.setTo(jid("bob"));
    assertError(() -> alice.sendIqRequestAndWaitForResponse(bobs), StanzaError.Condition.forbidden);
  }

  @Test
  void usersAreFoundByUserNameFullNameAndEmail() throws Exception {
    XMPPTCPConnection erin = login("erin", "search");
    XMPPTCPConnection frank = login("frank", "search");
    VCard card = new VCard();
    card.setFirstName("Erin");
    card.setLastName("Searchable");
    card.setEmailWork("Erin.S@Example.org");
    VCardManager.getInstanceFor(erin).saveVCard(card);

    UserSearchManager search = new UserSearchManager(frank);
    Form form = search.getSearchForm(server);
    assertThat(form.getDataForm().getFields())
        .extracting(f -> f.getFieldName())
        .contains("user", "fn", "email");

    assertThat(jids(search, "fn", "SEARCHAB")).containsExactly("erin@localhost");
    assertThat(jids(search, "email", "erin.s@")).containsExactly("erin@localhost");
    assertThat(jids(search, "user", "er")).containsExactly("erin@localhost");
    assertThat(jids(search, "user", "nobody")).isEmpty();

    ReportedData data = results(search, "fn", "searchable");
    assertThat(data.getRows().get(0).getValues("fn"))
        .extracting(CharSequence::toString)
        .containsExactly("Erin Searchable");
    assertThat(data.getRows().get(0).getValues("email"))
        .extracting(CharSequence::toString)
        .containsExactly("Erin.S@Example.org");
  }

  private ReportedData results(UserSearchManager search, String field, String value)
      throws Exception {
    FillableForm fill = search.getSearchForm(server).getFillableForm();
    fill.setAnswer(field, value);
    return search.getSearchResults(fill, server);
  }

  private List<String> jids(UserSearchManager search, String field, String value) throws Exception {
    return results(search, field, value).getRows().stream()
        .map(r -> r.getValues("jid").get(0).toString())
        .toList();
  }
}
