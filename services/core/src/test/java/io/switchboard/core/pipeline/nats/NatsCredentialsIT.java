package io.switchboard.core.pipeline.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Transport;
import io.switchboard.core.pipeline.TransportConfig;
import io.switchboard.core.session.SessionTable;
import io.switchboard.core.testing.NatsOperatorMode;
import io.switchboard.core.testing.NatsServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchboard.nats.credentials-file} against a real nats-server in operator (JWT) mode with
 * JetStream: an operator, an account with JetStream limits and a user made here with NKeys, and the
 * user's {@code .creds} file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NatsCredentialsIT {

  @TempDir static Path dir;

  private NatsOperatorMode trust;
  private NatsServerProcess server;
  private final PipelineMetrics metrics = new PipelineMetrics(new SimpleMeterRegistry());

  @BeforeAll
  void start() throws Exception {
    trust = NatsOperatorMode.create(dir.resolve("trust"));
    server = NatsServerProcess.start(trust.serverConfig());
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theCredentialsFileOpensCoreNatsAndJetStream() throws Exception {
    Connection c =
        NatsConnector.connect(server.url(), trust.credentials().toString(), "creds", metrics);
    try {
      assertThat(c.getStatus()).isEqualTo(Connection.Status.CONNECTED);
      Subscription sub = c.subscribe("creds.ping");
      c.flush(Duration.ofSeconds(5));
      c.publish("creds.ping", "hello".getBytes(StandardCharsets.UTF_8));
      Message received = sub.nextMessage(Duration.ofSeconds(5));
      assertThat(received).isNotNull();
      assertThat(new String(received.getData(), StandardCharsets.UTF_8)).isEqualTo("hello");

      // The transport's own JetStream streams, created in the user's account.
      try (NatsTransport transport =
          new NatsTransport(
              c,
              "creds",
              new NatsTransport.DurableSettings(
                  Duration.ofMinutes(2), Duration.ofSeconds(2), 5, 1000),
              metrics)) {
        transport.ensureDurable(Destination.PROCESSOR);
        transport.ensureDurable(Destination.ROUTER);
        assertThat(c.jetStreamManagement().getStreamNames())
            .contains("CREDS_PROCESSOR", "CREDS_ROUTER");
      }
    } finally {
      c.close();
    }
  }

  @Test
  void withoutCredentialsTheServerRefusesAndTheErrorNamesTheSetting() {
    assertThatThrownBy(() -> NatsConnector.connect(server.url(), null, "anonymous", metrics))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("Authorization Violation")
        .hasMessageContaining("set switchboard.nats.credentials-file");
  }

  @Test
  void aMissingCredentialsFileStopsStartUpNamingTheSetting() {
    Path missing = dir.resolve("nowhere.creds");
    assertThatThrownBy(
            () -> NatsConnector.connect(server.url(), missing.toString(), "missing", metrics))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("switchboard.nats.credentials-file")
        .hasMessageContaining(missing.toString());
  }

  @Test
  void aFileThatIsNotACredentialsFileStopsStartUpNamingTheSetting() throws Exception {
    Path wrong = Files.writeString(dir.resolve("wrong.creds"), "user: me\npassword: secret\n");
    assertThatThrownBy(
            () -> NatsConnector.connect(server.url(), wrong.toString(), "wrong", metrics))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("switchboard.nats.credentials-file")
        .hasMessageContaining("is not a NATS .creds file")
        .hasMessageNotContaining("secret");
  }

  @Test
  void theServicesConnectWithTheFileTheOperatorRenders() throws Exception {
    // The properties the operator writes into the stages' ConfigMap.
    try (ApplicationContext context =
        ApplicationContext.run(
            Map.of(
                "deployment.type", "distributed",
                "switchboard.nats.url", server.url(),
                "switchboard.nats.credentials-file", trust.credentials().toString()))) {
      assertThat(context.getBean(TransportConfig.Nats.class).credentialsFile())
          .isEqualTo(trust.credentials().toString());
      Connection connection = context.getBean(Connection.class);
      assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
      // The transport's streams and the session table's KV bucket, in the user's account.
      context.getBean(Transport.class);
      context.getBean(SessionTable.class);
      assertThat(connection.jetStreamManagement().getStreamNames())
          .contains("SB_PROCESSOR", "SB_ROUTER", "KV_sb-sessions");
    }
  }
}
