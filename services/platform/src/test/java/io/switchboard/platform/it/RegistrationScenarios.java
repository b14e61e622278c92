package io.switchboard.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.jxmpp.jid.parts.Localpart;

/** XEP-0077 with Smack's AccountManager: register, change password, remove; both modes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RegistrationScenarios {

  private TestPlatform platform;
  private final List<XMPPTCPConnection> clients = new CopyOnWriteArrayList<>();

  abstract TestPlatform.Mode mode();

  @BeforeAll
  void startPlatform() throws Exception {
    platform =
        TestPlatform.start(
            mode(),
            Map.of(
                "switchboard.registration.enabled",
                true,
                "switchboard.registration.per-ip-interval",
                "1h"));
    platform.createUser("changer", "old-secret");
    platform.createUser("leaver", "leaver-secret");
  }

  @AfterAll
  void stopPlatform() {
    clients.forEach(XMPPTCPConnection::disconnect);
    if (platform != null) {
      platform.close();
    }
  }

  private XMPPTCPConnection anonymousConnection() throws Exception {
    XMPPTCPConnection c = SmackClients.connect(platform, "unused", "unused", "r", "SCRAM-SHA-256");
    clients.add(c);
    return c;
  }

  @Test
  void aNewUserRegistersInBandOnceAndLogsIn() throws Exception {
    XMPPTCPConnection c = anonymousConnection();
    AccountManager accounts = AccountManager.getInstance(c);
    assertThat(accounts.supportsAccountCreation()).isTrue();
    assertThat(accounts.getAccountAttributes()).contains("username", "password");
    accounts.createAccount(Localpart.from("newbie"), "newbie-secret");

    XMPPTCPConnection newbie =
        SmackClients.login(platform, "newbie", "newbie-secret", "r", "SCRAM-SHA-256");
    clients.add(newbie);
    assertThat(newbie.isAuthenticated()).isTrue();

    // The same address may not register again within the interval.
    XMPPTCPConnection again = anonymousConnection();
    assertThatThrownBy(
            () ->
                AccountManager.getInstance(again)
                    .createAccount(Localpart.from("second"), "x-secret"))
        .isInstanceOfSatisfying(
            XMPPException.XMPPErrorException.class,
            e ->
                assertThat(e.getStanzaError().getCondition())
                    .isEqualTo(StanzaError.Condition.resource_constraint));
  }

  @Test
  void aUserChangesTheirPassword() throws Exception {
    XMPPTCPConnection c = SmackClients.login(platform, "changer", "old-secret", "r", "SCRAM-SHA-1");
    clients.add(c);
    AccountManager.getInstance(c).changePassword("new-secret");
    c.disconnect();
    assertThatThrownBy(
            () -> SmackClients.login(platform, "changer", "old-secret", "r", "SCRAM-SHA-1"))
        .hasMessageContaining("not-authorized");
    XMPPTCPConnection again =
        SmackClients.login(platform, "changer", "new-secret", "r", "SCRAM-SHA-256");
    clients.add(again);
    assertThat(again.isAuthenticated()).isTrue();
  }

  @Test
  void aUserRemovesTheirAccount() throws Exception {
    XMPPTCPConnection c =
        SmackClients.login(platform, "leaver", "leaver-secret", "r", "SCRAM-SHA-256");
    try {
      AccountManager.getInstance(c).deleteAccount();
    } catch (SmackException.NotConnectedException e) {
      // The server ends the stream right after the result (XEP-0077 §3.2); Smack may hand the
      // stream error to the waiting request before the result. The order on the wire is tested
      // in AccountRemovalScenarios.
      assertThat(e).hasMessageContaining("not-authorized");
    }
    // The server ends the session itself.
    await().atMost(Duration.ofSeconds(10)).until(() -> !c.isConnected());
    assertThatThrownBy(
            () -> SmackClients.login(platform, "leaver", "leaver-secret", "r", "SCRAM-SHA-256"))
        .hasMessageContaining("not-authorized");
  }
}
