package io.switchboard.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.access.xmpp.LocalConnections;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * RFC 6120 details seen on the wire with a raw client: who an error for the sender's own account
 * comes from (§8.1.2.1, §10.3.3), and how a stream the client closes is closed (§4.4).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamRulesIT {

  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Waits long for the client to close after the stream's end, so waiting is seen. */
  private TestPlatform patient;

  /** Waits briefly, so the server's own close is seen. */
  private TestPlatform brisk;

  @BeforeAll
  void start() throws Exception {
    patient = TestPlatform.start(TestPlatform.Mode.LOCAL, settings("60s"));
    patient.createUser("rfc", "rfc-secret");
    brisk = TestPlatform.start(TestPlatform.Mode.LOCAL, settings("300ms"));
  }

  private static Map<String, Object> settings(String closeTimeout) {
    return Map.of(
        "switchboard.xmpp.tls-required", false,
        "switchboard.xmpp.allow-plain-without-tls", true,
        "switchboard.xmpp.close-timeout", closeTimeout);
  }

  @AfterAll
  void stop() {
    if (patient != null) {
      patient.close();
    }
    if (brisk != null) {
      brisk.close();
    }
  }

  @Test
  void anErrorForTheOwnAccountComesFromItsBareJidNotFromTheDomain() throws Exception {
    try (RawXmppClient c = new RawXmppClient(patient.xmppPort())) {
      c.login("rfc", "rfc-secret", "own");
      // No 'to': the iq is for the sender's own account, which has no such service.
      c.send("<iq type='get' id='own1'><query xmlns='urn:example:nothing'/></iq>");
      assertThat(c.iq("own1", WAIT))
          .contains("type=\"error\"")
          .contains("<service-unavailable")
          .contains("from=\"rfc@localhost\"")
          .doesNotContain("from=\"localhost\"");

      // Addressed to the server, the server answers as itself.
      c.send("<iq type='get' id='srv1' to='localhost'><query xmlns='urn:example:nothing'/></iq>");
      assertThat(c.iq("srv1", WAIT))
          .contains("from=\"localhost\"")
          .contains("<service-unavailable");
    }
  }

  @Test
  void theServerClosesItsStreamAndLeavesClosingTheConnectionToTheClient() throws Exception {
    LocalConnections connections = patient.accessContext().getBean(LocalConnections.class);
    try (RawXmppClient c = new RawXmppClient(patient.xmppPort())) {
      c.send(RawXmppClient.HEADER);
      c.readUntil("</stream:features>", WAIT);
      await().atMost(WAIT).until(() -> connections.openCount() >= 1);
      int open = connections.openCount();

      c.send("</stream:stream>");
      assertThat(c.readUntil("</stream:stream>", WAIT)).endsWith("</stream:stream>");
      assertThat(c.staysOpen(Duration.ofMillis(500)))
          .as("the server waits for the client to close the TCP connection")
          .isTrue();

      c.close();
      await().atMost(WAIT).until(() -> connections.openCount() == open - 1);
    }
  }

  @Test
  void aClientEndingTlsEndsTheWaitAtOnce() throws Exception {
    try (RawXmppClient c = new RawXmppClient(patient.xmppPort())) {
      c.send(RawXmppClient.HEADER);
      c.readUntil("</stream:features>", WAIT);
      c.startTls();
      c.send(RawXmppClient.HEADER);
      assertThat(c.readUntil("</stream:features>", WAIT)).contains("<mechanisms");

      c.send("</stream:stream>");
      assertThat(c.readUntil("</stream:stream>", WAIT)).endsWith("</stream:stream>");
      c.shutdownOutput(); // close_notify, the socket stays open for reading
      // Well before the 60 s close timeout: the close_notify ended the wait.
      assertThat(c.awaitClose(WAIT)).as("the server closed after close_notify").isTrue();
    }
  }

  @Test
  void aClientThatNeverClosesIsDisconnectedAfterTheCloseTimeout() throws Exception {
    try (RawXmppClient c = new RawXmppClient(brisk.xmppPort())) {
      c.send(RawXmppClient.HEADER);
      c.readUntil("</stream:features>", WAIT);
      c.send("</stream:stream>");
      assertThat(c.readUntil("</stream:stream>", WAIT)).endsWith("</stream:stream>");
      assertThat(c.awaitClose(WAIT)).as("the server closed after its close timeout").isTrue();
    }
  }
}
