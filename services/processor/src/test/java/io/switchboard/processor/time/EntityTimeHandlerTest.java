package io.switchboard.processor.time;

import static io.switchboard.processor.testing.IqExchange.DOMAIN;
import static io.switchboard.processor.testing.IqExchange.answer;
import static io.switchboard.processor.testing.IqExchange.error;
import static io.switchboard.processor.testing.IqExchange.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EntityTimeHandlerTest {

  private static final String ALICE = "alice@localhost/phone";
  private static final String GET =
      "<iq xmlns='jabber:client' type='%s' id='t1' to='%s'><time xmlns='urn:xmpp:time'/></iq>";
  private static final Instant NOW = Instant.parse("2024-02-29T23:58:35.123456Z");

  @Test
  void utcAndTheOffsetComeFromTheClock() throws Exception {
    EntityTimeHandler handler =
        new EntityTimeHandler(DOMAIN, Clock.fixed(NOW, ZoneId.of("Asia/Kolkata")));
    XmlElement reply = answer(handler, ALICE, String.format(GET, "get", "localhost"));
    assertThat(reply.attr("from")).isEqualTo(DOMAIN);
    XmlElement time = result(reply);
    assertThat(time.childText("utc", EntityTimeHandler.NS)).isEqualTo("2024-02-29T23:58:35.123Z");
    assertThat(time.childText("tzo", EntityTimeHandler.NS)).isEqualTo("+05:30");
  }

  @Test
  void offsetsAreSignedHoursAndMinutes() {
    assertThat(EntityTimeHandler.tzo(Clock.fixed(NOW, ZoneOffset.UTC), NOW)).isEqualTo("+00:00");
    assertThat(EntityTimeHandler.tzo(Clock.fixed(NOW, ZoneOffset.ofHoursMinutes(-3, -30)), NOW))
        .isEqualTo("-03:30");
    // The offset in force at that instant: New York is on standard time in February.
    assertThat(EntityTimeHandler.tzo(Clock.fixed(NOW, ZoneId.of("America/New_York")), NOW))
        .isEqualTo("-05:00");
  }

  @Test
  void accountsAndSetsAreRefused() throws Exception {
    EntityTimeHandler handler = new EntityTimeHandler(DOMAIN, Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(error(answer(handler, ALICE, String.format(GET, "get", "bob@localhost"))))
        .isEqualTo(StanzaError.SERVICE_UNAVAILABLE);
    assertThat(error(answer(handler, ALICE, String.format(GET, "set", "localhost"))))
        .isEqualTo(StanzaError.BAD_REQUEST);
  }
}
