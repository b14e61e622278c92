package io.switchboard.xmpp.sasl;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The hash functions usable with SCRAM (RFC 5802, RFC 7677). */
public enum ScramAlgorithm {
  SHA_1("SCRAM-SHA-1", "HmacSHA1", "SHA-1", 20),
  SHA_256("SCRAM-SHA-256", "HmacSHA256", "SHA-256", 32);

  private final String mechanismName;
  private final String macAlgorithm;
  private final String digestAlgorithm;
  private final int hashLength;

  ScramAlgorithm(String mechanismName, String macAlgorithm, String digestAlgorithm, int length) {
    this.mechanismName = mechanismName;
    this.macAlgorithm = macAlgorithm;
    this.digestAlgorithm = digestAlgorithm;
    this.hashLength = length;
  }

  /** The SASL mechanism name, e.g. {@code "SCRAM-SHA-256"}. */
  public String mechanismName() {
    return mechanismName;
  }

  /** Output length of the hash in bytes. */
  public int hashLength() {
    return hashLength;
  }

  /** The algorithm whose {@link #mechanismName()} is {@code name}, or {@code null}. */
  public static ScramAlgorithm forMechanism(String name) {
    for (ScramAlgorithm a : values()) {
      if (a.mechanismName.equals(name)) {
        return a;
      }
    }
    return null;
  }

  /** HMAC(key, data). */
  byte[] hmac(byte[] key, byte[] data) {
    Mac mac = mac(key);
    return mac.doFinal(data);
  }

  /** H(data). */
  byte[] hash(byte[] data) {
    try {
      return MessageDigest.getInstance(digestAlgorithm).digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(digestAlgorithm + " unavailable", e);
    }
  }

  /** Hi(password, salt, i) of RFC 5802 §2.2, i.e. PBKDF2 with this HMAC and dkLen = hash length. */
  byte[] hi(byte[] password, byte[] salt, int iterations) {
    Mac mac = mac(password);
    mac.update(salt);
    mac.update(new byte[] {0, 0, 0, 1});
    byte[] u = mac.doFinal();
    byte[] result = u.clone();
    try {
      for (int i = 1; i < iterations; i++) {
        mac.update(u);
        mac.doFinal(u, 0);
        for (int j = 0; j < result.length; j++) {
          result[j] ^= u[j];
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return result;
  }

  private Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(macAlgorithm);
      mac.init(new SecretKeySpec(key, macAlgorithm));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(macAlgorithm + " unavailable", e);
    }
  }
}
