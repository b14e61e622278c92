package io.switchboard.access.admin;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.switchboard.core.config.SecretFile;
import io.switchboard.core.config.SwitchboardConfig;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token of the admin HTTP API: {@code switchboard.admin.token} when configured,
 * otherwise the contents of {@code <data-dir>/admin-token}, generated on first start (32 random
 * bytes, hex, owner-only permissions where the file system has POSIX permissions).
 *
 * <p>The token is created eagerly so that the CLI ({@code switchboard users ...}) finds the file as
 * soon as the server is up. It is never logged.
 */
@Context
@Requires(property = "switchboard.stages.access.enabled", notEquals = "false")
public final class AdminToken {

  /** The token file's name inside the data folder. */
  public static final String FILE_NAME = "admin-token";

  private static final Logger LOG = LoggerFactory.getLogger(AdminToken.class);
  private static final int TOKEN_BYTES = 32;

  private final byte[] digest;
  private final Path file;

  @Inject
  public AdminToken(
      SwitchboardConfig config, @Value("${switchboard.admin.token:}") String configured) {
    if (configured != null && !configured.isBlank()) {
      this.file = null;
      this.digest = sha256(configured.strip());
      LOG.info("admin API token: taken from switchboard.admin.token");
    } else {
      this.file = Path.of(config.dataDir()).resolve(FILE_NAME).toAbsolutePath().normalize();
      this.digest = sha256(SecretFile.loadOrCreate(file, "admin API token", TOKEN_BYTES));
    }
  }

  /** Where the token lives, or null when it is configured by property. */
  public Path file() {
    return file;
  }

  /** Whether {@code presented} is the token, compared in time independent of where it differs. */
  public boolean matches(String presented) {
    if (presented == null || presented.isEmpty()) {
      return false;
    }
    // Comparing fixed-length digests also hides the token's length.
    return MessageDigest.isEqual(digest, sha256(presented.strip()));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
