package io.switchboard.processor.search;

import static io.switchboard.processor.testing.IqExchange.DOMAIN;
import static io.switchboard.processor.testing.IqExchange.answer;
import static io.switchboard.processor.testing.IqExchange.error;
import static io.switchboard.processor.testing.IqExchange.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.user.UserStore;
import io.switchboard.processor.testing.MemoryMongo;
import io.switchboard.processor.vcard.VCardStore;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import io.switchboard.xmpp.XmlParser;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchHandlerTest {

  private static final String ME = "zed@localhost/x";

  private MemoryMongo mongo;
  private SearchHandler handler;

  @BeforeAll
  void start() throws Exception {
    mongo = new MemoryMongo();
    MongoDatabase db = mongo.database("search");
    UserStore users =
        new UserStore(
            db,
            new SwitchboardConfig(DOMAIN, "n", "./data"),
            new UserStore.AuthConfig(4096),
            Clock.systemUTC());
    VCardStore vcards = new VCardStore(db, Clock.systemUTC());
    for (String name : List.of("alice", "alina", "bob", "carol", "zed", "u1", "u2", "u3", "u4")) {
      users.create(name, "secret");
    }
    vcards.put(Jid.of("alice@localhost"), vcard("Alice Liddell", "alice@wonder.land"));
    vcards.put(Jid.of("bob@localhost"), vcard("Robert (Bob) Smith", "Bob@Example.org"));
    vcards.put(Jid.of("carol@localhost"), vcard("Carol Smithers", "carol@example.org"));
    // A vCard left behind by a removed account is not found.
    vcards.put(Jid.of("gone@localhost"), vcard("Gone Smith", "gone@example.org"));
    handler = new SearchHandler(DOMAIN, new UserDirectory(db, vcards, users), 3);
  }

  @AfterAll
  void stop() {
    mongo.close();
  }

  @Test
  void aGetReturnsTheForm() throws Exception {
    XmlElement reply =
        answer(
            handler,
            ME,
            "<iq xmlns='jabber:client' type='get' id='f' to='localhost'>"
                + "<query xmlns='jabber:iq:search'/></iq>");
    assertThat(reply.attr("from")).isEqualTo(DOMAIN);
    assertThat(result(reply).child("x", SearchForm.DATA_NS).attr("type")).isEqualTo("form");
  }

  @Test
  void byLocalpartPrefixWithVCardDataWhereThereIsSome() throws Exception {
    assertThat(rows(search("user", "ALI")))
        .containsExactly(
            List.of("alice@localhost", "Alice Liddell", "alice@wonder.land"),
            List.of("alina@localhost", "", ""));
  }

  @Test
  void byAWordOfTheFullNameIgnoringCase() throws Exception {
    assertThat(rows(search("fn", "smith")))
        .containsExactly(
            List.of("bob@localhost", "Robert (Bob) Smith", "Bob@Example.org"),
            List.of("carol@localhost", "Carol Smithers", "carol@example.org"));
    assertThat(rows(search("fn", "(bob")))
        .extracting(r -> r.get(0))
        .containsExactly("bob@localhost");
    assertThat(rows(search("fn", "iddell"))).isEmpty();
  }

  @Test
  void byEmailPrefixAndCombinedFieldsMustAllMatch() throws Exception {
    assertThat(rows(search("email", "bob@EXAMPLE")))
        .extracting(r -> r.get(0))
        .containsExactly("bob@localhost");
    assertThat(rows(search("fn", "smith", "user", "c")))
        .extracting(r -> r.get(0))
        .containsExactly("carol@localhost");
  }

  @Test
  void resultsAreLimitedAndAnEmptySearchFindsNobody() throws Exception {
    assertThat(rows(search("user", "u"))).hasSize(3);
    assertThat(rows(search("user", "*"))).isEmpty();
  }

  @Test
  void aSetWithoutAFormIsABadRequestAndAccountsOfferNoSearch() throws Exception {
    assertThat(
            error(
                answer(
                    handler,
                    ME,
                    "<iq xmlns='jabber:client' type='set' id='b' to='localhost'>"
                        + "<query xmlns='jabber:iq:search'><nick>bob</nick></query></iq>")))
        .isEqualTo(StanzaError.BAD_REQUEST);
    assertThat(
            error(
                answer(
                    handler,
                    ME,
                    "<iq xmlns='jabber:client' type='get' id='a' to='bob@localhost'>"
                        + "<query xmlns='jabber:iq:search'/></iq>")))
        .isEqualTo(StanzaError.SERVICE_UNAVAILABLE);
  }

  private XmlElement search(String... fieldsAndValues) throws Exception {
    StringBuilder fields = new StringBuilder();
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      fields
          .append("<field var='")
          .append(fieldsAndValues[i])
          .append("'><value>")
          .append(fieldsAndValues[i + 1])
          .append("</value></field>");
    }
    return result(
        answer(
            handler,
            ME,
            "<iq xmlns='jabber:client' type='set' id='s' to='localhost'>"
                + "<query xmlns='jabber:iq:search'><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value>jabber:iq:search</value></field>"
                + fields
                + "</x></query></iq>"));
  }

  /** Each item's jid, fn and email values. */
  private static List<List<String>> rows(XmlElement query) {
    List<List<String>> out = new ArrayList<>();
    for (XmlElement item : query.child("x", SearchForm.DATA_NS).elements()) {
      if (!item.name().equals("item")) {
        continue;
      }
      List<String> row = new ArrayList<>();
      for (XmlElement field : item.elements()) {
        String v = field.childText("value", SearchForm.DATA_NS);
        row.add(v == null ? "" : v);
      }
      out.add(row);
    }
    return out;
  }

  private static XmlElement vcard(String fn, String email) throws Exception {
    return XmlParser.parse(
        "<vCard xmlns='vcard-temp'><FN>"
            + fn
            + "</FN><EMAIL><INTERNET/><USERID>"
            + email
            + "</USERID></EMAIL></vCard>");
  }
}
