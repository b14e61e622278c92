package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LoginStatsTest {

  private static final long MS = 1_000_000L;

  /** A login that started at {@code start} ms, each step taking 1 ms but the echo {@code echo}. */
  private static LoginTiming login(long start, long echo) {
    long s = start * MS;
    return new LoginTiming(
        s, s, s + MS, s + 2 * MS, s + 3 * MS, s + 4 * MS, s + 4 * MS, s + (4 + echo) * MS);
  }

  @Test
  void countsWhatCompletedInTheWindowAndTimesWhatStartedInIt() {
    LoginStats stats = new LoginStats();
    stats.completed(login(0, 1)); // started before the window
    stats.completed(login(100, 2));
    stats.completed(login(200, 6));
    stats.completed(login(995, 10)); // started inside, completed after
    stats.failed("SASL PLAIN: <failure><not-authorized/></failure>");
    stats.failed("roster: connection reset");
    stats.failed("SASL PLAIN: timed out");

    assertEquals(2, stats.completedBetween(50 * MS, 1000 * MS));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long[] totals =
        stats.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), 50 * MS, 1000 * MS);
    assertArrayEquals(new long[] {6 * MS, 10 * MS, 14 * MS}, totals);
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("failed logins (whole run): 3 {SASL PLAIN=2, roster=1}"), text);
    assertTrue(text.contains("presence echo 6.00 / 10.00"), text);
  }
}
