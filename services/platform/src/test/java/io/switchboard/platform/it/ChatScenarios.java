package io.switchboard.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.SimpleIQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The foundation's end-to-end scenarios with real Smack clients, over STARTTLS with SCRAM. Each
 * subclass runs them on one deployment type, so local and distributed mode pass the same tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ChatScenarios {

  private TestPlatform platform;
  private final List<XMPPTCPConnection> clients = new CopyOnWriteArrayList<>();

  abstract TestPlatform.Mode mode();

  @BeforeAll
  void startPlatform() throws Exception {
    platform = TestPlatform.start(mode(), Map.of());
    platform.createUser("alice", "alice-secret");
    platform.createUser("bob", "bob-secret");
    platform.createUser("carol", "carol-secret");
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

  private XMPPTCPConnection login(String user, String resource, String mechanism) throws Exception {
    XMPPTCPConnection c = SmackClients.login(platform, user, user + "-secret", resource, mechanism);
    clients.add(c);
    return c;
  }

  @Test
  void presenceExchangeAndAThousandMessagesInOrder() throws Exception {
    XMPPTCPConnection alice = login("alice", "phone", "SCRAM-SHA-256");
    XMPPTCPConnection bob = login("bob", "laptop", "SCRAM-SHA-1");
    assertThat(alice.isSecureConnection()).isTrue();
    assertThat(bob.isSecureConnection()).isTrue();
    assertThat(alice.getUser().toString()).isEqualTo("alice@localhost/phone");

    List<Presence> bobSaw = new CopyOnWriteArrayList<>();
    List<Presence> aliceSaw = new CopyOnWriteArrayList<>();
    bob.addSyncStanzaListener(
        p -> bobSaw.add((Presence) p),
        new AndFilter(StanzaTypeFilter.PRESENCE, FromMatchesFilter.create(alice.getUser())));
    alice.addSyncStanzaListener(
        p -> aliceSaw.add((Presence) p),
        new AndFilter(StanzaTypeFilter.PRESENCE, FromMatchesFilter.create(bob.getUser())));
    alice.sendStanza(
        alice
            .getStanzaFactory()
            .buildPresenceStanza()
            // Directed presence to full JIDs is delivered whether or not the peer's own initial
            // presence was processed yet; to a bare JID it goes only to available resources
            // (RFC 6121 §8.5.2.1.2), and the two sessions' stanzas are processed independently.
            .to(bob.getUser())
            .setStatus("hi bob")
            .build());
    bob.sendStanza(
        bob.getStanzaFactory()
            .buildPresenceStanza()
            .to(alice.getUser())
            .setStatus("hi alice")
            .build());
    await().atMost(Duration.ofSeconds(10)).until(() -> !bobSaw.isEmpty() && !aliceSaw.isEmpty());
    assertThat(bobSaw.get(0).getStatus()).isEqualTo("hi bob");
    assertThat(aliceSaw.get(0).getStatus()).isEqualTo("hi alice");

    List<String> received = Collections.synchronizedList(new ArrayList<>());
    bob.addSyncStanzaListener(
        m -> received.add(((Message) m).getBody()),
        new AndFilter(MessageTypeFilter.CHAT, FromMatchesFilter.create(alice.getUser())));
    int count = 1000;
    for (int i = 0; i < count; i++) {
      alice.sendStanza(
          alice
              .getStanzaFactory()
              .buildMessageStanza()
              .to(bob.getUser().asBareJid())
              .ofType(Message.Type.chat)
              .setBody("m-" + i)
              .build());
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= count);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      expected.add("m-" + i);
    }
    assertThat(received).containsExactlyElementsOf(expected);
  }

  @Test
  void undeliverableMessagesGetTheErrorsRfc6121Names() throws Exception {
    XMPPTCPConnection alice = login("alice", "errors", "SCRAM-SHA-1");
    List<Message> errors = new CopyOnWriteArrayList<>();
    alice.addSyncStanzaListener(m -> errors.add((Message) m), MessageTypeFilter.ERROR);

    // A full JID whose resource is not connected, type normal (RFC 6121 §8.5.3.2.1).
    send(alice, "bob@localhost/not-connected", Message.Type.normal, "to a missing resource");
    // An account that does not exist (RFC 6121 §8.5.1).
    send(alice, "nobody@localhost", Message.Type.chat, "to nobody");
    // Another domain: no federation.
    send(alice, "someone@elsewhere.example", Message.Type.chat, "to another domain");

    await().atMost(Duration.ofSeconds(10)).until(() -> errors.size() >= 3);
    assertThat(errors)
        .extracting(m -> m.getFrom().toString(), m -> m.getError().getCondition())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "bob@localhost/not-connected", StanzaError.Condition.service_unavailable),
            org.assertj.core.groups.Tuple.tuple(
                "nobody@localhost", StanzaError.Condition.service_unavailable),
            org.assertj.core.groups.Tuple.tuple(
                "someone@elsewhere.example", StanzaError.Condition.remote_server_not_found));
    assertThat(errors)
        .allSatisfy(m -> assertThat(m.getTo().toString()).isEqualTo(alice.getUser().toString()));
  }

  @Test
  void serverAnswersPingAndRefusesIqsItDoesNotHandle() throws Exception {
    XMPPTCPConnection alice = login("alice", "iq", "SCRAM-SHA-256");
    assertThat(PingManager.getInstanceFor(alice).pingMyServer(false)).isTrue();

    IQ unknown = new SimpleIQ("query", "urn:example:not-implemented") {};
    unknown.setType(IQ.Type.get);
    unknown.setTo(JidCreate.domainBareFrom("localhost"));
    assertThatThrownBy(() -> alice.sendIqRequestAndWaitForResponse(unknown))
        .isInstanceOfSatisfying(
            XMPPException.XMPPErrorException.class,
            e ->
                assertThat(e.getStanzaError().getCondition())
                    .isEqualTo(StanzaError.Condition.service_unavailable));
  }

  @Test
  void theAccessNodeExposesPipelineMetrics() throws Exception {
    XMPPTCPConnection alice = login("alice", "metrics", "SCRAM-SHA-1");
    send(alice, "alice@localhost/metrics", Message.Type.chat, "to myself");
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpRequest get =
        java.net.http.HttpRequest.newBuilder(platform.httpUri().resolve("/prometheus")).build();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        http.send(get, java.net.http.HttpResponse.BodyHandlers.ofString()).body())
                    .contains("switchboard_connections_open ")
                    .contains("switchboard_stanzas_in_total{kind=\"message\"}")
                    .contains("switchboard_stanzas_out_total{kind=\"message\"}")
                    .contains("switchboard_stage_processing_seconds_count{stage=\"access\"}")
                    .contains("switchboard_transport_backlog{stage=\"access\"}"));
    java.net.http.HttpRequest health =
        java.net.http.HttpRequest.newBuilder(platform.httpUri().resolve("/health")).build();
    java.net.http.HttpResponse<String> healthy =
        http.send(health, java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(healthy.statusCode()).isEqualTo(200);
    assertThat(healthy.body()).contains("\"store\"");
    if (mode() == TestPlatform.Mode.DISTRIBUTED) {
      assertThat(healthy.body()).contains("\"nats\"").contains("CONNECTED");
    }
  }

  @Test
  void aWebSocketClientChatsWithATcpClient() throws Exception {
    XMPPTCPConnection tcp = login("bob", "tcp", "SCRAM-SHA-1");
    org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection web =
        SmackClients.loginWebSocket(platform, "alice", "alice-secret", "browser");
    try {
      List<String> atTcp = new CopyOnWriteArrayList<>();
      List<String> atWeb = new CopyOnWriteArrayList<>();
      tcp.addSyncStanzaListener(m -> atTcp.add(((Message) m).getBody()), MessageTypeFilter.CHAT);
      web.addSyncStanzaListener(m -> atWeb.add(((Message) m).getBody()), MessageTypeFilter.CHAT);
      for (int i = 0; i < 20; i++) {
        web.sendStanza(
            web.getStanzaFactory()
                .buildMessageStanza()
                .to(tcp.getUser())
                .ofType(Message.Type.chat)
                .setBody("from-web-" + i)
                .build());
        tcp.sendStanza(
            tcp.getStanzaFactory()
                .buildMessageStanza()
                .to(web.getUser())
                .ofType(Message.Type.chat)
                .setBody("from-tcp-" + i)
                .build());
      }
      await().atMost(Duration.ofSeconds(15)).until(() -> atTcp.size() >= 20 && atWeb.size() >= 20);
      assertThat(atTcp).startsWith("from-web-0").endsWith("from-web-19").hasSize(20);
      assertThat(atWeb).startsWith("from-tcp-0").endsWith("from-tcp-19").hasSize(20);
      assertThat(web.getUser().toString()).isEqualTo("alice@localhost/browser");
    } finally {
      web.disconnect();
    }
  }

  @Test
  void registrationIsOffUnlessConfigured() throws Exception {
    XMPPTCPConnection c = SmackClients.connect(platform, "x", "x", "x", "SCRAM-SHA-256");
    try {
      // No registration stream feature, and a registration get is refused.
      assertThatThrownBy(
              () ->
                  org.jivesoftware.smackx.iqregister.AccountManager.getInstance(c)
                      .supportsAccountCreation())
          .isInstanceOfSatisfying(
              XMPPException.XMPPErrorException.class,
              e ->
                  assertThat(e.getStanzaError().getCondition())
                      .isEqualTo(StanzaError.Condition.service_unavailable));
    } finally {
      c.disconnect();
    }
  }

  @Test
  void streamFeaturesCarryTheServersEntityCapabilities() throws Exception {
    // XEP-0115 §6.3: the verification string names the server's disco#info answer.
    org.jivesoftware.smackx.caps.packet.CapsExtension caps =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> {
                  XMPPTCPConnection c = login("alice", "caps", "SCRAM-SHA-256");
                  return c.getFeature(org.jivesoftware.smackx.caps.packet.CapsExtension.class);
                },
                java.util.Objects::nonNull);
    XMPPTCPConnection alice = clients.get(clients.size() - 1);
    org.jivesoftware.smackx.disco.packet.DiscoverInfo info =
        org.jivesoftware.smackx.disco.ServiceDiscoveryManager.getInstanceFor(alice)
            .discoverInfo(
                JidCreate.domainBareFrom("localhost"), caps.getNode() + "#" + caps.getVer());
    assertThat(info.containsFeature("urn:xmpp:ping")).isTrue();
    assertThat(caps.getHash()).isEqualTo("sha-1");
  }

  @Test
  void aWrongPasswordIsRefused() {
    assertThatThrownBy(() -> SmackClients.login(platform, "alice", "wrong", "x", "SCRAM-SHA-256"))
        .hasMessageContaining("not-authorized");
  }

  private static void send(XMPPTCPConnection from, String to, Message.Type type, String body)
      throws Exception {
    from.sendStanza(
        from.getStanzaFactory()
            .buildMessageStanza()
            .to(JidCreate.from(to))
            .ofType(type)
            .setBody(body)
            .build());
  }
}
