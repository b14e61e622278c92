package io.switchboard.xmpp.sasl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the server stores for SCRAM (RFC 5802 §3): salt, iteration count, {@code StoredKey =
 * H(HMAC(SaltedPassword, "Client Key"))} and {@code ServerKey = HMAC(SaltedPassword, "Server
 * Key")}, where {@code SaltedPassword = Hi(Normalize(password), salt, i)}. The password itself is
 * never stored. Arrays are copied in and out; {@link #toString()} does not reveal the keys.
 *
 * <p>{@code Normalize} approximates the PRECIS OpaqueString profile (non-ASCII spaces to U+0020,
 * NFC), which agrees with SASLprep for all practical passwords. Empty passwords are rejected.
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out; equals/hashCode overridden
public record ScramCredential(
    ScramAlgorithm algorithm, byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {

  /** Iteration count used by {@link #create}; RFC 7677 asks for at least 4096. */
  public static final int DEFAULT_ITERATIONS = 4096;

  private static final SecureRandom RANDOM = new SecureRandom();

  public ScramCredential {
    Objects.requireNonNull(algorithm, "algorithm");
    if (salt.length == 0 || iterations < 1) {
      throw new IllegalArgumentException("salt must not be empty and iterations must be >= 1");
    }
    if (storedKey.length != algorithm.hashLength() || serverKey.length != algorithm.hashLength()) {
      throw new IllegalArgumentException("key length does not match " + algorithm);
    }
    salt = salt.clone();
    storedKey = storedKey.clone();
    serverKey = serverKey.clone();
  }

  /**
   * Derives the credential for a password (RFC 5802 §3).
   *
   * @throws IllegalArgumentException for an empty password, empty salt or iterations &lt; 1
   */
  public static ScramCredential derive(
      ScramAlgorithm algorithm, String password, byte[] salt, int iterations) {
    if (password.isEmpty() || iterations < 1) {
      throw new IllegalArgumentException("empty password or iterations < 1");
    }
    byte[] pwd = SaslSupport.normalizePassword(password).getBytes(StandardCharsets.UTF_8);
    byte[] saltedPassword = algorithm.hi(pwd, salt, iterations);
    byte[] clientKey =
        algorithm.hmac(saltedPassword, "Client Key".getBytes(StandardCharsets.UTF_8));
    byte[] serverKey =
        algorithm.hmac(saltedPassword, "Server Key".getBytes(StandardCharsets.UTF_8));
    byte[] storedKey = algorithm.hash(clientKey);
    Arrays.fill(saltedPassword, (byte) 0);
    Arrays.fill(clientKey, (byte) 0);
    return new ScramCredential(algorithm, salt, iterations, storedKey, serverKey);
  }

  /** Derives a credential with a fresh random 16-byte salt and {@link #DEFAULT_ITERATIONS}. */
  public static ScramCredential create(ScramAlgorithm algorithm, String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return derive(algorithm, password, salt, DEFAULT_ITERATIONS);
  }

  /** True when {@code password} yields this credential (constant-time comparison). */
  public boolean verifyPassword(String password) {
    if (password == null || password.isEmpty()) {
      return false;
    }
    ScramCredential candidate = derive(algorithm, password, salt, iterations);
    return MessageDigest.isEqual(candidate.storedKey, storedKey);
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  @Override
  public byte[] storedKey() {
    return storedKey.clone();
  }

  @Override
  public byte[] serverKey() {
    return serverKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScramCredential c
        && algorithm == c.algorithm
        && iterations == c.iterations
        && Arrays.equals(salt, c.salt)
        && MessageDigest.isEqual(storedKey, c.storedKey)
        && MessageDigest.isEqual(serverKey, c.serverKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(algorithm, iterations, Arrays.hashCode(salt), Arrays.hashCode(storedKey));
  }

  @Override
  public String toString() {
    return "ScramCredential[" + algorithm + ", iterations=" + iterations + "]";
  }
}
