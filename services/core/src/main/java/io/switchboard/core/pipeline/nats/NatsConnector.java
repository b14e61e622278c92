package io.switchboard.core.pipeline.nats;

import io.micronaut.core.annotation.Nullable;
import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.switchboard.core.metrics.PipelineMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the process's one NATS connection: explicit timeouts, unlimited reconnects, pings, and
 * listeners wired to the log and to metrics.
 */
public final class NatsConnector {

  private static final Logger LOG = LoggerFactory.getLogger(NatsConnector.class);

  /** The setting that names the credentials file. */
  public static final String CREDENTIALS_SETTING = "switchboard.nats.credentials-file";

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

  /** Connects without credentials (a NATS server without authentication). */
  public static Connection connect(String url, String connectionName, PipelineMetrics metrics)
      throws IOException, InterruptedException {
    return connect(url, null, connectionName, metrics);
  }

  /**
   * Connects, authenticating with the NATS {@code .creds} file {@code credentialsFile} (setting
   * {@value #CREDENTIALS_SETTING}) unless it is null or blank. The file is checked first, so that a
   * missing or unreadable one stops start-up with a sentence naming the setting rather than an
   * authorization error from the server; the client reads it again on every (re)connect.
   */
  public static Connection connect(
      String url, @Nullable String credentialsFile, String connectionName, PipelineMetrics metrics)
      throws IOException, InterruptedException {
    Options.Builder builder = Options.builder();
    if (credentialsFile != null && !credentialsFile.isBlank()) {
      builder.authHandler(Nats.credentials(checkCredentials(credentialsFile.strip()).toString()));
    }
    Options options =
        builder
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
    try {
      return Nats.connect(options);
    } catch (AuthenticationException e) {
      AuthenticationException refused =
          new AuthenticationException(
              "NATS at "
                  + url
                  + " refused the connection ("
                  + e.getMessage()
                  + "); "
                  + (credentialsFile == null || credentialsFile.isBlank()
                      ? "it may need credentials: set " + CREDENTIALS_SETTING
                      : "check the user in "
                          + CREDENTIALS_SETTING
                          + " "
                          + credentialsFile.strip()));
      refused.initCause(e);
      throw refused;
    }
  }

  /**
   * The credentials file, after checking that it is a readable file with a user JWT and an NKey
   * seed block; its content is never logged.
   */
  static Path checkCredentials(String file) {
    Path path = Path.of(file).toAbsolutePath().normalize();
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(
          CREDENTIALS_SETTING + ": there is no file " + path + " (a NATS .creds file is needed)");
    }
    String content;
    try {
      content = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalStateException(
          CREDENTIALS_SETTING + ": cannot read " + path + ": " + e.getMessage(), e);
    }
    if (!content.contains("BEGIN NATS USER JWT") || !content.contains("NKEY SEED")) {
      throw new IllegalStateException(
          CREDENTIALS_SETTING
              + ": "
              + path
              + " is not a NATS .creds file (it needs a NATS USER JWT block and an NKEY SEED"
              + " block, as `nsc generate creds` writes)");
    }
    return path;
  }
}
