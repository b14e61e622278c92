package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OptionsTest {

  @Test
  void everyScenarioHasItsOwnDefaults() {
    Options chat = Options.parse(Options.Scenario.CHAT, new String[0]);
    Options login = Options.parse(Options.Scenario.LOGIN, new String[0]);
    assertEquals(3000, chat.rate);
    assertEquals(1000, chat.clients);
    assertEquals(100, login.rate);
    assertEquals(1000, login.clients);
    assertEquals(5, login.holdSeconds);
    assertEquals(10, chat.warmupSeconds);
    assertEquals(30, login.warmupSeconds);
  }

  @Test
  void offlineRecipientsFillTheWarmUpAndTheWindowUnlessGiven() {
    Options derived =
        Options.parse(Options.Scenario.OFFLINE, new String[] {"--rate", "250", "--warmup", "30"});
    // 250 msgs/s x (30 + 30) s / 10 per recipient
    assertEquals(1500, derived.clients);
    assertEquals(15_000, derived.offlineMessages());

    Options given =
        Options.parse(
            Options.Scenario.OFFLINE,
            new String[] {"--clients", "200", "--per-recipient", "3", "--skip-recheck"});
    assertEquals(600, given.offlineMessages());
    assertFalse(given.recheck);
  }

  @Test
  void badValuesAreRefusedWithTheOptionsName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Options.parse(Options.Scenario.LOGIN, new String[] {"--hold", "-1"}));
    assertEquals("--hold must not be negative", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Options.parse(Options.Scenario.CHAT, new String[] {"--create-users"}));
    assertEquals(null, Options.Scenario.of("storm"));
  }
}
