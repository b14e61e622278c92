package io.switchboard.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.commands.AdHocCommand;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.commands.AdHocCommandResult;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/** XEP-0050 / XEP-0133 server administration with Smack's AdHocCommandManager, both modes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AdminCommandsScenarios {

  private static final String ADMIN = "http://jabber.org/protocol/admin";

  private TestPlatform platform;
  private final List<XMPPTCPConnection> clients = new CopyOnWriteArrayList<>();
  private Jid server;

  abstract TestPlatform.Mode mode();

  @BeforeAll
  void startPlatform() throws Exception {
    platform = TestPlatform.start(mode(), Map.of("switchboard.xmpp-admins", "boss@localhost"));
    platform.createUser("boss", "boss-secret");
    platform.createUser("worker", "worker-secret");
    platform.createUser("target", "target-secret");
    server = JidCreate.domainBareFrom("localhost");
  }

  @AfterAll
  void stopPlatform() {
    clients.forEach(XMPPTCPConnection::disconnect);
    if (platform != null) {
      platform.close();
    }
  }

  private XMPPTCPConnection login(String user) throws Exception {
    XMPPTCPConnection c =
        SmackClients.login(platform, user, user + "-secret", "adm", "SCRAM-SHA-256");
    clients.add(c);
    return c;
  }

  @Test
  void anAdminAddsAUserWhoCanThenLogIn() throws Exception {
    XMPPTCPConnection boss = login("boss");
    AdHocCommandManager commands = AdHocCommandManager.getInstance(boss);
    DiscoverItems listed = commands.discoverCommands(server);
    assertThat(listed.getItems())
        .extracting(DiscoverItems.Item::getNode)
        .contains(ADMIN + "#add-user", ADMIN + "#delete-user", ADMIN + "#change-user-password");

    AdHocCommand add = commands.getRemoteCommand(server, ADMIN + "#add-user");
    FillableForm form = add.execute().asExecutingOrThrow().getFillableForm();
    form.setAnswer("accountjid", "hired@localhost");
    form.setAnswer("password", "hired-secret");
    form.setAnswer("password-verify", "hired-secret");
    AdHocCommandResult done = add.complete(form.getSubmitForm());
    assertThat(done.isCompleted()).isTrue();

    XMPPTCPConnection hired =
        SmackClients.login(platform, "hired", "hired-secret", "r", "SCRAM-SHA-1");
    clients.add(hired);
    assertThat(hired.isAuthenticated()).isTrue();

    AdHocCommand count = commands.getRemoteCommand(server, ADMIN + "#get-online-users-num");
    AdHocCommandResult counted = count.execute();
    assertThat(counted.isCompleted()).isTrue();

    // Available users: hired's initial presence may still be on its way.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              AdHocCommand list =
                  commands.getRemoteCommand(server, ADMIN + "#get-online-users-list");
              AdHocCommandResult online = list.execute();
              assertThat(online.isCompleted()).isTrue();
              assertThat(online.getResponse().getForm().getField("onlineuserjids").getValues())
                  .extracting(CharSequence::toString)
                  .contains("boss@localhost", "hired@localhost");
            });
  }

  @Test
  void anAdminChangesAPasswordAndDeletesAUser() throws Exception {
    AdHocCommandManager commands = AdHocCommandManager.getInstance(login("boss"));
    AdHocCommand change = commands.getRemoteCommand(server, ADMIN + "#change-user-password");
    FillableForm form = change.execute().asExecutingOrThrow().getFillableForm();
    form.setAnswer("accountjid", "target@localhost");
    form.setAnswer("password", "reset-secret");
    assertThat(change.complete(form.getSubmitForm()).isCompleted()).isTrue();
    XMPPTCPConnection target =
        SmackClients.login(platform, "target", "reset-secret", "r", "SCRAM-SHA-256");
    target.disconnect();

    AdHocCommand delete = commands.getRemoteCommand(server, ADMIN + "#delete-user");
    FillableForm del = delete.execute().asExecutingOrThrow().getFillableForm();
    del.setAnswer("accountjids", List.of("target@localhost"));
    assertThat(delete.complete(del.getSubmitForm()).isCompleted()).isTrue();
    assertThatThrownBy(
            () -> SmackClients.login(platform, "target", "reset-secret", "r", "SCRAM-SHA-256"))
        .hasMessageContaining("not-authorized");
  }

  @Test
  void othersMayNotRunOrSeeTheCommands() throws Exception {
    XMPPTCPConnection worker = login("worker");
    AdHocCommandManager commands = AdHocCommandManager.getInstance(worker);
    assertThat(commands.discoverCommands(server).getItems()).isEmpty();
    AdHocCommand add = commands.getRemoteCommand(server, ADMIN + "#add-user");
    assertThatThrownBy(add::execute)
        .isInstanceOfSatisfying(
            XMPPException.XMPPErrorException.class,
            e ->
                assertThat(e.getStanzaError().getCondition())
                    .isEqualTo(StanzaError.Condition.forbidden));
  }
}
