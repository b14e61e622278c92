package io.switchboard.processor.disco;

import static io.switchboard.processor.testing.IqExchange.DOMAIN;
import static io.switchboard.processor.testing.IqExchange.answer;
import static io.switchboard.processor.testing.IqExchange.error;
import static io.switchboard.processor.testing.IqExchange.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.processor.iq.IqHandler;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiscoInfoHandlerTest {

  private static final String ALICE = "alice@localhost/phone";

  private final List<IqHandler> handlers = new ArrayList<>();
  private final DiscoInfoHandler disco =
      new DiscoInfoHandler(DOMAIN, jid -> jid.equals(Jid.of("bob@localhost")), handlers);

  DiscoInfoHandlerTest() {
    handlers.add(disco);
    handlers.add(new DiscoItemsHandler(DOMAIN, jid -> true));
    handlers.add(fake("urn:example:server-only", Set.of("urn:example:server-only"), Set.of()));
    handlers.add(fake("urn:example:both", Set.of("urn:example:both"), Set.of("urn:example:both")));
    handlers.add(fake("urn:example:quiet", Set.of(), Set.of()));
  }

  @Test
  void theServerAnnouncesItsIdentityAndEveryHandlersServerFeatures() throws Exception {
    XmlElement reply = answer(disco, ALICE, get(DOMAIN, ""));
    assertThat(reply.attr("from")).isEqualTo(DOMAIN);
    assertThat(reply.attr("to")).isEqualTo(ALICE);
    XmlElement query = result(reply);
    XmlElement identity = query.child("identity", DiscoInfoHandler.NS);
    assertThat(identity.attributes())
        .containsEntry("category", "server")
        .containsEntry("type", "im")
        .containsEntry("name", "Switchboard");
    assertThat(features(query))
        .containsExactly(
            DiscoInfoHandler.NS,
            DiscoItemsHandler.NS,
            "urn:example:both",
            "urn:example:server-only");
  }

  @Test
  void withoutToTheServerAnswers() throws Exception {
    XmlElement reply = answer(disco, ALICE, get(null, ""));
    assertThat(reply.attr("from")).isEqualTo(DOMAIN);
    assertThat(result(reply).child("identity", DiscoInfoHandler.NS).attr("category"))
        .isEqualTo("server");
  }

  @Test
  void anExistingAccountIsARegisteredAccountWithTheAccountFeatures() throws Exception {
    XmlElement reply = answer(disco, ALICE, get("bob@localhost", ""));
    assertThat(reply.attr("from")).isEqualTo("bob@localhost");
    XmlElement query = result(reply);
    assertThat(query.child("identity", DiscoInfoHandler.NS).attributes())
        .containsEntry("category", "account")
        .containsEntry("type", "registered");
    assertThat(features(query))
        .containsExactly(DiscoInfoHandler.NS, DiscoItemsHandler.NS, "urn:example:both");
  }

  @Test
  void anAccountThatDoesNotExistIsServiceUnavailable() throws Exception {
    XmlElement reply = answer(disco, ALICE, get("nobody@localhost", ""));
    assertThat(error(reply)).isEqualTo(StanzaError.SERVICE_UNAVAILABLE);
    assertThat(reply.attr("from")).isEqualTo("nobody@localhost");
  }

  @Test
  void unknownNodesAreItemNotFoundButTheCapabilitiesNodeIsKnown() throws Exception {
    assertThat(error(answer(disco, ALICE, get(DOMAIN, " node='urn:example:nothing'"))))
        .isEqualTo(StanzaError.ITEM_NOT_FOUND);

    String node = "https://switchboard.example#" + disco.serverVer();
    XmlElement query = result(answer(disco, ALICE, get(DOMAIN, " node='" + node + "'")));
    assertThat(query.attr("node")).isEqualTo(node);
    assertThat(features(query)).contains("urn:example:server-only");
  }

  @Test
  void aSetIsABadRequest() throws Exception {
    XmlElement reply =
        answer(
            disco,
            ALICE,
            "<iq xmlns='jabber:client' type='set' id='s1' to='localhost'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
    assertThat(error(reply)).isEqualTo(StanzaError.BAD_REQUEST);
  }

  @Test
  void theVerificationStringFollowsXep0115() {
    // XEP-0115 §5.2, the simple generation example.
    String ver =
        EntityCapabilities.ver(
            List.of(new EntityCapabilities.Identity("client", "pc", null, "Exodus 0.9.1")),
            List.of(
                "http://jabber.org/protocol/muc",
                "http://jabber.org/protocol/disco#info",
                "http://jabber.org/protocol/caps",
                "http://jabber.org/protocol/disco#items"));
    assertThat(ver).isEqualTo("QgayPKawpkPSDYmwT/WM94uAlu0=");
  }

  private static String get(String to, String attrs) {
    return "<iq xmlns='jabber:client' type='get' id='d1'"
        + (to == null ? "" : " to='" + to + "'")
        + "><query xmlns='http://jabber.org/protocol/disco#info'"
        + attrs
        + "/></iq>";
  }

  static List<String> features(XmlElement query) {
    List<String> out = new ArrayList<>();
    for (XmlElement e : query.elements()) {
      if (e.name().equals("feature")) {
        out.add(e.attr("var"));
      }
    }
    return out;
  }

  private static IqHandler fake(String ns, Set<String> server, Set<String> account) {
    return new IqHandler() {
      @Override
      public String element() {
        return "query";
      }

      @Override
      public String namespace() {
        return ns;
      }

      @Override
      public void handle(Stanza iq, Envelope in, StageOutput out) {}

      @Override
      public Set<String> serverFeatures() {
        return server;
      }

      @Override
      public Set<String> accountFeatures() {
        return account;
      }
    };
  }
}
