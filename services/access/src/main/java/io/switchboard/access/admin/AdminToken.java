package io.switchboard.access.admin;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.switchboard.core.config.SwitchboardConfig;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
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
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

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
      this.digest = sha256(loadOrCreate(file));
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

  private static String loadOrCreate(Path file) {
    try {
      String existing = read(file);
      if (existing != null) {
        LOG.info("admin API token: read from {}", file);
        warnIfShared(file);
        return existing;
      }
      Files.createDirectories(file.getParent());
      if (Files.exists(file)) {
        // An empty file (made by hand, or a crash mid-write) holds no token: replace it.
        Files.delete(file);
      }
      byte[] raw = new byte[TOKEN_BYTES];
      new SecureRandom().nextBytes(raw);
      String token = HexFormat.of().formatHex(raw);
      if (publish(file, token)) {
        LOG.info("admin API token: generated into {} (owner-only)", file);
        return token;
      }
      // Another process sharing this data folder was faster: use its token.
      for (int attempt = 0; attempt < 20; attempt++) {
        String theirs = read(file);
        if (theirs != null) {
          LOG.info("admin API token: read from {}", file);
          return theirs;
        }
        Thread.sleep(50);
      }
      throw new IllegalStateException("admin token file " + file + " is empty");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the admin token file " + file, e);
    }
  }

  private static void warnIfShared(Path file) {
    try {
      if (Files.getFileStore(file).supportsFileAttributeView("posix")
          && !Files.getPosixFilePermissions(file).stream()
              .allMatch(p -> p.name().startsWith("OWNER_"))) {
        LOG.warn("{} is readable by other users; make it private: chmod 600 {}", file, file);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // nothing to say then
    }
  }

  private static String read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    String content = Files.readString(file, StandardCharsets.UTF_8).strip();
    return content.isEmpty() ? null : content;
  }

  /**
   * Writes the token to a private temporary file and links it into place, so that readers never see
   * a half-written file and a concurrent starter never overwrites it. False if the file appeared
   * meanwhile.
   */
  private static boolean publish(Path file, String token) throws IOException {
    Path dir = file.getParent();
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
    Path tmp =
        posix
            ? Files.createTempFile(dir, ".admin-token", ".tmp", ownerOnly())
            : Files.createTempFile(dir, ".admin-token", ".tmp");
    try {
      Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
      try {
        Files.createLink(file, tmp);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (UnsupportedOperationException | IOException e) {
        // No hard links here: fall back to an exclusive create.
        return createExclusive(file, token, posix);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static boolean createExclusive(Path file, String token, boolean posix)
      throws IOException {
    try {
      if (posix) {
        Files.createFile(file, ownerOnly());
      } else {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException e) {
      return false;
    }
    Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
    return true;
  }

  private static FileAttribute<Set<PosixFilePermission>> ownerOnly() {
    return PosixFilePermissions.asFileAttribute(OWNER_ONLY);
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
