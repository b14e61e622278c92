package io.switchboard.processor.disco;

import static io.switchboard.processor.testing.IqExchange.DOMAIN;
import static io.switchboard.processor.testing.IqExchange.answer;
import static io.switchboard.processor.testing.IqExchange.error;
import static io.switchboard.processor.testing.IqExchange.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import org.junit.jupiter.api.Test;

class DiscoItemsHandlerTest {

  private static final String ALICE = "alice@localhost/phone";

  private final DiscoItemsHandler items =
      new DiscoItemsHandler(DOMAIN, jid -> jid.equals(Jid.of("bob@localhost")));

  @Test
  void theServerAndAccountsHaveNoItemsYet() throws Exception {
    XmlElement server = answer(items, ALICE, get("localhost", ""));
    assertThat(server.attr("from")).isEqualTo(DOMAIN);
    assertThat(result(server).elements()).isEmpty();
    assertThat(result(server).namespace()).isEqualTo(DiscoItemsHandler.NS);

    XmlElement account = answer(items, ALICE, get("bob@localhost", ""));
    assertThat(account.attr("from")).isEqualTo("bob@localhost");
    assertThat(result(account).elements()).isEmpty();
  }

  @Test
  void unknownAccountsNodesAndSetsAreRefused() throws Exception {
    assertThat(error(answer(items, ALICE, get("nobody@localhost", ""))))
        .isEqualTo(StanzaError.SERVICE_UNAVAILABLE);
    assertThat(error(answer(items, ALICE, get("localhost", " node='x'"))))
        .isEqualTo(StanzaError.ITEM_NOT_FOUND);
    assertThat(
            error(
                answer(
                    items,
                    ALICE,
                    "<iq xmlns='jabber:client' type='set' id='s' to='localhost'>"
                        + "<query xmlns='http://jabber.org/protocol/disco#items'/></iq>")))
        .isEqualTo(StanzaError.BAD_REQUEST);
  }

  private static String get(String to, String attrs) {
    return "<iq xmlns='jabber:client' type='get' id='i1' to='"
        + to
        + "'><query xmlns='http://jabber.org/protocol/disco#items'"
        + attrs
        + "/></iq>";
  }
}
