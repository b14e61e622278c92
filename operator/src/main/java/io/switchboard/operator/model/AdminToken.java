package io.switchboard.operator.model;

import io.fabric8.kubernetes.api.model.Secret;
import io.switchboard.crds.MessagingServer;
import java.security.SecureRandom;
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
    return OwnedSecret.randomHex(random);
  }

  /** The admin token Secret of a server. */
  public static Secret secret(MessagingServer server, String token) {
    return OwnedSecret.of(
        server,
        ServerResources.adminTokenSecretName(server.getMetadata().getName()),
        "admin-token",
        KEY,
        token);
  }

  /**
   * The token a Secret holds, or empty when it holds none or one too short to be a secret (fewer
   * than 16 characters, or only white space).
   */
  public static Optional<String> read(Secret secret) {
    return OwnedSecret.value(secret, KEY).filter(v -> v.length() >= MIN_LENGTH);
  }
}
