package io.switchboard.core.notify.apps;

import io.micronaut.context.annotation.Value;
import io.switchboard.core.config.SecretFile;
import io.switchboard.core.config.SwitchboardConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest (applications' secret keys) with AES-256-GCM. The key is {@code
 * switchboard.api.master-key} (64 hex characters; in a cluster the operator renders it from a
 * Secret) or, where that is not set, {@code <data-dir>/api-master-key}, generated on first start.
 * The stored form is {@code v1:} followed by base64 of a 12-byte random nonce and the ciphertext
 * with its tag; the associated data binds a ciphertext to what it protects (the access key id), so
 * that swapping two stored values in the database does not swap the keys.
 */
@Singleton
public class SecretCipher {

  static final String FILE_NAME = "api-master-key";
  private static final String PREFIX = "v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKey key;
  private final SecureRandom random = new SecureRandom();

  @Inject
  public SecretCipher(
      SwitchboardConfig config, @Value("${switchboard.api.master-key:}") String configured) {
    this(
        configured != null && !configured.isBlank()
            ? configured.strip()
            : SecretFile.loadOrCreate(
                Path.of(config.dataDir()).resolve(FILE_NAME).toAbsolutePath().normalize(),
                "API master key",
                32));
  }

  public SecretCipher(String hexKey) {
    byte[] raw;
    try {
      raw = HexFormat.of().parseHex(hexKey);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("switchboard.api.master-key must be 64 hex characters", e);
    }
    if (raw.length != 32) {
      throw new IllegalArgumentException("switchboard.api.master-key must be 64 hex characters");
    }
    this.key = new SecretKeySpec(raw, "AES");
  }

  /** Encrypts {@code plain}, bound to {@code context}. */
  public String encrypt(String plain, String context) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      ByteBuffer out = ByteBuffer.allocate(nonce.length + sealed.length);
      out.put(nonce).put(sealed);
      return PREFIX + Base64.getEncoder().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is missing from this JVM", e);
    }
  }

  /**
   * Decrypts what {@link #encrypt} made for the same context.
   *
   * @throws IllegalArgumentException when the value was not made with this key and context
   */
  public String decrypt(String sealed, String context) {
    if (sealed == null || !sealed.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not an encrypted secret");
    }
    byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
    if (all.length <= NONCE_BYTES) {
      throw new IllegalArgumentException("truncated encrypted secret");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IllegalArgumentException(
          "encrypted secret does not open with this master key (switchboard.api.master-key)", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed", e);
    }
  }
}
