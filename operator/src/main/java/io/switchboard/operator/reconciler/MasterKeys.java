package io.switchboard.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.switchboard.crds.MessagingServer;
import io.switchboard.operator.model.MasterKey;
import io.switchboard.operator.model.ServerResources;
import java.net.HttpURLConnection;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Makes sure a server's master key Secret exists: created once with a random key, never changed
 * afterwards (a new key would make every stored secret key unreadable). Used by the MessagingServer
 * reconciler, which mounts it into the stages, and by the Application reconciler, which encrypts
 * with it; whichever comes first creates it.
 */
final class MasterKeys {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A server's master key, and whether its Secret was created just now. */
  record Ensured(String key, boolean created) {

    @Override
    public String toString() {
      return "Ensured[key hidden, created=" + created + "]";
    }
  }

  private MasterKeys() {}

  /** The server's master key, creating its Secret when there is none. */
  static Ensured ensure(KubernetesClient client, MessagingServer server) throws ReconcileProblem {
    boolean created = false;
    String namespace = server.getMetadata().getNamespace();
    String name = ServerResources.masterKeySecretName(server.getMetadata().getName());
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      try {
        secret =
            client
                .secrets()
                .inNamespace(namespace)
                .resource(MasterKey.secret(server, MasterKey.generate(RANDOM)))
                .create();
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
          "MasterKeyNotFound", "Secret " + name + " vanished while it was being created", true);
    }
    String key =
        MasterKey.read(secret)
            .orElseThrow(
                () ->
                    new ReconcileProblem(
                        "MasterKeyInvalid",
                        "Secret "
                            + name
                            + " must hold key "
                            + MasterKey.KEY
                            + " with 64 hex characters",
                        true));
    return new Ensured(key, created);
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
