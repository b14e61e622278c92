package io.switchboard.access.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.config.SwitchboardConfig;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {

  @TempDir Path dir;

  private AdminToken token(Path data, String configured) {
    return new AdminToken(new SwitchboardConfig("localhost", null, data.toString()), configured);
  }

  @Test
  void generatesAPrivateHexTokenOnFirstStartAndKeepsIt() throws Exception {
    Path data = dir.resolve("data");
    AdminToken first = token(data, "");
    Path file = data.resolve("admin-token");
    assertThat(first.file()).isEqualTo(file.toAbsolutePath());
    String value = Files.readString(file).strip();
    assertThat(value).matches("[0-9a-f]{64}");
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
    assertThat(first.matches(value)).isTrue();
    assertThat(first.matches(" " + value + "\n")).isTrue();

    AdminToken again = token(data, "");
    assertThat(Files.readString(file).strip()).isEqualTo(value);
    assertThat(again.matches(value)).isTrue();
    try (var files = Files.list(data)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("admin-token");
    }
  }

  @Test
  void rejectsAnythingElse() {
    AdminToken token = token(dir, "");
    assertThat(token.matches(null)).isFalse();
    assertThat(token.matches("")).isFalse();
    assertThat(token.matches("0".repeat(64))).isFalse();
  }

  @Test
  void aConfiguredTokenWinsAndNoFileIsWritten() throws Exception {
    AdminToken token = token(dir, "s3cret-token");
    assertThat(token.file()).isNull();
    assertThat(token.matches("s3cret-token")).isTrue();
    assertThat(token.matches("s3cret-tokenX")).isFalse();
    assertThat(Files.exists(dir.resolve("admin-token"))).isFalse();
  }

  @Test
  void anEmptyTokenFileIsReplaced() throws Exception {
    Files.writeString(dir.resolve("admin-token"), "\n");
    AdminToken token = token(dir, "");
    String value = Files.readString(dir.resolve("admin-token")).strip();
    assertThat(value).hasSize(64);
    assertThat(token.matches(value)).isTrue();
  }
}
