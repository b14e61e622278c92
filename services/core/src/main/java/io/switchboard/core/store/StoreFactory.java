package io.switchboard.core.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.switchboard.core.config.SwitchboardConfig;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The MongoDB client of the process: to {@code switchboard.mongo.uri} when set, otherwise to an
 * embedded server started under the data folder.
 */
@Factory
public class StoreFactory {

  @Singleton
  @Bean(preDestroy = "close")
  @Requires(missingProperty = "switchboard.mongo.uri")
  EmbeddedMongo embeddedMongo(SwitchboardConfig config, StoreConfig store) {
    return EmbeddedMongo.start(Path.of(config.dataDir()), store.embeddedPort());
  }

  @Singleton
  @Bean(preDestroy = "close")
  MongoClient mongoClient(StoreConfig store, @Nullable EmbeddedMongo embedded) {
    String uri = store.uri() != null ? store.uri() : embedded.connectionString();
    MongoClientSettings settings =
        MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(uri))
            .applyToClusterSettings(c -> c.serverSelectionTimeout(10, TimeUnit.SECONDS))
            .applyToSocketSettings(s -> s.connectTimeout(5, TimeUnit.SECONDS))
            .build();
    return MongoClients.create(settings);
  }

  @Singleton
  MongoDatabase database(MongoClient client, StoreConfig store) {
    return client.getDatabase(store.database());
  }
}
