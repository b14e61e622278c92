package io.switchboard.processor.privatedata;

import static io.switchboard.processor.testing.IqExchange.DOMAIN;
import static io.switchboard.processor.testing.IqExchange.answer;
import static io.switchboard.processor.testing.IqExchange.error;
import static io.switchboard.processor.testing.IqExchange.errorText;
import static io.switchboard.processor.testing.IqExchange.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.processor.testing.MemoryMongo;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import io.switchboard.xmpp.XmlParser;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivateDataHandlerTest {

  private static final String ALICE = "alice@localhost/phone";
  private static final String PREFS =
      "<exodus xmlns='exodus:prefs'><defaultnick>Hamlet</defaultnick></exodus>";

  private MemoryMongo mongo;
  private PrivateDataStore store;
  private PrivateDataHandler handler;

  @BeforeAll
  void start() {
    mongo = new MemoryMongo();
    store = new PrivateDataStore(mongo.database("private"), Clock.systemUTC());
    handler = new PrivateDataHandler(DOMAIN, store, 1024);
  }

  @AfterAll
  void stop() {
    mongo.close();
  }

  @Test
  void whatIsStoredComesBackAndNothingStoredIsTheEmptyElement() throws Exception {
    XmlElement empty =
        result(answer(handler, "carol@localhost/a", get("<exodus xmlns='exodus:prefs'/>")));
    assertThat(empty).isEqualTo(XmlParser.parse(query("<exodus xmlns='exodus:prefs'/>")));

    XmlElement stored = answer(handler, ALICE, set(PREFS));
    assertThat(result(stored)).isNull();
    assertThat(stored.attr("from")).isEqualTo("alice@localhost");

    XmlElement back = result(answer(handler, ALICE, get("<exodus xmlns='exodus:prefs'/>")));
    assertThat(back).isEqualTo(XmlParser.parse(query(PREFS)));
    // Another user's storage under the same namespace is separate.
    assertThat(result(answer(handler, "carol@localhost/a", get("<exodus xmlns='exodus:prefs'/>"))))
        .isEqualTo(empty);
  }

  @Test
  void aSetReplacesAndRepeatingItIsHarmless() throws Exception {
    String first = "<storage xmlns='storage:bookmarks'><url name='a' url='https://a'/></storage>";
    String second = "<storage xmlns='storage:bookmarks'><url name='b' url='https://b'/></storage>";
    answer(handler, "dave@localhost/x", set(first));
    answer(handler, "dave@localhost/x", set(second));
    answer(handler, "dave@localhost/x", set(second));
    assertThat(
            result(
                answer(handler, "dave@localhost/y", get("<storage xmlns='storage:bookmarks'/>"))))
        .isEqualTo(XmlParser.parse(query(second)));
    assertThat(store.deleteAll(Jid.of("dave@localhost"))).isEqualTo(1);
  }

  @Test
  void aSetMayStoreSeveralNamespacesAtOnce() throws Exception {
    answer(
        handler, "erin@localhost/x", set("<a xmlns='urn:example:a'/><b xmlns='urn:example:b'/>"));
    assertThat(result(answer(handler, "erin@localhost/x", get("<a xmlns='urn:example:a'/>"))))
        .isEqualTo(XmlParser.parse(query("<a xmlns='urn:example:a'/>")));
    assertThat(result(answer(handler, "erin@localhost/x", get("<b xmlns='urn:example:b'/>"))))
        .isEqualTo(XmlParser.parse(query("<b xmlns='urn:example:b'/>")));
  }

  @Test
  void anotherUsersStorageIsForbidden() throws Exception {
    String xml =
        "<iq xmlns='jabber:client' type='get' id='p' to='bob@localhost'>"
            + query("<exodus xmlns='exodus:prefs'/>")
            + "</iq>";
    assertThat(error(answer(handler, ALICE, xml))).isEqualTo(StanzaError.FORBIDDEN);
    // One's own bare JID is fine.
    assertThat(result(answer(handler, ALICE, xml.replace("bob@", "alice@")))).isNotNull();
  }

  @Test
  void xmppNamespacesEmptyQueriesAndSeveralNamespacesInAGetAreNotAcceptable() throws Exception {
    for (String child :
        new String[] {
          "<foo xmlns='jabber:client'/>",
          "<foo xmlns='jabber:server'/>",
          "<query xmlns='jabber:iq:private'/>",
          "<foo xmlns=''/>",
          ""
        }) {
      assertThat(error(answer(handler, ALICE, set(child))))
          .as(child)
          .isEqualTo(StanzaError.NOT_ACCEPTABLE);
      assertThat(error(answer(handler, ALICE, get(child))))
          .as(child)
          .isEqualTo(StanzaError.NOT_ACCEPTABLE);
    }
    assertThat(error(answer(handler, ALICE, get("<a xmlns='urn:a'/><b xmlns='urn:b'/>"))))
        .isEqualTo(StanzaError.NOT_ACCEPTABLE);
  }

  @Test
  void documentsOverTheLimitAreNotAcceptable() throws Exception {
    String big = "<big xmlns='urn:example:big'>" + "x".repeat(1100) + "</big>";
    XmlElement reply = answer(handler, ALICE, set(big));
    assertThat(error(reply)).isEqualTo(StanzaError.NOT_ACCEPTABLE);
    assertThat(errorText(reply)).contains("1024 bytes");
    assertThat(store.find(Jid.of("alice@localhost"), "urn:example:big")).isEmpty();
  }

  private static String query(String children) {
    return "<query xmlns='jabber:iq:private'>" + children + "</query>";
  }

  private static String get(String child) {
    return "<iq xmlns='jabber:client' type='get' id='g'>" + query(child) + "</iq>";
  }

  private static String set(String children) {
    return "<iq xmlns='jabber:client' type='set' id='s'>" + query(children) + "</iq>";
  }
}
