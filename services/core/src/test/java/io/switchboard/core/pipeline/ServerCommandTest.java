package io.switchboard.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StreamError;
import io.switchboard.xmpp.XmlElement;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerCommandTest {

  @Test
  void everyCommandSurvivesTheWireInACommandEnvelope() {
    List<ServerCommand> commands =
        List.of(
            new ServerCommand.RemoveAccount(Jid.of("alice@localhost/phone"), "access-1"),
            new ServerCommand.RemoveAccount(Jid.of("alice@localhost"), null),
            new ServerCommand.AccountRemoved(Jid.of("alice@localhost"), "access-1-rm-abc"),
            new ServerCommand.CloseSession(StreamError.CONFLICT, "User removed"),
            new ServerCommand.CloseSession(StreamError.POLICY_VIOLATION, null));
    for (ServerCommand command : commands) {
      Envelope e =
          new Envelope(
              "n-1",
              EnvelopeKind.COMMAND,
              null,
              Route.to(Jid.of("alice@localhost")),
              command.toXml(),
              1L,
              List.of());
      Envelope back = EnvelopeCodec.decode(EnvelopeCodec.encode(e));
      assertThat(back.kind()).isEqualTo(EnvelopeKind.COMMAND);
      assertThat(ServerCommand.parse(back.payload())).isEqualTo(command);
    }
  }

  @Test
  void aRemovalIsForTheBareAccount() {
    ServerCommand.RemoveAccount remove =
        new ServerCommand.RemoveAccount(Jid.of("alice@localhost/phone"), null);
    assertThat(remove.account()).isEqualTo(Jid.of("alice@localhost"));
    assertThat(remove.toXml().attr("account")).isEqualTo("alice@localhost");
  }

  @Test
  void unknownOrIncompleteCommandsAreRefused() {
    assertThatThrownBy(
            () ->
                ServerCommand.parse(XmlElement.builder("remove-account", "jabber:client").build()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> ServerCommand.parse(XmlElement.builder("reboot", ServerCommand.NS).build()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                ServerCommand.parse(XmlElement.builder("remove-account", ServerCommand.NS).build()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                ServerCommand.parse(
                    XmlElement.builder("remove-account", ServerCommand.NS)
                        .attr("account", "a@b@c")
                        .build()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                ServerCommand.parse(
                    XmlElement.builder("close-session", ServerCommand.NS)
                        .attr("condition", "no-such-condition")
                        .build()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ServerCommand.RemoveAccount(Jid.of("a@b"), "bad node!"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
