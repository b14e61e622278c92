package io.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandLineTest {

  private static final Set<String> VALUED = Set.of("url", "port");
  private static final Set<String> SWITCHES = Set.of("insecure");

  @Test
  void separatesPositionalsOptionsAndSwitchesInAnyOrder() throws Exception {
    CommandLine cl =
        CommandLine.parse(
            List.of("add", "--url", "http://h:1", "alice", "--insecure", "--port=5", "pw"),
            VALUED,
            SWITCHES);
    assertThat(cl.positionals()).containsExactly("add", "alice", "pw");
    assertThat(cl.option("url")).isEqualTo("http://h:1");
    assertThat(cl.port("port")).isEqualTo(5);
    assertThat(cl.flag("insecure")).isTrue();
    assertThat(cl.option("missing", "fallback")).isEqualTo("fallback");
    assertThat(cl.port("missing")).isNull();
  }

  @Test
  void doubleDashEndsOptionsSoPasswordsMayStartWithDashes() throws Exception {
    CommandLine cl = CommandLine.parse(List.of("add", "--", "bob", "--secret"), VALUED, SWITCHES);
    assertThat(cl.positionals()).containsExactly("add", "bob", "--secret");
  }

  @Test
  void rejectsUnknownRepeatedMissingAndMisusedOptions() {
    assertThatThrownBy(() -> CommandLine.parse(List.of("--nope"), VALUED, SWITCHES))
        .hasMessage("unknown option --nope");
    assertThatThrownBy(() -> CommandLine.parse(List.of("--url", "a", "--url=b"), VALUED, SWITCHES))
        .hasMessage("--url is given twice");
    assertThatThrownBy(() -> CommandLine.parse(List.of("--url"), VALUED, SWITCHES))
        .hasMessage("--url needs a value");
    assertThatThrownBy(() -> CommandLine.parse(List.of("--url="), VALUED, SWITCHES))
        .hasMessage("--url needs a non-empty value");
    assertThatThrownBy(() -> CommandLine.parse(List.of("--insecure=yes"), VALUED, SWITCHES))
        .hasMessage("--insecure takes no value");
  }

  @Test
  void subcommandsAreCheckedAgainstTheirForms() throws Exception {
    String[] forms = {"add NAME [PASSWORD]", "list"};
    assertThat(parse("add", "bob").subcommand("users", forms)).containsExactly("add", "bob");
    assertThat(parse("add", "bob", "pw").subcommand("users", forms))
        .containsExactly("add", "bob", "pw");
    assertThatThrownBy(() -> parse().subcommand("users", forms))
        .hasMessage("users needs a command: add or list");
    assertThatThrownBy(() -> parse("add").subcommand("users", forms))
        .hasMessage("usage: switchboard users add NAME [PASSWORD]");
    assertThatThrownBy(() -> parse("add", "a", "b", "c").subcommand("users", forms))
        .hasMessage("usage: switchboard users add NAME [PASSWORD]");
    assertThatThrownBy(() -> parse("list", "x").subcommand("users", forms))
        .hasMessage("usage: switchboard users list");
    assertThatThrownBy(() -> parse("drop", "x").subcommand("users", forms))
        .hasMessage("unknown users command: drop");
  }

  private static CommandLine parse(String... args) throws UsageException {
    return CommandLine.parse(List.of(args), VALUED, SWITCHES);
  }
}
