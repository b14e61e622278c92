package io.switchboard.platform.health;

import com.mongodb.client.MongoDatabase;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.Map;
import org.bson.Document;

/** {@code /health} is DOWN when the store does not answer a ping. */
@Singleton
@Requires(beans = MongoDatabase.class)
public class StoreHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

  private final MongoDatabase database;

  public StoreHealthIndicator(MongoDatabase database) {
    this.database = database;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    try {
      database.runCommand(new Document("ping", 1));
      healthStatus = HealthStatus.UP;
      return Map.of("database", database.getName());
    } catch (RuntimeException e) {
      healthStatus = HealthStatus.DOWN;
      return Map.of("database", database.getName(), "error", String.valueOf(e.getMessage()));
    }
  }

  @Override
  protected String getName() {
    return "store";
  }
}
