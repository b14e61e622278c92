package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class NotifyLoadTest {

  @Test
  void notifyHasItsDefaultsAndOptions() {
    Options d = Options.parse(Options.Scenario.of("notify"), new String[0]);
    assertEquals(200, d.rate);
    assertEquals(15, d.warmupSeconds);
    assertEquals(256, d.maxInFlight);
    assertEquals("bench", d.app);

    Options o =
        Options.parse(
            Options.Scenario.NOTIFY,
            new String[] {
              "--rate", "1500", "--max-in-flight", "64", "--receiver-port", "18080",
              "--webhook-secret", "k", "--app", "shop", "--template", "t"
            });
    assertEquals(1500, o.rate);
    assertEquals(64, o.maxInFlight);
    assertEquals(18080, o.receiverPort);
    assertEquals("k", o.webhookSecret);
    assertEquals("shop", o.app);
    assertEquals("t", o.template);
  }

  @Test
  void readsStringFieldsOfTheApisAnswers() {
    String created =
        "{\"application\":\"bench\",\"accessKeyId\":\"SB12AB\",\"secretKey\":\"00ff\"}";
    assertEquals("SB12AB", NotifyLoad.jsonString(created, "accessKeyId"));
    assertEquals("00ff", NotifyLoad.jsonString(created, "secretKey"));
    assertEquals("m-1", NotifyLoad.jsonString("{\"id\": \"m-1\",\"status\":\"accepted\"}", "id"));
    assertNull(NotifyLoad.jsonString("{\"status\":\"accepted\"}", "id"));
    assertNull(NotifyLoad.jsonString(null, "id"));
  }

  @Test
  void theLedgerTellsLatenciesAndLosses() {
    NotifyLedger ledger = new NotifyLedger(4);
    long t = 1_000_000_000L;
    ledger.sent(0, t);
    ledger.accepted(0, t + 2_000_000, "m0");
    ledger.arrived(0, "m0.p", t + 5_000_000);
    ledger.sent(1, t);
    ledger.accepted(1, t + 3_000_000, "m1");
    ledger.sent(2, t);
    ledger.arrived(2, "m2.p", t + 9_000_000); // its 202 never came
    ledger.sent(3, t);
    ledger.arrived(3, "m3.p", t + 1_000_000); // before its 202 was read
    ledger.accepted(3, t + 2_000_000, "m3");

    assertEquals(1, ledger.missing(4));
    assertEquals(1, ledger.arrivedUnacknowledged(4));
    assertEquals(0, ledger.mismatched(4));
    NotifyLedger.Latencies lat = ledger.latencies(0, 4);
    assertEquals(3, lat.accept().length);
    assertEquals(3_000_000, lat.delivery()[1]);
    assertEquals(0, lat.delivery()[0]);
    assertEquals(1, lat.deliveredFirst());
    assertEquals(3, lat.endToEnd().length);
    assertEquals(2, ledger.acceptedBetween(t + 2_000_000, t + 3_000_000));
  }
}
