package io.switchboard.processor.pep;

import static io.switchboard.processor.pep.PepFixture.events;
import static io.switchboard.processor.pep.PepFixture.recipients;
import static io.switchboard.processor.pep.PepFixture.reply;
import static io.switchboard.processor.testing.IqExchange.error;
import static io.switchboard.processor.testing.IqExchange.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.processor.pep.PepFixture.Delivery;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.XmlElement;
import io.switchboard.xmpp.XmlParser;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PubSubHandlerTest {

  static final String TUNE = "http://jabber.org/protocol/tune";
  static final String JULIET = "juliet@localhost/balcony";
  static final String ROMEO = "romeo@localhost/orchard";
  static final String NURSE = "nurse@localhost/kitchen";
  static final String TYBALT = "tybalt@localhost/street";

  private final PepFixture pep = new PepFixture();

  @AfterEach
  void close() {
    pep.close();
  }

  @Test
  void aPublishAutoCreatesTheNodeAndNotifiesInterestedOwnerResourcesAndSubscribers()
      throws Exception {
    pep.online(JULIET, 0, TUNE);
    pep.online("juliet@localhost/chamber", 0); // announces no interest
    pep.online(ROMEO, 1, TUNE);
    pep.online("romeo@localhost/away", -1, TUNE); // negative priority
    pep.online(NURSE, 0); // subscribed, but not interested
    pep.online(TYBALT, 0, TUNE); // interested, but not subscribed
    pep.subscribe("romeo@localhost", "juliet@localhost");
    pep.subscribe("nurse@localhost", "juliet@localhost");

    List<Delivery> out = pep.send(pep.pubsub, JULIET, publish(TUNE, "t1", tune("Finzi")));

    XmlElement answer = result(reply(out, JULIET));
    assertThat(answer.toXml())
        .isEqualTo(
            "<pubsub xmlns=\"http://jabber.org/protocol/pubsub\"><publish node=\""
                + TUNE
                + "\">"
                + "<item id=\"t1\"/></publish></pubsub>");
    assertThat(reply(out, JULIET).attr("from")).isEqualTo("juliet@localhost");
    assertThat(recipients(out)).containsExactlyInAnyOrder(JULIET, ROMEO);
    for (Delivery d : events(out)) {
      XmlElement m = d.stanza();
      assertThat(m.attr("from")).isEqualTo("juliet@localhost");
      assertThat(m.attr("type")).isEqualTo("headline");
      XmlElement items = m.child("event", PubSub.EVENT_NS).child("items", PubSub.EVENT_NS);
      assertThat(items.attr("node")).isEqualTo(TUNE);
      XmlElement item = items.child("item", PubSub.EVENT_NS);
      assertThat(item.attr("id")).isEqualTo("t1");
      assertThat(item.elements()).containsExactly(XmlParser.parse(tune("Finzi")));
      // XEP-0033 replyto for contacts only (XEP-0163 §4.3.1).
      assertThat(m.child("addresses", PubSub.ADDRESS_NS) != null)
          .isEqualTo(d.to().toString().equals(ROMEO));
    }
    assertThat(pep.store.node(Jid.of("juliet@localhost"), TUNE).orElseThrow().config())
        .isEqualTo(NodeConfig.defaults(TUNE, PepFixture.LIMITS));
  }

  @Test
  void blockingEitherWayStopsEvents() throws Exception {
    pep.online(ROMEO, 0, TUNE);
    pep.subscribe("romeo@localhost", "juliet@localhost");
    pep.blocked.add("juliet@localhost romeo@localhost");
    assertThat(events(pep.send(pep.pubsub, JULIET, publish(TUNE, "1", tune("a"))))).isEmpty();
    pep.blocked.clear();
    pep.blocked.add("romeo@localhost juliet@localhost");
    assertThat(events(pep.send(pep.pubsub, JULIET, publish(TUNE, "2", tune("b"))))).isEmpty();
    pep.blocked.clear();
    assertThat(recipients(pep.send(pep.pubsub, JULIET, publish(TUNE, "3", tune("c")))))
        .containsExactly(ROMEO);
  }

  @Test
  void anItemWithoutIdGetsOneAndRepublishingAnIdReplacesTheItem() throws Exception {
    XmlElement answer =
        result(reply(pep.send(pep.pubsub, JULIET, publish(TUNE, null, tune("a"))), JULIET));
    String generated = answer.child("publish", PubSub.NS).child("item", PubSub.NS).attr("id");
    assertThat(generated).isNotBlank();
    // The node did not exist for configure: it was created by the publish, with max_items 1.
    pep.send(pep.owner, JULIET, configure(TUNE, "pubsub#max_items", "5"));
    pep.send(pep.pubsub, JULIET, publish(TUNE, "x", tune("b")));
    pep.send(pep.pubsub, JULIET, publish(TUNE, generated, tune("c")));
    assertThat(itemIds(pep.send(pep.pubsub, JULIET, items(null, TUNE, null))))
        .containsExactly("x", generated);
  }

  @Test
  void publishOptionsAreConfigurationForANewNodeAndPreconditionsForAnExistingOne()
      throws Exception {
    String whitelist = options("pubsub#access_model", "whitelist", "pubsub#max_items", "max");
    assertThat(
            result(
                reply(
                    pep.send(pep.pubsub, JULIET, publish("urn:x", "1", tune("a"), whitelist)),
                    JULIET)))
        .isNotNull();
    NodeConfig created = pep.store.node(Jid.of("juliet@localhost"), "urn:x").orElseThrow().config();
    assertThat(created.accessModel()).isEqualTo(AccessModel.WHITELIST);
    assertThat(created.maxItems()).isEqualTo(256);

    // The same preconditions are met.
    assertThat(
            reply(pep.send(pep.pubsub, JULIET, publish("urn:x", "2", tune("b"), whitelist)), JULIET)
                .attr("type"))
        .isEqualTo("result");
    // Another access model is not: conflict with precondition-not-met, and nothing published.
    XmlElement conflict =
        reply(
            pep.send(
                pep.pubsub,
                JULIET,
                publish("urn:x", "3", tune("c"), options("pubsub#access_model", "presence"))),
            JULIET);
    assertThat(error(conflict)).isEqualTo(StanzaError.CONFLICT);
    assertThat(pubsubCondition(conflict)).isEqualTo("precondition-not-met");
    assertThat(errorType(conflict)).isEqualTo("cancel");
    // Unknown fields and unsupported values cannot be met either.
    for (String bad :
        List.of(
            options("pubsub#title", "Mine"),
            options("pubsub#access_model", "roster"),
            options("pubsub#max_items", "100000"))) {
      XmlElement r =
          reply(pep.send(pep.pubsub, JULIET, publish("urn:x", "4", tune("d"), bad)), JULIET);
      assertThat(pubsubCondition(r)).isEqualTo("precondition-not-met");
    }
    assertThat(itemIds(pep.send(pep.pubsub, JULIET, items(null, "urn:x", null))))
        .containsExactly("1", "2");
  }

  @Test
  void badPublishRequestsGetTheErrorsOfXep0060() throws Exception {
    pep.online(ROMEO, 0);
    // Someone else's node: forbidden.
    XmlElement other =
        reply(
            pep.send(pep.pubsub, ROMEO, publishTo("juliet@localhost", TUNE, "1", tune("x"))),
            ROMEO);
    assertThat(error(other)).isEqualTo(StanzaError.FORBIDDEN);
    assertThat(other.attr("from")).isEqualTo("juliet@localhost");

    assertRejected(
        "<iq xmlns='jabber:client' type='set' id='p'><pubsub xmlns='"
            + PubSub.NS
            + "'>"
            + "<publish node='"
            + TUNE
            + "'/></pubsub></iq>",
        StanzaError.BAD_REQUEST,
        "item-required");
    assertRejected(
        "<iq xmlns='jabber:client' type='set' id='p'><pubsub xmlns='"
            + PubSub.NS
            + "'>"
            + "<publish><item>"
            + tune("a")
            + "</item></publish></pubsub></iq>",
        StanzaError.BAD_REQUEST,
        "nodeid-required");
    assertRejected(
        "<iq xmlns='jabber:client' type='set' id='p'><pubsub xmlns='"
            + PubSub.NS
            + "'>"
            + "<publish node='"
            + TUNE
            + "'><item id='1'/></publish></pubsub></iq>",
        StanzaError.BAD_REQUEST,
        "payload-required");
    assertRejected(
        "<iq xmlns='jabber:client' type='set' id='p'><pubsub xmlns='"
            + PubSub.NS
            + "'>"
            + "<publish node='"
            + TUNE
            + "'><item id='1'>"
            + tune("a")
            + tune("b")
            + "</item>"
            + "</publish></pubsub></iq>",
        StanzaError.BAD_REQUEST,
        "invalid-payload");
    assertRejected(
        "<iq xmlns='jabber:client' type='set' id='p'><pubsub xmlns='"
            + PubSub.NS
            + "'>"
            + "<publish node='"
            + TUNE
            + "'><item id='1'>"
            + tune("a")
            + "</item>"
            + "<item id='2'>"
            + tune("b")
            + "</item></publish></pubsub></iq>",
        StanzaError.BAD_REQUEST,
        "invalid-payload");
    assertRejected(
        publish(TUNE, "big", tune("x".repeat(5000))),
        StanzaError.NOT_ACCEPTABLE,
        "payload-too-big");
    assertRejected(
        publish(TUNE, "1", tune("a")).replace("type='set'", "type='get'"),
        StanzaError.BAD_REQUEST,
        null);
    // Nothing of that created a node.
    assertThat(pep.store.nodes(Jid.of("juliet@localhost"))).isEmpty();
  }

  @Test
  void theDomainIsNoPubsubServiceAndMissingAccountsAreUnavailable() throws Exception {
    XmlElement domain =
        reply(pep.send(pep.pubsub, JULIET, publishTo("localhost", TUNE, "1", tune("a"))), JULIET);
    assertThat(error(domain)).isEqualTo(StanzaError.SERVICE_UNAVAILABLE);
    XmlElement missing =
        reply(pep.send(pep.pubsub, JULIET, items("nobody@localhost", TUNE, null)), JULIET);
    assertThat(error(missing)).isEqualTo(StanzaError.SERVICE_UNAVAILABLE);
  }

  @Test
  void aRetractionIsNotifiedUnlessTheRequestSaysOtherwise() throws Exception {
    pep.online(JULIET, 0, TUNE);
    pep.online(ROMEO, 0, TUNE);
    pep.subscribe("romeo@localhost", "juliet@localhost");
    pep.send(
        pep.pubsub,
        JULIET,
        "<iq xmlns='jabber:client' type='set' id='c'>"
            + "<pubsub xmlns='"
            + PubSub.NS
            + "'><create node='"
            + TUNE
            + "'/><configure>"
            + form(PubSub.NODE_CONFIG, "pubsub#max_items", "10")
            + "</configure></pubsub></iq>");
    pep.send(pep.pubsub, JULIET, publish(TUNE, "a", tune("a")));
    pep.send(pep.pubsub, JULIET, publish(TUNE, "b", tune("b")));

    List<Delivery> out = pep.send(pep.pubsub, JULIET, retract(TUNE, "a", null));
    assertThat(reply(out, JULIET).attr("type")).isEqualTo("result");
    assertThat(recipients(out)).containsExactlyInAnyOrder(JULIET, ROMEO);
    XmlElement retracted =
        events(out).get(0).stanza().child("event", PubSub.EVENT_NS).child("items", PubSub.EVENT_NS);
    assertThat(retracted.child("retract", PubSub.EVENT_NS).attr("id")).isEqualTo("a");

    List<Delivery> quiet = pep.send(pep.pubsub, JULIET, retract(TUNE, "b", "false"));
    assertThat(events(quiet)).isEmpty();
    assertThat(itemIds(pep.send(pep.pubsub, JULIET, items(null, TUNE, null)))).isEmpty();

    XmlElement gone = reply(pep.send(pep.pubsub, JULIET, retract(TUNE, "a", null)), JULIET);
    assertThat(error(gone)).isEqualTo(StanzaError.ITEM_NOT_FOUND);
    XmlElement noId =
        reply(
            pep.send(
                pep.pubsub,
                JULIET,
                "<iq xmlns='jabber:client' type='set' id='r'><pubsub xmlns='"
                    + PubSub.NS
                    + "'>"
                    + "<retract node='"
                    + TUNE
                    + "'><item/></retract></pubsub></iq>"),
            JULIET);
    assertThat(pubsubCondition(noId)).isEqualTo("item-required");
    XmlElement noNode = reply(pep.send(pep.pubsub, JULIET, retract("urn:none", "a", null)), JULIET);
    assertThat(error(noNode)).isEqualTo(StanzaError.ITEM_NOT_FOUND);
    XmlElement notOwner =
        reply(
            pep.send(
                pep.pubsub,
                ROMEO,
                retract(TUNE, "a", null).replace("type='set'", "type='set' to='juliet@localhost'")),
            ROMEO);
    assertThat(error(notOwner)).isEqualTo(StanzaError.FORBIDDEN);
  }

  @Test
  void itemsFollowTheAccessModelAndMaxItemsGivesTheNewest() throws Exception {
    pep.subscribe("romeo@localhost", "juliet@localhost");
    pep.send(
        pep.pubsub,
        JULIET,
        "<iq xmlns='jabber:client' type='set' id='c'>"
            + "<pubsub xmlns='"
            + PubSub.NS
            + "'><create node='"
            + TUNE
            + "'/><configure>"
            + form(PubSub.NODE_CONFIG, "pubsub#max_items", "3")
            + "</configure></pubsub></iq>");
    for (String id : List.of("1", "2", "3", "4")) {
      pep.send(pep.pubsub, JULIET, publish(TUNE, id, tune(id)));
    }
    // max_items 3 kept the newest three, in order of publication.
    assertThat(itemIds(pep.send(pep.pubsub, ROMEO, items("juliet@localhost", TUNE, null))))
        .containsExactly("2", "3", "4");
    assertThat(itemIds(pep.send(pep.pubsub, ROMEO, items("juliet@localhost", TUNE, "2"))))
        .containsExactly("3", "4");
    List<Delivery> byId =
        pep.send(
            pep.pubsub,
            ROMEO,
            "<iq xmlns='jabber:client' type='get' id='i' to='juliet@localhost'>"
                + "<pubsub xmlns='"
                + PubSub.NS
                + "'><items node='"
                + TUNE
                + "'>"
                + "<item id='3'/><item id='1'/></items></pubsub></iq>");
    assertThat(itemIds(byId)).containsExactly("3");

    // A stranger may not read a presence node.
    XmlElement stranger =
        reply(pep.send(pep.pubsub, TYBALT, items("juliet@localhost", TUNE, null)), TYBALT);
    assertThat(error(stranger)).isEqualTo(StanzaError.NOT_AUTHORIZED);
    assertThat(pubsubCondition(stranger)).isEqualTo("presence-subscription-required");
    // Open: anyone. Whitelist: the owner only.
    pep.send(pep.owner, JULIET, configure(TUNE, "pubsub#access_model", "open"));
    assertThat(itemIds(pep.send(pep.pubsub, TYBALT, items("juliet@localhost", TUNE, "1"))))
        .containsExactly("4");
    pep.send(pep.owner, JULIET, configure(TUNE, "pubsub#access_model", "whitelist"));
    XmlElement closed =
        reply(pep.send(pep.pubsub, ROMEO, items("juliet@localhost", TUNE, null)), ROMEO);
    assertThat(error(closed)).isEqualTo(StanzaError.NOT_ALLOWED);
    assertThat(pubsubCondition(closed)).isEqualTo("closed-node");
    assertThat(itemIds(pep.send(pep.pubsub, JULIET, items(null, TUNE, null)))).hasSize(3);

    assertThat(error(reply(pep.send(pep.pubsub, JULIET, items(null, TUNE, "0")), JULIET)))
        .isEqualTo(StanzaError.BAD_REQUEST);
    assertThat(error(reply(pep.send(pep.pubsub, JULIET, items(null, "urn:none", null)), JULIET)))
        .isEqualTo(StanzaError.ITEM_NOT_FOUND);
  }

  @Test
  void createMakesANodeOnceWithItsConfiguration() throws Exception {
    String create =
        "<iq xmlns='jabber:client' type='set' id='c'><pubsub xmlns='"
            + PubSub.NS
            + "'>"
            + "<create node='urn:y'/><configure>"
            + form(PubSub.NODE_CONFIG, "pubsub#access_model", "open", "pubsub#persist_items", "0")
            + "</configure></pubsub></iq>";
    assertThat(reply(pep.send(pep.pubsub, JULIET, create), JULIET).attr("type"))
        .isEqualTo("result");
    NodeConfig c = pep.store.node(Jid.of("juliet@localhost"), "urn:y").orElseThrow().config();
    assertThat(c.accessModel()).isEqualTo(AccessModel.OPEN);
    assertThat(c.persistItems()).isFalse();
    assertThat(error(reply(pep.send(pep.pubsub, JULIET, create), JULIET)))
        .isEqualTo(StanzaError.CONFLICT);

    XmlElement instant =
        reply(
            pep.send(
                pep.pubsub,
                JULIET,
                "<iq xmlns='jabber:client' type='set' id='c'><pubsub xmlns='"
                    + PubSub.NS
                    + "'>"
                    + "<create/></pubsub></iq>"),
            JULIET);
    assertThat(error(instant)).isEqualTo(StanzaError.NOT_ACCEPTABLE);
    assertThat(pubsubCondition(instant)).isEqualTo("nodeid-required");
    XmlElement badConfig =
        reply(
            pep.send(
                pep.pubsub, JULIET, create.replace("urn:y", "urn:z").replace(">0<", ">maybe<")),
            JULIET);
    assertThat(error(badConfig)).isEqualTo(StanzaError.NOT_ACCEPTABLE);
  }

  @Test
  void anAccountHasAtMostMaxNodes() throws Exception {
    for (int i = 0; i < PepFixture.LIMITS.maxNodes(); i++) {
      pep.send(pep.pubsub, JULIET, publish("urn:n" + i, "1", tune("a")));
    }
    XmlElement full =
        reply(pep.send(pep.pubsub, JULIET, publish("urn:more", "1", tune("a"))), JULIET);
    assertThat(error(full)).isEqualTo(StanzaError.POLICY_VIOLATION);
  }

  @Test
  void subscriptionsAreImplicitSoSubscribeIsNotImplemented() throws Exception {
    XmlElement r =
        reply(
            pep.send(
                pep.pubsub,
                ROMEO,
                "<iq xmlns='jabber:client' type='set' id='s' to='juliet@localhost'>"
                    + "<pubsub xmlns='"
                    + PubSub.NS
                    + "'><subscribe node='"
                    + TUNE
                    + "' jid='"
                    + ROMEO
                    + "'/></pubsub></iq>"),
            ROMEO);
    assertThat(error(r)).isEqualTo(StanzaError.FEATURE_NOT_IMPLEMENTED);
    XmlElement unsupported = pubsubError(r);
    assertThat(unsupported.name()).isEqualTo("unsupported");
    assertThat(unsupported.attr("feature")).isEqualTo("subscribe");
  }

  @Test
  void momentsAreValidatedAndKeepTheLastFifty() throws Exception {
    String moment = "<moment xmlns='urn:switchboard:moments:0'><body>At the ball</body></moment>";
    assertThat(
            reply(pep.send(pep.pubsub, JULIET, publish(Moments.NODE, "m1", moment)), JULIET)
                .attr("type"))
        .isEqualTo("result");
    assertThat(
            pep.store
                .node(Jid.of("juliet@localhost"), Moments.NODE)
                .orElseThrow()
                .config()
                .maxItems())
        .isEqualTo(50);
    XmlElement notAMoment =
        reply(pep.send(pep.pubsub, JULIET, publish(Moments.NODE, "m2", tune("a"))), JULIET);
    assertThat(error(notAMoment)).isEqualTo(StanzaError.BAD_REQUEST);
    assertThat(pubsubCondition(notAMoment)).isEqualTo("invalid-payload");
    XmlElement empty =
        reply(
            pep.send(
                pep.pubsub,
                JULIET,
                publish(Moments.NODE, "m3", "<moment xmlns='urn:switchboard:moments:0'/>")),
            JULIET);
    assertThat(pubsubCondition(empty)).isEqualTo("invalid-payload");
  }

  private void assertRejected(String iq, StanzaError condition, String pubsubCondition)
      throws Exception {
    XmlElement r = reply(pep.send(pep.pubsub, JULIET, iq), JULIET);
    assertThat(error(r)).as(iq).isEqualTo(condition);
    assertThat(pubsubCondition(r)).as(iq).isEqualTo(pubsubCondition);
  }

  static String tune(String title) {
    return "<tune xmlns='" + TUNE + "'><title>" + title + "</title></tune>";
  }

  static String publish(String node, String id, String payload) {
    return publish(null, node, id, payload, null);
  }

  static String publish(String node, String id, String payload, String options) {
    return publish(null, node, id, payload, options);
  }

  static String publishTo(String to, String node, String id, String payload) {
    return publish(to, node, id, payload, null);
  }

  static String publish(String to, String node, String id, String payload, String options) {
    return "<iq xmlns='jabber:client' type='set' id='pub'"
        + (to == null ? "" : " to='" + to + "'")
        + "><pubsub xmlns='"
        + PubSub.NS
        + "'><publish node='"
        + node
        + "'><item"
        + (id == null ? "" : " id='" + id + "'")
        + ">"
        + payload
        + "</item></publish>"
        + (options == null ? "" : "<publish-options>" + options + "</publish-options>")
        + "</pubsub></iq>";
  }

  static String retract(String node, String id, String notify) {
    return "<iq xmlns='jabber:client' type='set' id='r'><pubsub xmlns='"
        + PubSub.NS
        + "'>"
        + "<retract node='"
        + node
        + "'"
        + (notify == null ? "" : " notify='" + notify + "'")
        + "><item id='"
        + id
        + "'/></retract></pubsub></iq>";
  }

  static String items(String to, String node, String max) {
    return "<iq xmlns='jabber:client' type='get' id='i'"
        + (to == null ? "" : " to='" + to + "'")
        + "><pubsub xmlns='"
        + PubSub.NS
        + "'><items node='"
        + node
        + "'"
        + (max == null ? "" : " max_items='" + max + "'")
        + "/></pubsub></iq>";
  }

  static String options(String... fieldsAndValues) {
    return form(PubSub.PUBLISH_OPTIONS, fieldsAndValues);
  }

  static String form(String formType, String... fieldsAndValues) {
    StringBuilder x =
        new StringBuilder(
                "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>")
            .append(formType)
            .append("</value></field>");
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      x.append("<field var='")
          .append(fieldsAndValues[i])
          .append("'><value>")
          .append(fieldsAndValues[i + 1])
          .append("</value></field>");
    }
    return x.append("</x>").toString();
  }

  static String configure(String node, String... fieldsAndValues) {
    return "<iq xmlns='jabber:client' type='set' id='cfg'><pubsub xmlns='"
        + PubSub.OWNER_NS
        + "'><configure node='"
        + node
        + "'>"
        + form(PubSub.NODE_CONFIG, fieldsAndValues)
        + "</configure></pubsub></iq>";
  }

  static List<String> itemIds(List<Delivery> out) {
    XmlElement items = null;
    for (Delivery d : out) {
      if (d.stanza().name().equals("iq")) {
        items = result(d.stanza()).child("items", PubSub.NS);
      }
    }
    return items.elements().stream().map(e -> e.attr("id")).toList();
  }

  static XmlElement pubsubError(XmlElement reply) {
    XmlElement error = reply.child("error", Stanzas.CLIENT_NS);
    for (XmlElement e : error.elements()) {
      if (e.namespace().equals(PubSub.ERRORS_NS)) {
        return e;
      }
    }
    return null;
  }

  static String pubsubCondition(XmlElement reply) {
    XmlElement e = pubsubError(reply);
    return e == null ? null : e.name();
  }

  static String errorType(XmlElement reply) {
    return reply.child("error", Stanzas.CLIENT_NS).attr("type");
  }
}
