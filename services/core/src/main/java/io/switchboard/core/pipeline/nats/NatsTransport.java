package io.switchboard.core.pipeline.nats;

import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.EnvelopeCodec;
import io.switchboard.core.pipeline.EnvelopeHandler;
import io.switchboard.core.pipeline.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport of {@code deployment.type=distributed}.
 *
 * <ul>
 *   <li>Shared destinations are core subjects {@code <prefix>.<name>} consumed by a queue group of
 *       the same name, so replicas share the work.
 *   <li>Durable destinations are a JetStream work-queue stream per destination with one durable
 *       pull consumer that all replicas share. Publishes carry {@code Nats-Msg-Id} = envelope id,
 *       so a repeat within the duplicate window is dropped by the server; messages are acked only
 *       after the handler's outputs were accepted, and redelivered otherwise.
 *   <li>Node destinations are the subject {@code <prefix>.access.<nodeId>}.
 * </ul>
 */
public final class NatsTransport implements Transport {

  private static final Logger LOG = LoggerFactory.getLogger(NatsTransport.class);

  /** Settings of the durable hand-overs. */
  public record DurableSettings(
      Duration duplicateWindow, Duration ackWait, int maxDeliver, int maxAckPending) {}

  private final Connection connection;
  private final JetStream jetStream;
  private final String prefix;
  private final DurableSettings settings;
  private final PipelineMetrics metrics;
  private final Map<String, Long> lag = new ConcurrentHashMap<>();
  private final Map<String, Dispatcher> dispatchers = new ConcurrentHashMap<>();
  private final ScheduledExecutorService lagPoller;

