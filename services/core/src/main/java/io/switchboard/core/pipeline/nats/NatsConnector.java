package io.switchboard.core.pipeline.nats;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.switchboard.core.metrics.PipelineMetrics;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the process's one NATS connection: explicit timeouts, unlimited reconnects, pings, and
 * listeners wired to the log and to metrics.
 */
public final class NatsConnector {

  private static final Logger LOG = LoggerFactory.getLogger(NatsConnector.class);

  private NatsConnector() {}

  /** Owns the process's connection: drains it on shutdown, after everything that used it. */
  public record Client(Connection connection) implements AutoCloseable {
    @Override
    public void close() {
      try {
        connection.drain(Duration.ofSeconds(5)).get(6, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.debug("draining the NATS connection: {}", e.toString());
      }
      try {
        connection.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public static Connection connect(String url, String connectionName, PipelineMetrics metrics)
      throws IOException, InterruptedException {
    Options options =
        Options.builder()
            .server(url)
            .connectionName(connectionName)
            .connectionTimeout(Duration.ofSeconds(5))
            .maxReconnects(-1)
            .reconnectWait(Duration.ofMillis(500))
            .pingInterval(Duration.ofSeconds(10))
            .maxPingsOut(3)
            .connectionListener(
                (Connection conn, ConnectionListener.Events event) -> {
                  switch (event) {
                    case RECONNECTED:
                      metrics.count("switchboard.nats.reconnects");
                      LOG.info("NATS reconnected to {}", conn.getConnectedUrl());
                      break;
                    case DISCONNECTED:
                      LOG.warn("NATS disconnected");
                      break;
                    default:
                      LOG.debug("NATS {}", event);
                  }
                })
            .errorListener(
                new ErrorListener() {
                  @Override
                  public void errorOccurred(Connection conn, String error) {
                    metrics.error("nats", "server");
                    LOG.warn("NATS error: {}", error);
                  }

                  @Override
                  public void exceptionOccurred(Connection conn, Exception exp) {
                    metrics.error("nats", exp.getClass().getSimpleName());
                    LOG.warn("NATS exception", exp);
                  }

                  @Override
                  public void slowConsumerDetected(Connection conn, Consumer consumer) {
                    metrics.error("nats", "slow-consumer");
                    LOG.warn("NATS slow consumer: {} messages dropped", consumer.getDroppedCount());
                  }
                })
            .build();
    return Nats.connect(options);
  }
}
