package io.switchboard.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.switchboard.crds.MessagingServer;
import io.switchboard.operator.model.AdminToken;
import io.switchboard.operator.model.MasterKey;
import io.switchboard.operator.model.ServerResources;
import java.net.HttpURLConnection;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Makes sure a server's generated Secrets exist: created once with a random value, never changed
 * afterwards. The master key (a new one would make every stored secret key unreadable) is used by
 * the MessagingServer reconciler, which mounts it into the stages, and by the Application
 * reconciler, which encrypts with it; whichever comes first creates it. The admin token (a new one
 * would lock out every client that holds the old one) is created by the MessagingServer reconciler
 * and given to the access stage.
 */
final class MasterKeys {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A server's generated value, and whether its Secret was created just now. */
  record Ensured(String key, boolean created) {

    @Override
    public String toString() {
      return "Ensured[key hidden, created=" + created + "]";
    }
  }

  private MasterKeys() {}

  /** The server's master key, creating its Secret when there is none. */
  static Ensured ensure(KubernetesClient client, MessagingServer server) throws ReconcileProblem {
    return ensure(
        client,
        server,
        ServerResources.masterKeySecretName(server.getMetadata().getName()),
        () -> MasterKey.secret(server, MasterKey.generate(RANDOM)),
        MasterKey::read,
        "MasterKey",
        "key " + MasterKey.KEY + " with 64 hex characters");
  }

  /** The server's admin API token, creating its Secret when there is none. */
  static Ensured ensureAdminToken(KubernetesClient client, MessagingServer server)
      throws ReconcileProblem {
    return ensure(
        client,
        server,
        ServerResources.adminTokenSecretName(server.getMetadata().getName()),
        () -> AdminToken.secret(server, AdminToken.generate(RANDOM)),
        AdminToken::read,
        "AdminToken",
        "key " + AdminToken.KEY + " with at least 16 characters");
  }

  private static Ensured ensure(
      KubernetesClient client,
      MessagingServer server,
      String name,
      Supplier<Secret> fresh,
      Function<Secret, Optional<String>> read,
      String reasonPrefix,
      String expected)
      throws ReconcileProblem {
    boolean created = false;
    String namespace = server.getMetadata().getNamespace();
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      try {
        secret = client.secrets().inNamespace(namespace).resource(fresh.get()).create();
        created = true;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        secret = client.secrets().inNamespace(namespace).withName(name).get();
      }
    }
    if (secret == null) {
      throw new ReconcileProblem(
          reasonPrefix + "NotFound",
          "Secret " + name + " vanished while it was being created",
          true);
    }
    String value =
        read.apply(secret)
            .orElseThrow(
                () ->
                    new ReconcileProblem(
                        reasonPrefix + "Invalid",
                        "Secret " + name + " must hold " + expected,
                        true));
    return new Ensured(value, created);
  }

  /** The server's master key if its Secret exists and holds one. */
  static Optional<String> find(KubernetesClient client, MessagingServer server) {
    Secret secret =
        client
            .secrets()
            .inNamespace(server.getMetadata().getNamespace())
            .withName(ServerResources.masterKeySecretName(server.getMetadata().getName()))
            .get();
    return secret == null ? Optional.empty() : MasterKey.read(secret);
  }
}
