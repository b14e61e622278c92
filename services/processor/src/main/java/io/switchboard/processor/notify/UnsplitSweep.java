package io.switchboard.processor.notify;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.switchboard.core.config.NodeIdentity;
import io.switchboard.core.notify.message.MessageStore;
import io.switchboard.core.notify.message.NotificationCodec;
import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.EnvelopeKind;
import io.switchboard.core.pipeline.Transport;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests accepted into the store but not split half a minute later — the in-memory hand-over of
 * local mode lost with a crashed or full process — are handed to the processor again. Splitting is
 * idempotent, so a request that was merely slow is not split twice.
 */
@Singleton
@Requires(property = "switchboard.stages.processor.enabled", notEquals = "false")
public class UnsplitSweep {

  private static final Logger LOG = LoggerFactory.getLogger(UnsplitSweep.class);
  static final Duration AGE = Duration.ofSeconds(30);

  private final MessageStore messages;
  private final Transport transport;
  private final Clock clock;
  private final String nodeId;

  public UnsplitSweep(MessageStore messages, Transport transport, Clock clock, NodeIdentity node) {
    this.messages = messages;
    this.transport = transport;
    this.clock = clock;
    this.nodeId = node.id();
  }

  @Scheduled(fixedDelay = "10s", initialDelay = "10s")
  void sweep() {
    try {
      Instant now = clock.instant();
      List<String> stuck = messages.unsplit(now.minus(AGE), 100);
      for (String id : stuck) {
        messages
            .findRequest(id)
            .ifPresent(
                r -> {
                  long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
                  transport.send(
                      Destination.PROCESSOR,
                      new Envelope(
                          nodeId + "-resplit-" + id + "-" + now.toEpochMilli(),
                          EnvelopeKind.COMMAND,
                          null,
                          null,
                          NotificationCodec.toXml(r),
                          micros,
                          List.of(new Envelope.Stamp("processor", micros))));
                });
      }
      if (!stuck.isEmpty()) {
        LOG.info(
            "handed {} accepted but unsplit notification request(s) to the processor again",
            stuck.size());
      }
    } catch (RuntimeException e) {
      LOG.warn("unsplit sweep: {}", e.toString());
    }
  }
}
