package io.switchboard.operator.model;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.switchboard.crds.MessagingServer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
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
    byte[] key = new byte[32];
    random.nextBytes(key);
    return HexFormat.of().formatHex(key);
  }

  /** The master key Secret of a server. */
  public static Secret secret(MessagingServer server, String hexKey) {
    String name = server.getMetadata().getName();
    return new SecretBuilder()
        .withNewMetadata()
        .withName(ServerResources.masterKeySecretName(name))
        .withNamespace(server.getMetadata().getNamespace())
        .withLabels(ServerResources.labels(name, "api-master-key"))
        .withOwnerReferences(ServerResources.ownerReference(server))
        .endMetadata()
        .withType("Opaque")
        .withData(
            Map.of(
                KEY,
                Base64.getEncoder().encodeToString(hexKey.getBytes(StandardCharsets.US_ASCII))))
        .build();
  }

  /** The key a Secret holds, or empty when it holds none or a malformed one. */
  public static Optional<String> read(Secret secret) {
    String value = null;
    if (secret.getData() != null && secret.getData().get(KEY) != null) {
      try {
        value =
            new String(
                Base64.getMimeDecoder().decode(secret.getData().get(KEY)),
                StandardCharsets.US_ASCII);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    } else if (secret.getStringData() != null) {
      value = secret.getStringData().get(KEY);
    }
    if (value == null || !HEX_KEY.matcher(value.strip()).matches()) {
      return Optional.empty();
    }
    return Optional.of(value.strip());
  }
}
