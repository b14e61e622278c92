package io.switchboard.processor.carbons;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.session.LocalSessionTable;
import io.switchboard.core.session.SessionEntry;
import io.switchboard.processor.testing.IqExchange;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** XEP-0280 enable/disable as a flag of the resource's session entry. */
class CarbonsHandlerTest {

  private static final Jid PHONE = Jid.of("viola@localhost/phone");

  private static String iq(String type, String element, String to) {
    return "<iq xmlns='jabber:client' type='"
        + type
        + "' id='c'"
        + (to == null ? "" : " to='" + to + "'")
        + "><"
        + element
        + " xmlns='urn:xmpp:carbons:2'/></iq>";
  }

  @Test
  void enableAndDisableSwitchTheFlagOfTheSendingResourceOnly() throws Exception {
    LocalSessionTable sessions = new LocalSessionTable();
    sessions.put(new SessionEntry(PHONE, "n", "stream-1", true, 1, 0));
    sessions.put(new SessionEntry(PHONE.withResource("laptop"), "n", "s2", true, 1, 0));
    Clock clock = Clock.systemUTC();
    CarbonsHandler enable = new CarbonsHandler(sessions, clock, "localhost", true) {};
    CarbonsHandler disable = new CarbonsHandler(sessions, clock, "localhost", false) {};
    assertThat(enable.element()).isEqualTo("enable");
    assertThat(disable.element()).isEqualTo("disable");
    assertThat(enable.serverFeatures()).containsExactly("urn:xmpp:carbons:2");

    IqExchange.result(IqExchange.answer(enable, PHONE.toString(), iq("set", "enable", null)));
    assertThat(sessions.session(PHONE).orElseThrow().carbons()).isTrue();
    assertThat(sessions.session(PHONE.withResource("laptop")).orElseThrow().carbons()).isFalse();
    // Idempotent, and addressed to the own account works too.
    IqExchange.result(
        IqExchange.answer(enable, PHONE.toString(), iq("set", "enable", "viola@localhost")));
    assertThat(sessions.session(PHONE).orElseThrow().carbons()).isTrue();

    IqExchange.result(IqExchange.answer(disable, PHONE.toString(), iq("set", "disable", null)));
    assertThat(sessions.session(PHONE).orElseThrow().carbons()).isFalse();
  }

  @Test
  void wrongTypesOtherAccountsAndUnknownSessionsAreRefused() throws Exception {
    LocalSessionTable sessions = new LocalSessionTable();
    sessions.put(new SessionEntry(PHONE, "n", "stream-1", true, 1, 0));
    CarbonsHandler enable = new CarbonsHandler(sessions, Clock.systemUTC(), "localhost", true) {};
    assertThat(
            IqExchange.error(
                IqExchange.answer(enable, PHONE.toString(), iq("get", "enable", null))))
        .isEqualTo(StanzaError.BAD_REQUEST);
    assertThat(
            IqExchange.error(
                IqExchange.answer(
                    enable, PHONE.toString(), iq("set", "enable", "orsino@localhost"))))
        .isEqualTo(StanzaError.FORBIDDEN);
    assertThat(
            IqExchange.error(
                IqExchange.answer(enable, "viola@localhost/gone", iq("set", "enable", null))))
        .isEqualTo(StanzaError.UNEXPECTED_REQUEST);
  }
}
