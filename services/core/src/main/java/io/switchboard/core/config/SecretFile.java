package io.switchboard.core.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secret generated into the data folder on first start (random bytes, hex, owner-only permissions
 * where the file system has POSIX permissions) and read back on later starts: the admin API token,
 * the key that encrypts API secret keys at rest. Several processes sharing one data folder agree on
 * one value: the file is linked into place atomically, and the loser reads the winner's. Values are
 * never logged.
 */
public final class SecretFile {

  private static final Logger LOG = LoggerFactory.getLogger(SecretFile.class);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private SecretFile() {}

  /**
   * The secret in {@code file}, generated when the file is missing or empty.
   *
   * @param what what the secret is, for log lines
   * @param randomBytes how many random bytes a generated secret has (it is stored as hex)
   */
  public static String loadOrCreate(Path file, String what, int randomBytes) {
    try {
      String existing = read(file);
      if (existing != null) {
        LOG.info("{}: read from {}", what, file);
        warnIfShared(file);
        return existing;
      }
      Files.createDirectories(file.getParent());
      if (Files.exists(file)) {
        // An empty file (made by hand, or a crash mid-write) holds no token: replace it.
        Files.delete(file);
      }
      byte[] raw = new byte[randomBytes];
      new SecureRandom().nextBytes(raw);
      String token = HexFormat.of().formatHex(raw);
      if (publish(file, token)) {
        LOG.info("{}: generated into {} (owner-only)", what, file);
        return token;
      }
      // Another process sharing this data folder was faster: use its token.
      for (int attempt = 0; attempt < 20; attempt++) {
        String theirs = read(file);
        if (theirs != null) {
          LOG.info("{}: read from {}", what, file);
          return theirs;
        }
        Thread.sleep(50);
      }
      throw new IllegalStateException(what + " file " + file + " is empty");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the " + what + " file " + file, e);
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
            ? Files.createTempFile(dir, "." + file.getFileName(), ".tmp", ownerOnly())
            : Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
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
}
