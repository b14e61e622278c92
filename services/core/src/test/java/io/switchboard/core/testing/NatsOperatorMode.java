package io.switchboard.core.testing;

import io.nats.client.NKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

/**
 * A NATS trust chain for a {@code nats-server} in operator (decentralized JWT) mode, made the way
 * {@code nsc} makes one: an operator, an account with JetStream limits and a user, each an NKey,
 * the account and user JWTs signed by their issuer (NATS JWT v2 claims, ed25519 over {@code
 * header.claims}, base64url without padding). Writes a server configuration that trusts the
 * operator and preloads the account ({@code resolver: MEMORY}), and the user's {@code .creds} file.
 */
public final class NatsOperatorMode {

  private static final String HEADER = "{\"typ\":\"JWT\",\"alg\":\"ed25519-nkey\"}";

  private final Path serverConfig;
  private final Path credentials;
  private final String accountPublicKey;

  private NatsOperatorMode(Path serverConfig, Path credentials, String accountPublicKey) {
    this.serverConfig = serverConfig;
    this.credentials = credentials;
    this.accountPublicKey = accountPublicKey;
  }

  /**
   * Generates the keys and writes {@code nats.conf}, {@code operator.jwt} and {@code user.creds}.
   */
  public static NatsOperatorMode create(Path dir) throws IOException {
    try {
      SecureRandom random = new SecureRandom();
      NKey operator = NKey.createOperator(random);
      NKey system = NKey.createAccount(random);
      NKey account = NKey.createAccount(random);
      NKey user = NKey.createUser(random);
      String operatorPub = new String(operator.getPublicKey());
      String systemPub = new String(system.getPublicKey());
      String accountPub = new String(account.getPublicKey());
      String userPub = new String(user.getPublicKey());
      long now = Instant.now().getEpochSecond();

      String operatorJwt =
          sign(
              operator,
              claims(now, operatorPub, operatorPub, "switchboard-test", operatorNats(systemPub)));
      // JetStream needs a system account for its internal subscriptions.
      String systemJwt =
          sign(
              operator,
              claims(now, operatorPub, systemPub, "SYS", "{\"type\":\"account\",\"version\":2}"));
      String accountJwt =
          sign(operator, claims(now, operatorPub, accountPub, "switchboard", accountNats()));
      String userJwt = sign(account, claims(now, accountPub, userPub, "stage", userNats()));

      Files.createDirectories(dir);
      Path operatorFile = dir.resolve("operator.jwt");
      Files.writeString(operatorFile, operatorJwt);
      Path config = dir.resolve("nats.conf");
      Files.writeString(
          config,
          "operator: \""
              + operatorFile
              + "\"\n"
              + "system_account: "
              + systemPub
              + "\n"
              + "resolver: MEMORY\n"
              + "resolver_preload: {\n"
              + "  "
              + systemPub
              + ": \""
              + systemJwt
              + "\"\n"
              + "  "
              + accountPub
              + ": \""
              + accountJwt
              + "\"\n"
              + "}\n");
      Path creds = dir.resolve("user.creds");
      Files.writeString(creds, credsFile(userJwt, new String(user.getSeed())));
      return new NatsOperatorMode(config, creds, accountPub);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make NKeys", e);
    }
  }

  /** The server configuration, for {@link NatsServerProcess#start(Path)}. */
  public Path serverConfig() {
    return serverConfig;
  }

  /** The user's {@code .creds} file. */
  public Path credentials() {
    return credentials;
  }

  public String accountPublicKey() {
    return accountPublicKey;
  }

  /** The standard {@code .creds} layout, as {@code nsc generate creds} writes it. */
  static String credsFile(String userJwt, String userSeed) {
    return "-----BEGIN NATS USER JWT-----\n"
        + userJwt
        + "\n------END NATS USER JWT------\n\n"
        + "************************* IMPORTANT *************************\n"
        + "NKEY Seed printed below can be used to sign and prove identity.\n"
        + "NKEYs are sensitive and should be treated as secrets.\n\n"
        + "-----BEGIN USER NKEY SEED-----\n"
        + userSeed
        + "\n------END USER NKEY SEED------\n\n"
        + "*************************************************************\n";
  }

  private static String operatorNats(String systemAccount) {
    return "{\"system_account\":\"" + systemAccount + "\",\"type\":\"operator\",\"version\":2}";
  }

  /** An account without limits, JetStream included (non-zero storage enables it). */
  private static String accountNats() {
    return "{\"limits\":{\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,"
        + "\"wildcards\":true,\"conn\":-1,\"leaf\":-1,"
        + "\"mem_storage\":-1,\"disk_storage\":-1,\"streams\":-1,\"consumer\":-1},"
        + "\"default_permissions\":{\"pub\":{},\"sub\":{}},"
        + "\"type\":\"account\",\"version\":2}";
  }

  private static String userNats() {
    return "{\"pub\":{},\"sub\":{},\"subs\":-1,\"data\":-1,\"payload\":-1,"
        + "\"type\":\"user\",\"version\":2}";
  }

  /** Claims with a jti as nsc makes it: the base32 SHA-256 of the claims without one. */
  private static String claims(long iat, String iss, String sub, String name, String nats)
      throws GeneralSecurityException {
    String body =
        "\"iat\":"
            + iat
            + ",\"iss\":\""
            + iss
            + "\",\"name\":\""
            + name
            + "\",\"sub\":\""
            + sub
            + "\",\"nats\":"
            + nats
            + "}";
    byte[] hash =
        MessageDigest.getInstance("SHA-256")
            .digest(("{\"jti\":\"\"," + body).getBytes(StandardCharsets.UTF_8));
    return "{\"jti\":\"" + base32(hash) + "\"," + body;
  }

  private static String sign(NKey issuer, String claims)
      throws GeneralSecurityException, IOException {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signed =
        b64.encodeToString(HEADER.getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    return signed + "." + b64.encodeToString(issuer.sign(signed.getBytes(StandardCharsets.UTF_8)));
  }

  private static String base32(byte[] data) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString().toUpperCase(Locale.ROOT);
  }
}
