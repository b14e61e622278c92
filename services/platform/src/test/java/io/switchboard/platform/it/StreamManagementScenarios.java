package io.switchboard.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0198 with real Smack clients: a TCP connection cut without a stream close is resumed and
 * nothing sent meanwhile is lost; a session that is not resumed in time leaves its unacknowledged
 * messages in offline storage. Both deployment modes, by subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StreamManagementScenarios {

  private TestPlatform platform;
  private final List<XMPPTCPConnection> clients = new CopyOnWriteArrayList<>();

  abstract TestPlatform.Mode mode();

  @BeforeAll
  void startPlatform() throws Exception {
    platform = TestPlatform.start(mode(), Map.of("switchboard.xmpp.resume-timeout", "3s"));
    for (String u : List.of("sender", "mobile", "flaky", "idle", "chatty")) {
      platform.createUser(u, u + "-secret");
    }
  }

  @AfterAll
  void stopPlatform() {
    for (XMPPTCPConnection c : clients) {
      c.disconnect();
    }
    if (platform != null) {
      platform.close();
    }
  }

  private XMPPTCPConnection connect(String user, String resource) throws Exception {
    XMPPTCPConnection c =
        SmackClients.connect(platform, user, user + "-secret", resource, "SCRAM-SHA-256");
    c.setUseStreamManagement(true);
    c.setUseStreamManagementResumption(true);
    clients.add(c);
    return c;
  }

  private static void send(XMPPTCPConnection from, String to, String body) throws Exception {
    from.sendStanza(
        from.getStanzaFactory()
            .buildMessageStanza()
            .to(JidCreate.from(to))
            .ofType(Message.Type.chat)
            .setBody(body)
            .build());
  }

  @Test
  void aCutConnectionIsResumedWithoutLosingAMessage() throws Exception {
    XMPPTCPConnection sender = connect("sender", "s");
    sender.login();
    XMPPTCPConnection mobile = connect("mobile", "phone");
    List<String> got = Collections.synchronizedList(new ArrayList<>());
    mobile.addSyncStanzaListener(m -> got.add(((Message) m).getBody()), MessageTypeFilter.CHAT);
    mobile.login();
    assertThat(mobile.isSmEnabled()).isTrue();

    send(sender, "mobile@localhost/phone", "before");
    await().atMost(Duration.ofSeconds(10)).until(() -> got.contains("before"));

    mobile.instantShutdown(); // the TCP connection drops, no stream close
    List<String> expected = new ArrayList<>(List.of("before"));
    for (int i = 0; i < 20; i++) {
      send(sender, "mobile@localhost/phone", "while-away-" + i);
      expected.add("while-away-" + i);
    }
    mobile.connect().login();

    assertThat(mobile.streamWasResumed()).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> got.size() >= expected.size());
    assertThat(got).containsExactlyElementsOf(expected);
    send(sender, "mobile@localhost/phone", "after");
    await().atMost(Duration.ofSeconds(10)).until(() -> got.contains("after"));
  }

  @Test
  void whatANeverResumedSessionMissedGoesOffline() throws Exception {
    XMPPTCPConnection sender = connect("sender", "s2");
    sender.login();
    XMPPTCPConnection flaky = connect("flaky", "tablet");
    flaky.login();
    flaky.instantShutdown();
    for (int i = 0; i < 5; i++) {
      send(sender, "flaky@localhost/tablet", "missed-" + i);
    }
    // After the resumption window the session ends and its queue moves to offline storage.
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> platform.offlineCount("flaky@localhost") == 5);

    XMPPTCPConnection fresh = connect("flaky", "laptop");
    List<String> got = Collections.synchronizedList(new ArrayList<>());
    fresh.addSyncStanzaListener(m -> got.add(((Message) m).getBody()), MessageTypeFilter.CHAT);
    fresh.login();
    await().atMost(Duration.ofSeconds(10)).until(() -> got.size() >= 5);
    assertThat(got).containsExactly("missed-0", "missed-1", "missed-2", "missed-3", "missed-4");
  }

  @Test
  void anInactiveClientGetsOnlyTheLatestPresenceAndOnlyWhenItMatters() throws Exception {
    XMPPTCPConnection idle = connect("idle", "pocket");
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    idle.addSyncStanzaListener(
        s -> {
          if (s instanceof Message m) {
            seen.add("message:" + m.getBody());
          } else if (s instanceof org.jivesoftware.smack.packet.Presence p
              && p.getFrom().toString().startsWith("chatty@")) {
            seen.add("presence:" + p.getStatus());
          }
        },
        s -> true);
    idle.login();
    XMPPTCPConnection chatty = connect("chatty", "desk");
    chatty.login();
    idle.sendNonza(new ClientStateNonza("inactive"));
    for (String status : List.of("one", "two", "three")) {
      chatty.sendStanza(
          chatty
              .getStanzaFactory()
              .buildPresenceStanza()
              .to(idle.getUser())
              .setStatus(status)
              .build());
    }
    send(chatty, "idle@localhost/pocket", "wake up");
    await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("message:wake up"));
    // The three status updates collapsed into the latest, delivered before the message.
    assertThat(seen).containsExactly("presence:three", "message:wake up");
  }

  /** XEP-0352 active/inactive, sent as a nonza. */
  private static final class ClientStateNonza implements org.jivesoftware.smack.packet.Nonza {
    private final String state;

    ClientStateNonza(String state) {
      this.state = state;
    }

    @Override
    public String getNamespace() {
      return "urn:xmpp:csi:0";
    }

    @Override
    public String getElementName() {
      return state;
    }

    @Override
    public CharSequence toXML(org.jivesoftware.smack.packet.XmlEnvironment env) {
      return "<" + state + " xmlns='urn:xmpp:csi:0'/>";
    }
  }
}
