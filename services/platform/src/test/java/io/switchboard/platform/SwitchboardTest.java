package io.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwitchboardTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int execute(String... args) {
    return Switchboard.execute(
        args,
        Map.of(),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void noArgumentsAndHelpPrintTheUsage() {
    assertThat(execute()).isZero();
    assertThat(out()).contains("switchboard run", "switchboard users", "switchboard dev-mongo");
    out.reset();
    assertThat(execute("help")).isZero();
    assertThat(out()).contains("--mode M", "users add NAME", "apps create NAME", "--token T");
  }

  @Test
  void usageErrorsExitWithTwoAndExplain() {
    assertThat(execute("frobnicate")).isEqualTo(2);
    assertThat(err()).contains("unknown command: frobnicate", "usage:");
  }

  @Test
  void runUsageErrorsNeverStartAServer() {
    assertThat(execute("run", "--mode", "distributed", "--role", "access")).isEqualTo(2);
    assertThat(err()).contains("--nats", "usage: switchboard run");
  }

  @Test
  void usersUsageErrors() {
    assertThat(execute("users")).isEqualTo(2);
    assertThat(err()).contains("add, passwd, delete, list or addresses");
    err.reset();
    assertThat(execute("users", "add")).isEqualTo(2);
    assertThat(err()).contains("users add NAME [PASSWORD]");
    err.reset();
    assertThat(execute("users", "delete", "a", "b")).isEqualTo(2);
    err.reset();
    assertThat(execute("users", "list", "--url", "ftp://x")).isEqualTo(2);
    assertThat(err()).contains("--url must be an http(s) URL");
  }

  @Test
  void appsUsageErrors() {
    assertThat(execute("apps")).isEqualTo(2);
    assertThat(err()).contains("create, list or disable", "usage:\nswitchboard apps create NAME");
    err.reset();
    assertThat(execute("apps", "create")).isEqualTo(2);
    assertThat(err()).contains("usage: switchboard apps create NAME");
    err.reset();
    assertThat(execute("apps", "disable", "a", "b")).isEqualTo(2);
    err.reset();
    assertThat(execute("apps", "list", "extra")).isEqualTo(2);
    err.reset();
    assertThat(execute("apps", "rotate", "shop")).isEqualTo(2);
    assertThat(err()).contains("unknown apps command: rotate");
  }

  @Test
  void describeJoinsTheCauseChainWithoutRepeats() {
    Exception e =
        new IllegalStateException(
            "could not start", new RuntimeException("port 8080 in use", new RuntimeException()));
    assertThat(Switchboard.describe(e))
        .isEqualTo("could not start: port 8080 in use: RuntimeException");
  }
}
