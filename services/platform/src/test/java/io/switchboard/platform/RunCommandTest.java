package io.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

  private static Map<String, Object> props(String... args) throws UsageException {
    return RunCommand.properties(List.of(args));
  }

  @Test
  void defaultsRunAllFourStagesLocallyWithTheDataFolderMadeAbsolute() throws Exception {
    Map<String, Object> p = props();
    assertThat(p)
        .containsEntry("deployment.type", "local")
        .containsEntry("switchboard.data-dir", Path.of("data").toAbsolutePath().toString())
        .containsEntry("switchboard.stages.access.enabled", "true")
        .containsEntry("switchboard.stages.parser.enabled", "true")
        .containsEntry("switchboard.stages.processor.enabled", "true")
        .containsEntry("switchboard.stages.router.enabled", "true")
        .doesNotContainKeys(
            "switchboard.domain",
            "switchboard.mongo.uri",
            "switchboard.nats.url",
            "micronaut.server.port",
            "switchboard.xmpp.port",
            "switchboard.xmpp.tls-required",
            "switchboard.node-id");
  }

  @Test
  void everyLocalOptionMapsToItsProperty() throws Exception {
    Map<String, Object> p =
        props(
            "--data",
            "/tmp/sb/../sb-data",
            "--domain",
            "example.org",
            "--http-port=9090",
            "--xmpp-port",
            "15222",
            "--node-id",
            "node_1",
            "--mongo",
            "mongodb://db:27017",
            "--insecure");
    assertThat(p)
        .containsEntry("switchboard.data-dir", "/tmp/sb-data")
        .containsEntry("switchboard.domain", "example.org")
        .containsEntry("micronaut.server.port", "9090")
        .containsEntry("switchboard.xmpp.port", "15222")
        .containsEntry("switchboard.node-id", "node_1")
        .containsEntry("switchboard.mongo.uri", "mongodb://db:27017")
        .containsEntry("switchboard.xmpp.tls-required", "false")
        .containsEntry("switchboard.xmpp.allow-plain-without-tls", "true");
  }

  @Test
  void distributedEnablesOnlyTheRole() throws Exception {
    Map<String, Object> p =
        props(
            "--mode",
            "distributed",
            "--role",
            "processor",
            "--nats",
            "nats://127.0.0.1:4222",
            "--mongo",
            "mongodb://127.0.0.1:27017");
    assertThat(p)
        .containsEntry("deployment.type", "distributed")
        .containsEntry("switchboard.nats.url", "nats://127.0.0.1:4222")
        .containsEntry("switchboard.mongo.uri", "mongodb://127.0.0.1:27017")
        .containsEntry("switchboard.stages.processor.enabled", "true")
        .containsEntry("switchboard.stages.access.enabled", "false")
        .containsEntry("switchboard.stages.parser.enabled", "false")
        .containsEntry("switchboard.stages.router.enabled", "false");
  }

  @Test
  void natsCredentialsBecomeTheCredentialsFileSetting(@TempDir Path dir) throws Exception {
    Path creds = Files.writeString(dir.resolve("stage.creds"), "-----BEGIN NATS USER JWT-----\n");
    Map<String, Object> p =
        props(
            "--mode",
            "distributed",
            "--role",
            "router",
            "--nats",
            "nats://127.0.0.1:4222",
            "--nats-credentials",
            creds.toString(),
            "--mongo",
            "mongodb://127.0.0.1:27017");
    assertThat(p).containsEntry("switchboard.nats.credentials-file", creds.toString());
    assertThat(
            props(
                "--mode",
                "distributed",
                "--role",
                "router",
                "--nats",
                "nats://x:4222",
                "--mongo",
                "mongodb://x"))
        .doesNotContainKey("switchboard.nats.credentials-file");
    assertThatThrownBy(
            () ->
                props(
                    "--mode",
                    "distributed",
                    "--role",
                    "router",
                    "--nats",
                    "nats://x:4222",
                    "--nats-credentials",
                    dir.resolve("missing.creds").toString(),
                    "--mongo",
                    "mongodb://x"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--nats-credentials must be a NATS .creds file");
    assertThatThrownBy(() -> props("--nats-credentials", creds.toString()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--nats-credentials is for --mode distributed");
  }

  @Test
  void distributedNeedsRoleNatsAndMongo() {
    assertThatThrownBy(
            () ->
                props("--mode", "distributed", "--nats", "nats://x:4222", "--mongo", "mongodb://x"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--role");
    assertThatThrownBy(
            () -> props("--mode", "distributed", "--role", "router", "--mongo", "mongodb://x"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--nats");
    assertThatThrownBy(
            () -> props("--mode", "distributed", "--role", "router", "--nats", "nats://x:4222"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--mongo");
    assertThatThrownBy(
            () ->
                props(
                    "--mode",
                    "distributed",
                    "--role",
                    "bogus",
                    "--nats",
                    "nats://x:4222",
                    "--mongo",
                    "mongodb://x"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("access, parser, processor, router");
  }

  @Test
  void localModeRefusesRoleAndNats() {
    assertThatThrownBy(() -> props("--role", "access"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--role is for --mode distributed");
    assertThatThrownBy(() -> props("--nats", "nats://x:4222"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--nats is for --mode distributed");
  }

  @Test
  void badValuesAreUsageErrors() {
    assertThatThrownBy(() -> props("--mode", "cluster"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("local or distributed");
    assertThatThrownBy(() -> props("--http-port", "http"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--http-port must be a port number");
    assertThatThrownBy(() -> props("--xmpp-port", "70000"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--xmpp-port must be a port number");
    assertThatThrownBy(() -> props("--mongo", "localhost:27017"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("mongodb://");
    assertThatThrownBy(() -> props("--node-id", "a b"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--node-id");
    assertThatThrownBy(() -> props("--bogus"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("unknown option --bogus");
    assertThatThrownBy(() -> props("extra"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("no arguments");
    assertThatThrownBy(() -> props("--data"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--data needs a value");
  }
}
