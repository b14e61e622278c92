package io.switchboard.operator.reconciler;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.switchboard.core.notify.apps.ApiKeyStore;
import io.switchboard.core.notify.apps.SecretCipher;
import io.switchboard.core.notify.catalog.CatalogStore;
import io.switchboard.core.notify.quota.QuotaStore;
import io.switchboard.crds.MessagingServer;
import io.switchboard.crds.SecretKeyRef;
import io.switchboard.operator.catalog.ApplicationKeys;
import io.switchboard.operator.model.ServerModel;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MongoDB clients of the servers whose Channels, Templates and Applications the operator
 * writes: one client per MessagingServer, opened on first use, re-opened when the server's
 * connection string or database changes, closed when the server is gone. Thread-safe; shared by the
 * three reconcilers.
 */
public final class ServerStores implements AutoCloseable {

  /** How long a store operation waits for an unreachable MongoDB before the reconcile fails. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(ServerStores.class);

  /** Where a server keeps its data. */
  public record Target(String uri, String database) {

    @Override
    public String toString() {
      // The connection string may hold a password.
      String hosts;
      try {
        hosts = String.valueOf(new ConnectionString(uri).getHosts());
      } catch (IllegalArgumentException e) {
        hosts = "(not a connection string)";
      }
      return "Target[" + hosts + ", " + database + "]";
    }
  }

  /** The stores of one server. */
  public static final class Stores {

    private final Target target;
    private final MongoClient client;
    private final MongoDatabase database;
    private final CatalogStore catalog;
    private final Clock clock;
    private String apiKeysMasterKey;
    private ApiKeyStore apiKeys;
    private QuotaStore quota;

    private Stores(Target target, MongoClient client, Clock clock) {
      this.target = target;
      this.client = client;
      this.database = client.getDatabase(target.database());
      this.catalog = new CatalogStore(database, clock);
      this.clock = clock;
    }

    public CatalogStore catalog() {
      return catalog;
    }

    /** The Channels' quota counters, which the routers count in (read only here). */
    public synchronized QuotaStore quota() {
      if (quota == null) {
        quota = new QuotaStore(database);
      }
      return quota;
    }

    /** The API key store that encrypts with this master key. */
    public synchronized ApiKeyStore apiKeys(String masterKey) {
      if (apiKeys == null || !masterKey.equals(apiKeysMasterKey)) {
        apiKeys = new ApiKeyStore(database, new SecretCipher(masterKey), clock);
        apiKeysMasterKey = masterKey;
      }
      return apiKeys;
    }
  }

  private final Map<String, Stores> open = new HashMap<>();
  private final Clock clock;
  private final Duration timeout;

  /**
   * @param timeout how long a store operation may wait for the server's MongoDB (server selection
   *     and connecting), so that an unreachable store fails a reconcile instead of blocking it
   */
  public ServerStores(Clock clock, Duration timeout) {
    this.clock = clock;
    this.timeout = timeout;
  }

  /**
   * Where a server's MongoDB is: the managed one's service, or the connection string in the Secret
   * that {@code spec.mongodb.uriSecretRef} names.
   */
  public static Target target(KubernetesClient client, MessagingServer server)
      throws ReconcileProblem {
    if (server.getSpec() == null || server.getSpec().getMongodb() == null) {
      throw new ReconcileProblem(
          "ServerInvalid",
          "MessagingServer " + server.getMetadata().getName() + " has no spec.mongodb",
          true);
    }
    ServerModel model = ServerModel.from(server, "");
    if (model.managedMongoDb()) {
      return new Target(model.managedMongoDbUri(), model.mongoDbDatabase());
    }
    SecretKeyRef ref = model.mongoDbUriSecret();
    if (ref == null) {
      throw new ReconcileProblem(
          "ServerInvalid",
          "MessagingServer " + server.getMetadata().getName() + " names no MongoDB",
          true);
    }
    Secret secret =
        client
            .secrets()
            .inNamespace(server.getMetadata().getNamespace())
            .withName(ref.getName())
            .get();
    String uri = secret == null ? null : ApplicationKeys.value(secret, model.mongoDbUriKey());
    if (uri == null || uri.isBlank()) {
      throw new ReconcileProblem(
          "MongoDbSecretNotFound",
          "the MongoDB connection string of MessagingServer "
              + server.getMetadata().getName()
              + " is not there: Secret "
              + ref.getName()
              + " key "
              + model.mongoDbUriKey(),
          true);
    }
    return new Target(uri, model.mongoDbDatabase());
  }

  /** The stores of a server, opening (or re-opening, when the target changed) its client. */
  public synchronized Stores open(MessagingServer server, Target target) throws ReconcileProblem {
    String key = key(server.getMetadata().getNamespace(), server.getMetadata().getName());
    Stores current = open.get(key);
    if (current != null && current.target.equals(target)) {
      return current;
    }
    if (current != null) {
      LOG.info("{}: store moved to {}, re-connecting", key, target);
      open.remove(key);
      current.client.close();
    }
    MongoClient client;
    try {
      client =
          MongoClients.create(
              MongoClientSettings.builder()
                  .applyConnectionString(new ConnectionString(target.uri()))
                  .applyToClusterSettings(
                      b -> b.serverSelectionTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS))
                  .applyToSocketSettings(
                      b ->
                          b.connectTimeout((int) timeout.toMillis(), TimeUnit.MILLISECONDS)
                              .readTimeout((int) timeout.toMillis() * 2, TimeUnit.MILLISECONDS))
                  .build());
    } catch (IllegalArgumentException e) {
      throw new ReconcileProblem(
          "MongoDbUriInvalid",
          "the MongoDB connection string of MessagingServer "
              + server.getMetadata().getName()
              + " is not valid: "
              + e.getMessage(),
          true);
    }
    Stores stores = new Stores(target, client, clock);
    open.put(key, stores);
    LOG.info("{}: connected to its store {}", key, target);
    return stores;
  }

  /** Closes the client of a server that is gone. */
  public synchronized void forget(String namespace, String server) {
    Stores stores = open.remove(key(namespace, server));
    if (stores != null) {
      stores.client.close();
      LOG.info("{}/{}: store connection closed", namespace, server);
    }
  }

  /** Whether a client to the server's store is open. */
  public synchronized boolean isOpen(String namespace, String server) {
    return open.containsKey(key(namespace, server));
  }

  @Override
  public synchronized void close() {
    for (Stores stores : open.values()) {
      stores.client.close();
    }
    open.clear();
  }

  private static String key(String namespace, String server) {
    return namespace + "/" + server;
  }
}