  public NatsTransport(
      Connection connection, String prefix, DurableSettings settings, PipelineMetrics metrics)
      throws IOException {
    this.connection = connection;
    this.jetStream = connection.jetStream();
    this.prefix = prefix;
    this.settings = settings;
    this.metrics = metrics;
    this.lagPoller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sb-nats-lag");
              t.setDaemon(true);
              return t;
            });
  }

  /** Creates (or updates) the streams and durable consumers of the durable destinations. */
  public void ensureDurable(Destination destination) throws IOException, JetStreamApiException {
    JetStreamManagement jsm = connection.jetStreamManagement();
    String stream = streamName(destination);
    StreamConfiguration config =
        StreamConfiguration.builder()
            .name(stream)
            .subjects(subject(destination))
            .retentionPolicy(RetentionPolicy.WorkQueue)
            .storageType(StorageType.File)
            .duplicateWindow(settings.duplicateWindow())
            .build();
    try {
      jsm.getStreamInfo(stream);
      jsm.updateStream(config);
    } catch (JetStreamApiException notFound) {
      if (notFound.getErrorCode() != 404) {
        throw notFound;
      }
      jsm.addStream(config);
    }
    jsm.addOrUpdateConsumer(
        stream,
        ConsumerConfiguration.builder()
            .durable(destination.name())
            .ackPolicy(AckPolicy.Explicit)
            .deliverPolicy(DeliverPolicy.All)
            .ackWait(settings.ackWait())
            .maxDeliver(settings.maxDeliver())
            .maxAckPending(settings.maxAckPending())
            .build());
  }

  @Override
  public CompletableFuture<Void> send(Destination to, Envelope envelope) {
    byte[] data;
    try {
      data = EnvelopeCodec.encode(envelope);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    String subject = subject(to);
    if (to.delivery() == Destination.Delivery.DURABLE) {
      Headers headers = new Headers();
      headers.put("Nats-Msg-Id", envelope.id());
      NatsMessage message =
          NatsMessage.builder().subject(subject).headers(headers).data(data).build();
      return jetStream.publishAsync(message).thenApply(ack -> null);
    }
    try {
      connection.publish(subject, data);
      return CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public Registration receive(Destination from, EnvelopeHandler handler) {
    if (from.delivery() == Destination.Delivery.DURABLE) {
      return receiveDurable(from, handler);
    }
    Dispatcher dispatcher =
        connection.createDispatcher(
            msg -> {
              Envelope envelope = decode(from, msg);
              if (envelope != null) {
                try {
                  handler.handle(envelope);
                } catch (RuntimeException e) {
                  LOG.error("{}: handler failed on {}", from.name(), envelope.id(), e);
                }
              }
            });
    dispatcher.setPendingLimits(-1, -1);
    if (from.delivery() == Destination.Delivery.SHARED) {
      dispatcher.subscribe(subject(from), from.name());
    } else {
      dispatcher.subscribe(subject(from));
    }
    dispatchers.put(from.name(), dispatcher);
    flush();
    return () -> {
      if (dispatchers.remove(from.name(), dispatcher)) {
        connection.closeDispatcher(dispatcher);
      }
    };
  }

  private Registration receiveDurable(Destination from, EnvelopeHandler handler) {
    try {
      ensureDurable(from);
      ConsumerContext consumer =
          connection.getStreamContext(streamName(from)).getConsumerContext(from.name());
      MessageConsumer running =
          consumer.consume(
              ConsumeOptions.builder().batchSize(512).build(),
              msg -> {
                Envelope envelope = decode(from, msg);
                if (envelope == null) {
                  msg.term();
                  return;
                }
                CompletableFuture<Void> done;
                try {
                  done = handler.handle(envelope).toCompletableFuture();
                } catch (RuntimeException e) {
                  done = CompletableFuture.failedFuture(e);
                }
                done.whenComplete(
                    (ok, err) -> {
                      if (err == null) {
                        msg.ack();
                      } else {
                        metrics.error(from.name(), "redelivery");
                        msg.nakWithDelay(Duration.ofMillis(500));
                      }
                    });
              });
      lagPoller.scheduleWithFixedDelay(() -> pollLag(from, consumer), 0, 5, TimeUnit.SECONDS);
      return () -> {
        // stop() lets messages already pulled finish; close() releases the subscription.
        running.stop();
        try {
          running.close();
        } catch (Exception e) {
          LOG.debug("closing consumer {}: {}", from.name(), e.toString());
        }
      };
    } catch (IOException | JetStreamApiException e) {
      throw new IllegalStateException("cannot consume " + from.name() + ": " + e.getMessage(), e);
    }
  }

  private void pollLag(Destination from, ConsumerContext consumer) {
    try {
      ConsumerInfo info = consumer.getConsumerInfo();
      lag.put(from.name(), info.getNumPending() + info.getNumAckPending());
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      LOG.debug("consumer info of {} unavailable: {}", from.name(), e.toString());
    }
  }

  private Envelope decode(Destination from, Message msg) {
    try {
      return EnvelopeCodec.decode(msg.getData());
    } catch (EnvelopeCodec.MalformedEnvelopeException e) {
      metrics.error(from.name(), "malformed-envelope");
      LOG.error(
          "{}: dropping malformed envelope on {}: {}",
          from.name(),
          msg.getSubject(),
          e.getMessage());
      return null;
    }
  }

  @Override
  public long backlog(Destination destination) {
    if (destination.delivery() == Destination.Delivery.DURABLE) {
      return lag.getOrDefault(destination.name(), -1L);
    }
    Dispatcher d = dispatchers.get(destination.name());
    return d == null ? -1 : d.getPendingMessageCount();
  }

  @Override
  public boolean redelivers(Destination destination) {
    return destination.delivery() == Destination.Delivery.DURABLE;
  }

  @Override
  public void close() {
    lagPoller.shutdownNow();
    dispatchers.values().forEach(connection::closeDispatcher);
    dispatchers.clear();
  }

  private void flush() {
    try {
      connection.flush(Duration.ofSeconds(5));
    } catch (Exception e) {
      LOG.warn("NATS flush after subscribe failed: {}", e.toString());
    }
  }

  String subject(Destination d) {
    return prefix + "." + d.name();
  }

  String streamName(Destination d) {
    return (prefix + "_" + d.name()).toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
