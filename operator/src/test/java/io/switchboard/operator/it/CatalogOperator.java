package io.switchboard.operator.it;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.store.EmbeddedMongo;
import io.switchboard.operator.OperatorSettings;
import io.switchboard.operator.SwitchboardOperator;
import io.switchboard.operator.reconciler.ServerStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The operator with its catalog stores running against a mock API server (CRDs registered) and an
 * embedded MongoDB-wire server over TCP, for the ITs of the Channel, Template and Application
 * reconcilers. {@link #db} is the database a MessagingServer of the test points at.
 */
final class CatalogOperator implements AutoCloseable {

  static final String DATABASE = "switchboard";

  final EmbeddedMongo mongo;
  final MongoClient mongoClient;
  final MongoDatabase db;
  final ServerStores stores;
  final Operator operator;

  CatalogOperator(KubernetesClient client, Path data, OperatorSettings settings) {
    mongo = EmbeddedMongo.start(data, 0);
    mongoClient = MongoClients.create(mongo.connectionString());
    db = mongoClient.getDatabase(DATABASE);
    OperatorHarness.registerCrds(client);
    stores = new ServerStores(Clock.systemUTC(), Duration.ofSeconds(3));
    operator =
        SwitchboardOperator.create(
            client, settings, new SimpleMeterRegistry(), Clock.systemUTC(), stores);
    operator.start();
  }

  @Override
  public void close() {
    operator.stop();
    stores.close();
    mongoClient.close();
    mongo.close();
  }
}
