package io.switchboard.core.pipeline;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.switchboard.core.config.NodeIdentity;
import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.core.pipeline.local.LocalTransport;
import io.switchboard.core.pipeline.nats.NatsConnector;
import io.switchboard.core.pipeline.nats.NatsTransport;
import io.switchboard.core.session.LocalSessionTable;
import io.switchboard.core.session.NatsSessionTable;
import io.switchboard.core.session.SessionTable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;

/**
 * Chooses the transport and the session table by {@code deployment.type}: {@code local} (the
 * default) or {@code distributed}.
 */
@Factory
public class TransportFactory {

  public static final String DEPLOYMENT_TYPE = "deployment.type";

  @Singleton
  @Bean(preDestroy = "close")
  @Requires(property = DEPLOYMENT_TYPE, value = "local", defaultValue = "local")
  Transport localTransport(TransportConfig.Local config) {
    return new LocalTransport(config.queueCapacity(), config.partitions(), config.offerTimeout());
  }

  @Singleton
  @Requires(property = DEPLOYMENT_TYPE, value = "local", defaultValue = "local")
  SessionTable localSessionTable() {
    return new LocalSessionTable();
  }

  @Singleton
  @Bean(preDestroy = "close")
  @Requires(property = DEPLOYMENT_TYPE, value = "distributed")
  NatsConnector.Client natsClient(
      TransportConfig.Nats config, NodeIdentity node, PipelineMetrics metrics)
      throws IOException, InterruptedException {
    return new NatsConnector.Client(
        NatsConnector.connect(
            config.url(), config.credentialsFile(), "switchboard-" + node.id(), metrics));
  }

  @Singleton
  @Requires(property = DEPLOYMENT_TYPE, value = "distributed")
  Connection natsConnection(NatsConnector.Client client) {
    return client.connection();
  }

  @Singleton
  @Bean(preDestroy = "close")
  @Requires(property = DEPLOYMENT_TYPE, value = "distributed")
  Transport natsTransport(
      Connection connection, TransportConfig.Nats config, PipelineMetrics metrics)
      throws IOException, JetStreamApiException {
    NatsTransport transport =
        new NatsTransport(
            connection,
            config.subjectPrefix(),
            new NatsTransport.DurableSettings(
                config.duplicateWindow(),
                config.ackWait(),
                config.maxDeliver(),
                config.maxAckPending()),
            metrics);
    // Every process makes sure the durable hand-overs exist before anyone publishes to them.
    transport.ensureDurable(Destination.PROCESSOR);
    transport.ensureDurable(Destination.ROUTER);
    return transport;
  }

  @Singleton
  @Bean(preDestroy = "close")
  @Requires(property = DEPLOYMENT_TYPE, value = "distributed")
  NatsSessionTable natsSessionTable(Connection connection, TransportConfig.Nats config, Clock clock)
      throws IOException, JetStreamApiException, InterruptedException {
    return new NatsSessionTable(
        connection, config.subjectPrefix() + "-sessions", config.sessionTtl(), clock);
  }
}
