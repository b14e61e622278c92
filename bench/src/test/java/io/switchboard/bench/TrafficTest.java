package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficTest {

  @Test
  void chatGoesHalfWayRoundToTheFullJid() {
    Traffic t = new Traffic.Chat(10, "localhost");
    assertEquals(3, t.sender(13));
    assertEquals(8, t.recipient(13));
    assertEquals("bench-8@localhost/r", t.to(13));
  }

  @Test
  void offlineGivesEveryRecipientTheSameNumberAtItsBareJid() {
    Traffic t = new Traffic.Offline(4, 25, "localhost");
    Map<Integer, Integer> perRecipient = new HashMap<>();
    for (long seq = 0; seq < 25 * 10; seq++) {
      int r = t.recipient(seq);
      perRecipient.merge(r, 1, Integer::sum);
      assertEquals(Connection.user(r) + "@localhost", t.to(seq));
    }
    assertEquals(25, perRecipient.size());
    perRecipient.forEach((r, n) -> assertEquals(10, n, "messages for " + r));
    assertEquals(4, perRecipient.keySet().stream().mapToInt(Integer::intValue).min().orElse(-1));
    assertEquals(2, t.sender(6));
  }
}
