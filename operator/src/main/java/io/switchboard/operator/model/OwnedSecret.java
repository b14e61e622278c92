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

/**
 * A one-value Secret a MessagingServer owns and the operator generates once: the API master key,
 * the admin token. The kinds differ only in name, key and what a valid value is.
 */
final class OwnedSecret {

  private OwnedSecret() {}

  /** 32 random bytes as 64 hex characters. */
  static String randomHex(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  static Secret of(
      MessagingServer server, String secretName, String component, String key, String value) {
    String name = server.getMetadata().getName();
    return new SecretBuilder()
        .withNewMetadata()
        .withName(secretName)
        .withNamespace(server.getMetadata().getNamespace())
        .withLabels(ServerResources.labels(name, component))
        .withOwnerReferences(ServerResources.ownerReference(server))
        .endMetadata()
        .withType("Opaque")
        .withData(
            Map.of(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))))
        .build();
  }

  /**
   * The value under {@code key}, from {@code data} (Base64) or else {@code stringData}, stripped;
   * empty when absent or not Base64.
   */
  static Optional<String> value(Secret secret, String key) {
    String value = null;
    if (secret.getData() != null && secret.getData().get(key) != null) {
      try {
        value =
            new String(
                Base64.getMimeDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    } else if (secret.getStringData() != null) {
      value = secret.getStringData().get(key);
    }
    return Optional.ofNullable(value).map(String::strip);
  }
}
