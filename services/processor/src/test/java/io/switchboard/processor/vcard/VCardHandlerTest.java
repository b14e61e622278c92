package io.switchboard.processor.vcard;

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
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VCardHandlerTest {

  private static final String VCARD =
      "<vCard xmlns='vcard-temp'><FN>Alice Liddell</FN>"
          + "<EMAIL><INTERNET/><USERID>Alice@Example.org</USERID></EMAIL>"
          + "<PHOTO><TYPE>image/png</TYPE><BINVAL>iVBORw0KGgo=</BINVAL></PHOTO></vCard>";
  private static final Set<Jid> ACCOUNTS =
      Set.of(Jid.of("alice@localhost"), Jid.of("bob@localhost"), Jid.of("carol@localhost"));

  private MemoryMongo mongo;
  private VCardStore store;
  private VCardHandler handler;

  @BeforeAll
  void start() {
    mongo = new MemoryMongo();
    store = new VCardStore(mongo.database("vcards"), Clock.systemUTC());
    handler = new VCardHandler(DOMAIN, store, ACCOUNTS::contains, 2048);
  }

  @AfterAll
  void stop() {
    mongo.close();
  }

  @Test
  void aUserSetsTheirVCardAndEveryoneReadsIt() throws Exception {
    XmlElement saved = answer(handler, "alice@localhost/phone", iq("set", null, VCARD));
    assertThat(result(saved)).isNull();

    XmlElement own =
        answer(handler, "alice@localhost/laptop", iq("get", null, "<vCard xmlns='vcard-temp'/>"));
    assertThat(own.attr("from")).isEqualTo("alice@localhost");
    assertThat(result(own)).isEqualTo(XmlParser.parse(VCARD));

    XmlElement seen =
        answer(
            handler,
            "bob@localhost/x",
            iq("get", "alice@localhost", "<vCard xmlns='vcard-temp'/>"));
    assertThat(seen.attr("from")).isEqualTo("alice@localhost");
    assertThat(result(seen)).isEqualTo(XmlParser.parse(VCARD));

    assertThat(store.search(null, "lid", null, 10))
        .containsExactly(
            new VCardSummary(Jid.of("alice@localhost"), "Alice Liddell", "Alice@Example.org"));
  }

  @Test
  void anAccountWithoutAVCardHasAnEmptyOneAndAMissingAccountNone() throws Exception {
    XmlElement empty =
        result(
            answer(
                handler,
                "bob@localhost/x",
                iq("get", "carol@localhost", "<vCard xmlns='vcard-temp'/>")));
    assertThat(empty).isEqualTo(XmlParser.parse("<vCard xmlns='vcard-temp'/>"));
    assertThat(
            error(
                answer(
                    handler,
                    "bob@localhost/x",
                    iq("get", "nobody@localhost", "<vCard xmlns='vcard-temp'/>"))))
        .isEqualTo(StanzaError.SERVICE_UNAVAILABLE);
  }

  @Test
  void theServerHasAVCardToo() throws Exception {
    XmlElement server =
        result(
            answer(
                handler, "bob@localhost/x", iq("get", "localhost", "<vCard xmlns='vcard-temp'/>")));
    assertThat(server.childText("FN", VCardHandler.NS)).isEqualTo("Switchboard");
  }

  @Test
  void anotherUsersVCardCannotBeSet() throws Exception {
    XmlElement reply = answer(handler, "bob@localhost/x", iq("set", "carol@localhost", VCARD));
    assertThat(error(reply)).isEqualTo(StanzaError.FORBIDDEN);
    assertThat(store.find(Jid.of("carol@localhost"))).isEmpty();
  }

  @Test
  void oversizedVCardsAreNotAcceptable() throws Exception {
    String big =
        "<vCard xmlns='vcard-temp'><PHOTO><BINVAL>"
            + "A".repeat(4000)
            + "</BINVAL></PHOTO></vCard>";
    XmlElement reply = answer(handler, "carol@localhost/x", iq("set", null, big));
    assertThat(error(reply)).isEqualTo(StanzaError.NOT_ACCEPTABLE);
    assertThat(errorText(reply)).contains("limit of 2048");
    assertThat(store.find(Jid.of("carol@localhost"))).isEmpty();
  }

  @Test
  void anEmptyVCardRemovesTheStoredOneAndRepeatsAreHarmless() throws Exception {
    String card = "<vCard xmlns='vcard-temp'><FN>Bob</FN></vCard>";
    answer(handler, "bob@localhost/x", iq("set", "bob@localhost", card));
    answer(handler, "bob@localhost/x", iq("set", "bob@localhost", card));
    assertThat(store.find(Jid.of("bob@localhost"))).contains(XmlParser.parse(card));
    answer(handler, "bob@localhost/x", iq("set", null, "<vCard xmlns='vcard-temp'/>"));
    answer(handler, "bob@localhost/x", iq("set", null, "<vCard xmlns='vcard-temp'/>"));
    assertThat(store.find(Jid.of("bob@localhost"))).isEmpty();
  }

  @Test
  void searchFieldsComeFromFnOrNAndEmail() throws Exception {
    XmlElement named =
        XmlParser.parse(
            "<vCard xmlns='vcard-temp'><N><FAMILY>Doe</FAMILY><GIVEN>Jane</GIVEN></N>"
                + "<EMAIL>jane@example.org</EMAIL></vCard>");
    assertThat(VCardStore.formattedName(named)).isEqualTo("Jane Doe");
    assertThat(VCardStore.email(named)).isEqualTo("jane@example.org");
    assertThat(VCardStore.formattedName(XmlParser.parse("<vCard xmlns='vcard-temp'/>"))).isEmpty();
    assertThat(VCardStore.quote("a.b*c d")).isEqualTo("a\\.b\\*c\\ d");
  }

  private static String iq(String type, String to, String payload) {
    return "<iq xmlns='jabber:client' type='"
        + type
        + "' id='v'"
        + (to == null ? "" : " to='" + to + "'")
        + ">"
        + payload
        + "</iq>";
  }
}
