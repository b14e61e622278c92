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
 * The bearer token of a server's admin HTTP API: 32 random bytes as 64 hex characters, generated
 * once into a Secret the MessagingServer owns ({@code <server>-admin-token}, key {@value #KEY}).
 * Every access pod gets the same token as {@code switchboard.admin.token} (through {@link #ENV}),
 * so an operator user can read it from the Secret and call any replica.
 */
public final class AdminToken {

  /** Key of the token in the Secret. */
  public static final String KEY = "admin-token";

  /** Environment variable of the access stage; Micronaut reads it as switchboard.admin.token. */
  public static final String ENV = "SWITCHBOARD_ADMIN_TOKEN";

  /** Shortest token accepted from a Secret someone else wrote. */
  static final int MIN_LENGTH = 16;

  private AdminToken() {}

  public static String generate(SecureRandom random) {
    byte[] token = new byte[32];
    random.nextBytes(token);
    return HexFormat.of().formatHex(token);
  }

  /** The admin token Secret of a server. */
  public static Secret secret(MessagingServer server, String token) {
    String name = server.getMetadata().getName();
    return new SecretBuilder()
        .withNewMetadata()
        .withName(ServerResources.adminTokenSecretName(name))
        .withNamespace(server.getMetadata().getNamespace())
        .withLabels(ServerResources.labels(name, "admin-token"))
        .withOwnerReferences(ServerResources.ownerReference(server))
        .endMetadata()
        .withType("Opaque")
        .withData(
            Map.of(KEY, Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8))))
        .build();
  }

  /**
   * The token a Secret holds, or empty when it holds none or one too short to be a secret (fewer
   * than 16 characters, or only white space).
   */
  public static Optional<String> read(Secret secret) {
    String value = null;
    if (secret.getData() != null && secret.getData().get(KEY) != null) {
      try {
        value =
            new String(
                Base64.getMimeDecoder().decode(secret.getData().get(KEY)), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    } else if (secret.getStringData() != null) {
      value = secret.getStringData().get(KEY);
    }
    if (value == null || value.strip().length() < MIN_LENGTH) {
      return Optional.empty();
    }
    return Optional.of(value.strip());
  }
}
