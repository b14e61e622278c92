package io.switchboard.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterUtil;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.mood.Mood;
import org.jivesoftware.smackx.mood.MoodManager;
import org.jivesoftware.smackx.mood.element.MoodElement;
import org.jivesoftware.smackx.pep.PepManager;
import org.jivesoftware.smackx.pubsub.EventElement;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.ItemsExtension;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.RetractItem;
import org.jivesoftware.smackx.pubsub.SimplePayload;
import org.jivesoftware.smackx.pubsub.filter.EventItemsExtensionFilter;
import org.jivesoftware.smackx.usertune.UserTuneManager;
import org.jivesoftware.smackx.usertune.element.UserTuneElement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Personal eventing (XEP-0163) and moments with real Smack clients and Smack's own managers
 * (PepManager, UserTuneManager, MoodManager, PubSubManager): notifications to subscribed contacts
 * that announce +notify in their entity capabilities, which the server learns by asking them, the
 * last published item at login, retraction, moments, publish-options preconditions and the bad
 * input XEP-0060 names errors for. Each subclass runs them on one deployment type.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PepScenarios {

  static final String MOMENTS = "urn:switchboard:moments:0";
  static final String PUBSUB = "http://jabber.org/protocol/pubsub";
  static final Duration WAIT = Duration.ofSeconds(15);

  private static final List<String> USERS =
      List.of(
          "juliet",
          "romeo",
          "tybalt",
          "nurse",
          "mercutio",
          "benvolio",
          "paris",
          "rosaline",
          "capulet",
          "montague",
          "friar",
          "balthasar");

  private TestPlatform platform;
  private final List<XMPPTCPConnection> clients = new CopyOnWriteArrayList<>();

  abstract TestPlatform.Mode mode();

  /** A pubsub request written out, for what Smack's managers do not send. */
  static final class RawPubSub extends IQ {
    private final String inner;

    RawPubSub(String namespace, String inner) {
      super("pubsub", namespace);
      this.inner = inner;
    }

    @Override
    protected IQChildElementXmlStringBuilder getIQChildElementBuilder(
        IQChildElementXmlStringBuilder xml) {
      xml.rightAngleBracket();
      xml.append(inner);
      return xml;
    }
  }

  /**
   * Reads an element as its name, namespace and {@code feature} attribute, skipping its content:
   * for the pubsub-specific error conditions ({@code http://jabber.org/protocol/pubsub#errors},
   * XEP-0060 §7–§8) and the echoed {@code <publish-options/>} of an error reply. Smack has no
   * provider for them, and its generic one trips an assertion on the empty default-namespace prefix
   * that the Aalto StAX parser on this class path reports (see docs/conformance.md), which kills
   * the connection's reader.
   */
  static final class OpaqueElementProvider
      extends ExtensionElementProvider<StandardExtensionElement> {
    @Override
    public StandardExtensionElement parse(
        XmlPullParser parser, int initialDepth, XmlEnvironment environment)
        throws XmlPullParserException, IOException {
      StandardExtensionElement.Builder e =
          StandardExtensionElement.builder(parser.getName(), parser.getNamespace());
      String feature = parser.getAttributeValue("", "feature");
      if (feature != null) {
        e.addAttribute("feature", feature);
      }
      while (parser.next() != XmlPullParser.Event.END_ELEMENT
          || parser.getDepth() != initialDepth) {
        // skip the content
      }
      return e.build();
    }
  }

  /** Elements read by {@link OpaqueElementProvider} during these tests: name, namespace. */
  private static final List<String[]> OPAQUE =
      List.of(
          new String[] {"closed-node", PUBSUB + "#errors"},
          new String[] {"invalid-payload", PUBSUB + "#errors"},
          new String[] {"item-required", PUBSUB + "#errors"},
          new String[] {"nodeid-required", PUBSUB + "#errors"},
          new String[] {"payload-required", PUBSUB + "#errors"},
          new String[] {"payload-too-big", PUBSUB + "#errors"},
          new String[] {"precondition-not-met", PUBSUB + "#errors"},
          new String[] {"presence-subscription-required", PUBSUB + "#errors"},
          new String[] {"unsupported", PUBSUB + "#errors"},
          // echoed in error replies (RFC 6120 §8.3.1), with payloads in their own namespaces
          new String[] {"publish", PUBSUB},
          new String[] {"publish-options", PUBSUB});

  @BeforeAll
  void startPlatform() throws Exception {
    for (String[] e : OPAQUE) {
      ProviderManager.addExtensionProvider(e[0], e[1], new OpaqueElementProvider());
    }
    platform = TestPlatform.start(mode(), Map.of());
    for (String u : USERS) {
      platform.createUser(u, u + "-secret");
    }
  }

  @AfterAll
  void stopPlatform() {
    for (XMPPTCPConnection c : clients) {
      c.disconnect();
    }
    for (String[] e : OPAQUE) {
      ProviderManager.removeExtensionProvider(e[0], e[1]);
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

  private XMPPTCPConnection connect(String user, String resource) throws Exception {
    XMPPTCPConnection c =
        SmackClients.connect(platform, user, user + "-secret", resource, "SCRAM-SHA-256");
    clients.add(c);
    return c;
  }

  private static BareJid jid(String user) throws Exception {
    return JidCreate.bareFrom(user + "@localhost");
  }

  /** Both subscribed to each other's presence. */
  private static void befriend(XMPPTCPConnection a, XMPPTCPConnection b) throws Exception {
    RosterUtil.ensureSubscribed(a, b, WAIT.toMillis());
    await()
        .atMost(WAIT)
        .until(
            () ->
                Roster.getInstanceFor(a).iAmSubscribedTo(b.getUser().asBareJid())
                    && Roster.getInstanceFor(b).iAmSubscribedTo(a.getUser().asBareJid()));
  }

  /**
   * Waits until {@code to} received a chat message that {@code from} sends now: everything the
   * server sent {@code to} before, for what {@code from} did before, has arrived by then.
   */
  private static void barrier(XMPPTCPConnection from, XMPPTCPConnection to) throws Exception {
    List<Message> got = new CopyOnWriteArrayList<>();
    String body = "barrier-" + System.nanoTime();
    to.addSyncStanzaListener(
        m -> {
          if (body.equals(((Message) m).getBody())) {
            got.add((Message) m);
          }
        },
        MessageTypeFilter.CHAT);
    from.sendStanza(
        from.getStanzaFactory()
            .buildMessageStanza()
            .to(to.getUser())
            .ofType(Message.Type.chat)
            .setBody(body)
            .build());
    await().atMost(WAIT).until(() -> !got.isEmpty());
  }

  private static UserTuneElement tune(String title) {
    return UserTuneElement.getBuilder().setArtist("Gerald Finzi").setTitle(title).build();
  }

  @Test
  void aSubscribedContactThatAnnouncesNotifyGetsTheEventAndAStrangerDoesNot() throws Exception {
    XMPPTCPConnection juliet = login("juliet", "balcony");
    XMPPTCPConnection romeo = login("romeo", "orchard");
    XMPPTCPConnection tybalt = login("tybalt", "street");
    befriend(juliet, romeo);
    List<UserTuneElement> romeoHeard = new CopyOnWriteArrayList<>();
    List<UserTuneElement> tybaltHeard = new CopyOnWriteArrayList<>();
    UserTuneManager.getInstanceFor(romeo)
        .addUserTuneListener((from, t, id, m) -> romeoHeard.add(t));
    UserTuneManager.getInstanceFor(tybalt)
        .addUserTuneListener((from, t, id, m) -> tybaltHeard.add(t));
    // The server learns romeo's new interest from his presence (asking his client once), and
    // answers with the last item when it comes to know it: publish until he has one.
    UserTuneElement first = tune("Introduction");
    UserTuneManager.getInstanceFor(juliet).publishUserTune(first);
    await().atMost(WAIT).until(() -> romeoHeard.contains(first));

    // Now live: a new item reaches him as it is published.
    UserTuneElement second = tune("Allegro vigoroso");
    UserTuneManager.getInstanceFor(juliet).publishUserTune(second);
    await().atMost(WAIT).until(() -> romeoHeard.contains(second));

    barrier(juliet, tybalt);
    assertThat(tybaltHeard).isEmpty();
  }

  @Test
  void theLastPublishedItemArrivesAtLoginAtContactsAndOwnResources() throws Exception {
    XMPPTCPConnection nurse = login("nurse", "kitchen");
    XMPPTCPConnection mercutio = login("mercutio", "street");
    befriend(nurse, mercutio);
    MoodManager.getInstanceFor(nurse).setMood(Mood.happy);
    MoodManager.getInstanceFor(nurse).setMood(Mood.amazed);
    mercutio.disconnect();

    // A resource that announces mood+notify in its initial presence gets the last mood.
    List<MoodElement> heard = new CopyOnWriteArrayList<>();
    XMPPTCPConnection again = connect("mercutio", "again");
    MoodManager.getInstanceFor(again).addMoodListener((from, mood, id, m) -> heard.add(mood));
    again.login();
    await().atMost(WAIT).until(() -> !heard.isEmpty());
    assertThat(heard.get(heard.size() - 1).getMood()).isEqualTo(Mood.amazed);

    List<MoodElement> own = new CopyOnWriteArrayList<>();
    XMPPTCPConnection nurse2 = connect("nurse", "garden");
    MoodManager.getInstanceFor(nurse2).addMoodListener((from, mood, id, m) -> own.add(mood));
    nurse2.login();
    await().atMost(WAIT).until(() -> !own.isEmpty());
    assertThat(own.get(own.size() - 1).getMood()).isEqualTo(Mood.amazed);
  }

  @Test
  void aRetractionIsNotified() throws Exception {
    String node = "urn:example:retract";
    XMPPTCPConnection benvolio = login("benvolio", "b");
    XMPPTCPConnection paris = login("paris", "p");
    befriend(benvolio, paris);
    List<String> published = new CopyOnWriteArrayList<>();
    List<String> retracted = new CopyOnWriteArrayList<>();
    paris.addSyncStanzaListener(
        s -> {
          ItemsExtension items = (ItemsExtension) EventElement.from(s).getEvent();
          for (var i : items.getItems()) {
            if (i instanceof RetractItem r) {
              retracted.add(r.getId());
            } else if (i instanceof Item item) {
              published.add(item.getId());
            }
          }
        },
        EventItemsExtensionFilter.INSTANCE);
    PepManager.getInstanceFor(benvolio)
        .publish(node, new PayloadItem<>("r1", new SimplePayload("<x xmlns='urn:example'/>")));
    ServiceDiscoveryManager.getInstanceFor(paris).addFeature(node + "+notify");
    // The last item arrives once the server knows paris's interest.
    await().atMost(WAIT).until(() -> published.contains("r1"));

    PubSubManager.getInstanceFor(benvolio, null).getLeafNode(node).deleteItem("r1");
    await().atMost(WAIT).until(() -> retracted.contains("r1"));
  }

  @Test
  void momentsGoToSubscribedContactsAndAreRetrievable() throws Exception {
    XMPPTCPConnection rosaline = login("rosaline", "r");
    XMPPTCPConnection capulet = login("capulet", "c");
    XMPPTCPConnection montague = login("montague", "m");
    befriend(rosaline, capulet);
    List<String> bodies = new CopyOnWriteArrayList<>();
    capulet.addSyncStanzaListener(
        s -> {
          ItemsExtension items = (ItemsExtension) EventElement.from(s).getEvent();
          if (MOMENTS.equals(items.getNode())) {
            for (var i : items.getItems()) {
              if (i instanceof PayloadItem<?> p) {
                bodies.add(p.getPayload().toXML().toString());
              }
            }
          }
        },
        EventItemsExtensionFilter.INSTANCE);
    ServiceDiscoveryManager.getInstanceFor(capulet).addFeature(MOMENTS + "+notify");
    PepManager pep = PepManager.getInstanceFor(rosaline);
    pep.publish(MOMENTS, moment("m1", "Dancing tonight"));
    await().atMost(WAIT).until(() -> bodies.stream().anyMatch(b -> b.contains("Dancing tonight")));
    pep.publish(MOMENTS, moment("m2", "Not with Romeo"));
    pep.publish(MOMENTS, moment("m3", "Sworn to chastity"));
    await().atMost(WAIT).until(() -> bodies.stream().anyMatch(b -> b.contains("chastity")));

    // A contact retrieves the newest moments (the node keeps 50).
    LeafNode moments = PubSubManager.getInstanceFor(capulet, jid("rosaline")).getLeafNode(MOMENTS);
    List<PayloadItem<SimplePayload>> newest = moments.getItems(2);
    assertThat(newest).extracting(Item::getId).containsExactly("m2", "m3");
    assertThat(moments.getItems()).hasSize(3);
    assertThat(newest.get(1).getPayload().toXML().toString()).contains("Sworn to chastity");

    // Someone not subscribed to her presence may not.
    assertThatThrownBy(
            () -> montague.sendIqRequestAndWaitForResponse(items("rosaline@localhost", MOMENTS)))
        .isInstanceOfSatisfying(
            XMPPErrorException.class,
            e ->
                assertThat(e.getStanzaError().getCondition())
                    .isEqualTo(StanzaError.Condition.not_authorized));
    // Her account announces PEP and lists the node to her contact, not to the stranger.
    DiscoverInfo info =
        ServiceDiscoveryManager.getInstanceFor(capulet).discoverInfo(jid("rosaline"));
    assertThat(info.hasIdentity("pubsub", "pep")).isTrue();
    assertThat(PepManager.getInstanceFor(capulet).isSupported()).isTrue();
    DiscoverItems seen =
        ServiceDiscoveryManager.getInstanceFor(capulet).discoverItems(jid("rosaline"));
    assertThat(seen.getItems()).extracting(DiscoverItems.Item::getNode).contains(MOMENTS);
    DiscoverItems hidden =
        ServiceDiscoveryManager.getInstanceFor(montague).discoverItems(jid("rosaline"));
    assertThat(hidden.getItems()).isEmpty();
  }

  @Test
  void publishOptionsThatTheNodeDoesNotMeetAreAConflict() throws Exception {
    XMPPTCPConnection friar = login("friar", "cell");
    String node = "urn:example:private";
    // The node does not exist: it is created with the options.
    friar.sendIqRequestAndWaitForResponse(publishWithOptions(node, "1", "whitelist"));
    // The same options are met; others are not.
    friar.sendIqRequestAndWaitForResponse(publishWithOptions(node, "2", "whitelist"));
    assertThatThrownBy(
            () -> friar.sendIqRequestAndWaitForResponse(publishWithOptions(node, "3", "open")))
        .isInstanceOfSatisfying(
            XMPPErrorException.class,
            e -> {
              assertThat(e.getStanzaError().getCondition())
                  .isEqualTo(StanzaError.Condition.conflict);
              assertThat(
                      (Object)
                          e.getStanzaError()
                              .getExtension("precondition-not-met", PUBSUB + "#errors"))
                  .isNotNull();
            });
    List<Item> stored = PubSubManager.getInstanceFor(friar, null).getLeafNode(node).getItems();
    // The refused publication left nothing; the node keeps one item, the PEP default.
    assertThat(stored).extracting(Item::getId).containsExactly("2");
  }

  @Test
  void badInputGetsTheErrorsXep0060Names() throws Exception {
    XMPPTCPConnection balthasar = login("balthasar", "b");
    // Publishing to someone else's node.
    assertThatThrownBy(
            () ->
                balthasar.sendIqRequestAndWaitForResponse(
                    publish("juliet@localhost", "urn:example:x", "<item id='1'/>")))
        .isInstanceOfSatisfying(
            XMPPErrorException.class,
            e ->
                assertThat(e.getStanzaError().getCondition())
                    .isEqualTo(StanzaError.Condition.forbidden));
    // Publishing without an item.
    assertThatThrownBy(
            () -> balthasar.sendIqRequestAndWaitForResponse(publish(null, "urn:example:x", "")))
        .isInstanceOfSatisfying(
            XMPPErrorException.class,
            e -> {
              assertThat(e.getStanzaError().getCondition())
                  .isEqualTo(StanzaError.Condition.bad_request);
              assertThat(
                      (Object) e.getStanzaError().getExtension("item-required", PUBSUB + "#errors"))
                  .isNotNull();
            });
    // Items of a node that does not exist.
    assertThatThrownBy(
            () -> balthasar.sendIqRequestAndWaitForResponse(items(null, "urn:example:none")))
        .isInstanceOfSatisfying(
            XMPPErrorException.class,
            e ->
                assertThat(e.getStanzaError().getCondition())
                    .isEqualTo(StanzaError.Condition.item_not_found));
    // The connection is still fine.
    assertThat(PepManager.getInstanceFor(balthasar).isSupported()).isTrue();
  }

  private static PayloadItem<SimplePayload> moment(String id, String body) {
    return new PayloadItem<>(
        id,
        new SimplePayload("<moment xmlns='" + MOMENTS + "'><body>" + body + "</body></moment>"));
  }

  private static IQ publish(String to, String node, String inner) throws Exception {
    IQ iq = new RawPubSub(PUBSUB, "<publish node='" + node + "'>" + inner + "</publish>");
    iq.setType(IQ.Type.set);
    if (to != null) {
      iq.setTo(JidCreate.from(to));
    }
    return iq;
  }

  private static IQ items(String to, String node) throws Exception {
    IQ iq = new RawPubSub(PUBSUB, "<items node='" + node + "'/>");
    iq.setType(IQ.Type.get);
    if (to != null) {
      iq.setTo(JidCreate.from(to));
    }
    return iq;
  }

  private static IQ publishWithOptions(String node, String id, String accessModel) {
    IQ iq =
        new RawPubSub(
            PUBSUB,
            "<publish node='"
                + node
                + "'><item id='"
                + id
                + "'><secret xmlns='urn:example'/></item></publish><publish-options>"
                + "<x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value>"
                + PUBSUB
                + "#publish-options</value></field>"
                + "<field var='pubsub#access_model'><value>"
                + accessModel
                + "</value></field></x></publish-options>");
    iq.setType(IQ.Type.set);
    return iq;
  }
}
