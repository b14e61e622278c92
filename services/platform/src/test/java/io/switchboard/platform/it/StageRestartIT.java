package io.switchboard.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;

/**
 * Distributed mode: what was handed to a durable stage is not lost while that stage is down. Its
 * JetStream stream keeps the envelopes, and the restarted stage delivers them, in order.
 */
class StageRestartIT {

  @Test
  void messagesWaitForARestartedRouterAndArriveInOrder() throws Exception {
    try (TestPlatform platform = TestPlatform.start(TestPlatform.Mode.DISTRIBUTED, Map.of())) {
      platform.createUser("alice", "alice-secret");
      platform.createUser("bob", "bob-secret");
      XMPPTCPConnection alice =
          SmackClients.login(platform, "alice", "alice-secret", "a", "SCRAM-SHA-256");
      XMPPTCPConnection bob = SmackClients.login(platform, "bob", "bob-secret", "b", "SCRAM-SHA-1");
      try {
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        bob.addSyncStanzaListener(
            m -> received.add(((Message) m).getBody()), MessageTypeFilter.CHAT);

        send(alice, bob, "before");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("before"));

        platform.stopRole("router");
        List<String> expected = new ArrayList<>(List.of("before"));
        for (int i = 0; i < 200; i++) {
          send(alice, bob, "while-down-" + i);
          expected.add("while-down-" + i);
        }
        platform.startRole("router");

        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= expected.size());
        assertThat(received).containsExactlyElementsOf(expected);
      } finally {
        alice.disconnect();
        bob.disconnect();
      }
    }
  }

  private static void send(XMPPTCPConnection from, XMPPTCPConnection to, String body)
      throws Exception {
    from.sendStanza(
        from.getStanzaFactory()
            .buildMessageStanza()
            .to(to.getUser())
            .ofType(Message.Type.chat)
            .setBody(body)
            .build());
  }
}
