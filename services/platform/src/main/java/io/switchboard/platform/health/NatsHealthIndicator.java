package io.switchboard.platform.health;

import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.nats.client.Connection;
import jakarta.inject.Singleton;
import java.util.Map;

/** {@code /health} is DOWN while the process's NATS connection is not connected. */
@Singleton
@Requires(beans = Connection.class)
public class NatsHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

  private final Connection connection;

  public NatsHealthIndicator(Connection connection) {
    this.connection = connection;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    Connection.Status status = connection.getStatus();
    healthStatus = status == Connection.Status.CONNECTED ? HealthStatus.UP : HealthStatus.DOWN;
    String url = connection.getConnectedUrl();
    return Map.of("status", status.name(), "server", url == null ? "" : url);
  }

  @Override
  protected String getName() {
    return "nats";
  }
}
