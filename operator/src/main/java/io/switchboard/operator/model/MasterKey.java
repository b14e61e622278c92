package io.switchboard.operator.model;

import io.fabric8.kubernetes.api.model.Secret;
import io.switchboard.crds.MessagingServer;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API master key of a server: 32 random bytes as 64 hex characters, generated once into a
 * Secret the MessagingServer owns. The stages get it as {@code switchboard.api.master-key} (through
 * {@link #ENV}); the operator encrypts Applications' secret keys with it when it writes them into
 * the server's store, so both sides use the same key.
 */
public final class MasterKey {

  /** Key of the master key in the Secret. */
  public static final String KEY = "master-key";

  /**
   * Environment variable of the stages; Micronaut reads it as {@code switchboard.api.master-key}.
   */
  public static final String ENV = "SWITCHBOARD_API_MASTER_KEY";

  private static final Pattern HEX_KEY = Pattern.compile("^[0-9a-fA-F]{64}$");

  private MasterKey() {}

  public static String generate(SecureRandom random) {
    return OwnedSecret.randomHex(random);
  }

  /** The master key Secret of a server. */
  public static Secret secret(MessagingServer server, String hexKey) {
    return OwnedSecret.of(
        server,
        ServerResources.masterKeySecretName(server.getMetadata().getName()),
        "api-master-key",
        KEY,
        hexKey);
  }

  /** The key a Secret holds, or empty when it holds none or a malformed one. */
  public static Optional<String> read(Secret secret) {
    return OwnedSecret.value(secret, KEY).filter(v -> HEX_KEY.matcher(v).matches());
  }
}
