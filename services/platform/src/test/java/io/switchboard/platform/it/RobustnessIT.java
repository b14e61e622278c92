package io.switchboard.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad input gets its RFC 6120 stream error and a closed stream, while two real clients keep
 * chatting on the same server the whole time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RobustnessIT {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private TestPlatform platform;
  private XMPPTCPConnection alice;
  private XMPPTCPConnection bob;
  private final ScheduledExecutorService chatter = Executors.newSingleThreadScheduledExecutor();
  private final List<Exception> failures = new CopyOnWriteArrayList<>();
  private final AtomicInteger sent = new AtomicInteger();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private ScheduledFuture<?> chat;

  @BeforeAll
  void start() throws Exception {
    platform =
        TestPlatform.start(
            TestPlatform.Mode.LOCAL,
            Map.of(
                "switchboard.xmpp.tls-required",
                false,
                "switchboard.xmpp.allow-plain-without-tls",
                true,
                "switchboard.xmpp.auth-timeout",
                "3s",
                "switchboard.xmpp.stanza-timeout",
                "2s"));
    platform.createUser("alice", "alice-secret");
    platform.createUser("bob", "bob-secret");
    platform.createUser("mallory", "mallory-secret");
    alice = SmackClients.login(platform, "alice", "alice-secret", "r", "SCRAM-SHA-256");
    bob = SmackClients.login(platform, "bob", "bob-secret", "r", "SCRAM-SHA-1");
    bob.addSyncStanzaListener(m -> received.add(((Message) m).getBody()), MessageTypeFilter.CHAT);
  }

  @BeforeEach
  void keepChatting() {
    // Fifty messages a second from alice to bob for as long as each test runs.
    chat =
        chatter.scheduleAtFixedRate(
            () -> {
              try {
                alice.sendStanza(
                    alice
                        .getStanzaFactory()
                        .buildMessageStanza()
                        .to(bob.getUser())
                        .ofType(Message.Type.chat)
                        .setBody("keepalive-" + sent.get())
                        .build());
                sent.incrementAndGet();
              } catch (Exception e) {
                failures.add(e);
              }
            },
            0,
            20,
            TimeUnit.MILLISECONDS);
  }

  @AfterEach
  void chattingWasUnaffected() throws Exception {
    chat.cancel(false);
    // The chatter is single-threaded: once this no-op ran, no send is in flight any more.
    chatter.submit(() -> {}).get();
    assertThat(failures).isEmpty();
    int total = sent.get();
    await().atMost(WAIT).until(() -> received.size() >= total);
    assertThat(received).hasSize(total);
  }

  @AfterAll
  void stop() {
    chatter.shutdownNow();
    alice.disconnect();
    bob.disconnect();
    platform.close();
  }

  private RawXmppClient raw() throws IOException {
    return new RawXmppClient(platform.xmppPort());
  }

  private static void assertStreamError(RawXmppClient c, String condition) throws IOException {
    String text = c.readUntil("</stream:stream>", WAIT);
    assertThat(text)
        .contains("<stream:error>")
        .contains("<" + condition + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
    assertThat(c.awaitClose(WAIT)).as("server closed the stream").isTrue();
  }

  @Test
  void malformedXmlIsNotWellFormed() throws Exception {
    try (RawXmppClient c = raw()) {
      c.send(RawXmppClient.HEADER + "<message><body>oops</message>");
      assertStreamError(c, "not-well-formed");
    }
  }

  @Test
  void aBillionLaughsDocumentIsRestrictedXml() throws Exception {
    StringBuilder doc =
        new StringBuilder("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    for (int i = 1; i < 10; i++) {
      doc.append("<!ENTITY lol").append(i).append(" \"");
      for (int j = 0; j < 10; j++) {
        doc.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
      }
      doc.append("\">");
    }
    doc.append("]>").append(RawXmppClient.HEADER.substring("<?xml version='1.0'?>".length()));
    doc.append("<message><body>&lol9;</body></message>");
    try (RawXmppClient c = raw()) {
      c.send(doc.toString());
      assertStreamError(c, "restricted-xml");
    }
  }

  @Test
  void commentsAndProcessingInstructionsAreRestrictedXml() throws Exception {
    try (RawXmppClient c = raw()) {
      c.send(RawXmppClient.HEADER + "<!-- hello -->");
      assertStreamError(c, "restricted-xml");
    }
    try (RawXmppClient c = raw()) {
      c.send(RawXmppClient.HEADER + "<?php evil(); ?>");
      assertStreamError(c, "restricted-xml");
    }
  }

  @Test
  void aTenMebibyteStanzaIsAPolicyViolation() throws Exception {
    try (RawXmppClient c = raw()) {
      c.login("mallory", "mallory-secret", "big");
      Thread writer =
          new Thread(
              () -> {
                try {
                  c.send("<message to='bob@localhost/r' type='chat'><body>");
                  byte[] chunk = new byte[64 * 1024];
                  Arrays.fill(chunk, (byte) 'a');
                  for (int i = 0; i < 160; i++) {
                    c.send(chunk);
                  }
                  c.send("</body></message>".getBytes(StandardCharsets.UTF_8));
                } catch (IOException expected) {
                  // the server closes the stream long before 10 MiB
                }
              });
      writer.start();
      assertStreamError(c, "policy-violation");
      writer.join(WAIT.toMillis());
    }
    assertThat(received).noneMatch(b -> b.startsWith("aaaa"));
  }

  @Test
  void aClientThatStopsMidStanzaTimesOut() throws Exception {
    try (RawXmppClient c = raw()) {
      c.login("mallory", "mallory-secret", "slow");
      c.send("<message to='bob@localhost/r' type='chat'><body>hel");
      assertStreamError(c, "connection-timeout");
    }
  }

  @Test
  void anUnauthenticatedStreamTimesOut() throws Exception {
    try (RawXmppClient c = raw()) {
      c.send(RawXmppClient.HEADER);
      assertStreamError(c, "connection-timeout");
    }
  }

  @Test
  void stanzasBeforeAuthenticationAreNotAuthorized() throws Exception {
    try (RawXmppClient c = raw()) {
      c.send(RawXmppClient.HEADER + "<message to='bob@localhost'><body>spam</body></message>");
      assertStreamError(c, "not-authorized");
    }
  }

  @Test
  void aWrongDomainIsHostUnknown() throws Exception {
    try (RawXmppClient c = raw()) {
      c.send(RawXmppClient.HEADER.replace("to='localhost'", "to='example.org'"));
      assertStreamError(c, "host-unknown");
    }
  }

  @Test
  void aForgedFromIsInvalidFrom() throws Exception {
    try (RawXmppClient c = raw()) {
      c.login("mallory", "mallory-secret", "forger");
      c.send(
          "<message from='alice@localhost/r' to='bob@localhost/r' type='chat'><body>x</body></message>");
      assertStreamError(c, "invalid-from");
    }
  }

  @Test
  void aMalformedRecipientGetsAStanzaErrorAndTheStreamStaysOpen() throws Exception {
    try (RawXmppClient c = raw()) {
      c.login("mallory", "mallory-secret", "typo");
      c.send("<message id='m1' to='a@b@c' type='chat'><body>x</body></message>");
      String text = c.readUntil("</message>", WAIT);
      assertThat(text).containsPattern("type=[\"']error[\"']").contains("<jid-malformed");
      c.send("<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
      assertThat(c.readUntil("p1", WAIT)).containsPattern("type=[\"']result[\"']");
    }
  }
}
