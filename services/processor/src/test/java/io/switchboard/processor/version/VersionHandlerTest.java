package io.switchboard.processor.version;

import static io.switchboard.processor.testing.IqExchange.DOMAIN;
import static io.switchboard.processor.testing.IqExchange.answer;
import static io.switchboard.processor.testing.IqExchange.error;
import static io.switchboard.processor.testing.IqExchange.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import org.junit.jupiter.api.Test;

class VersionHandlerTest {

  private static final String ALICE = "alice@localhost/phone";
  private static final String GET =
      "<iq xmlns='jabber:client' type='get' id='v1' to='%s'><query xmlns='jabber:iq:version'/></iq>";

  @Test
  void theServerNamesItselfItsVersionAndItsSystem() throws Exception {
    VersionHandler handler = new VersionHandler(DOMAIN, true, "1.2.3");
    XmlElement reply = answer(handler, ALICE, String.format(GET, "localhost"));
    assertThat(reply.attr("from")).isEqualTo(DOMAIN);
    XmlElement query = result(reply);
    assertThat(query.childText("name", VersionHandler.NS)).isEqualTo("Switchboard");
    assertThat(query.childText("version", VersionHandler.NS)).isEqualTo("1.2.3");
    assertThat(query.childText("os", VersionHandler.NS)).contains(System.getProperty("os.name"));
  }

  @Test
  void theSystemCanBeLeftOut() throws Exception {
    VersionHandler handler = new VersionHandler(DOMAIN, false, "1.2.3");
    XmlElement query = result(answer(handler, ALICE, String.format(GET, "localhost")));
    assertThat(query.child("os", VersionHandler.NS)).isNull();
  }

  @Test
  void withoutAManifestTheVersionIsDev() {
    // Tests run from target/classes, which has no manifest.
    assertThat(VersionHandler.implementationVersion()).isEqualTo("dev");
  }

  @Test
  void accountsAndSetsAreRefused() throws Exception {
    VersionHandler handler = new VersionHandler(DOMAIN, true, "1.2.3");
    assertThat(error(answer(handler, ALICE, String.format(GET, "bob@localhost"))))
        .isEqualTo(StanzaError.SERVICE_UNAVAILABLE);
    assertThat(
            error(
                answer(
                    handler,
                    ALICE,
                    "<iq xmlns='jabber:client' type='set' id='v2'>"
                        + "<query xmlns='jabber:iq:version'/></iq>")))
        .isEqualTo(StanzaError.BAD_REQUEST);
  }
}
