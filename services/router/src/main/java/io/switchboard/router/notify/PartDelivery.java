package io.switchboard.router.notify;

import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.core.notify.catalog.Catalog;
import io.switchboard.core.notify.catalog.CatalogService;
import io.switchboard.core.notify.limit.RateLimiters;
import io.switchboard.core.notify.message.FallbackParts;
import io.switchboard.core.notify.message.MessageStore;
import io.switchboard.core.notify.message.NotificationCodec;
import io.switchboard.core.notify.message.NotificationRequest;
import io.switchboard.core.notify.message.Part;
import io.switchboard.core.notify.message.PartStatus;
import io.switchboard.core.notify.message.PartStatusRecorder;
import io.switchboard.core.notify.quota.QuotaGauges;
import io.switchboard.core.notify.quota.QuotaStore;
import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.EnvelopeKind;
import io.switchboard.core.pipeline.Transport;
import io.switchboard.crds.Channel;
import io.switchboard.crds.QuotaSpec;
import io.switchboard.router.channel.AdapterRegistry;
import io.switchboard.router.channel.ChannelAdapter;
import io.switchboard.router.channel.ChannelSettings;
import io.switchboard.router.channel.DeliveryOutcome;
import io.switchboard.router.channel.OutboundPart;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery attempt of an external part: claims the part (so that no other router replica or
 * redelivered hand-over attempts it at the same time), calls the channel's adapter, and records the
 * outcome — {@code delivered}; {@code retrying} with the next attempt's time; {@code dead} when the
 * Channel's attempts are used up; {@code failed} when the channel refused it for good.
 */
@Singleton
public class PartDelivery {

  private static final Logger LOG = LoggerFactory.getLogger(PartDelivery.class);
  private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

  private final MessageStore messages;
  private final PartStatusRecorder status;
  private final CatalogService catalog;
  private final AdapterRegistry adapters;
  private final QuotaStore quotas;
  private final QuotaGauges quotaGauges;
  private final FallbackParts fallbacks;
  private final Transport transport;
  private final PipelineMetrics metrics;
  private final Clock clock;
  private final RateLimiters rateLimits = new RateLimiters();

  public PartDelivery(
      MessageStore messages,
      PartStatusRecorder status,
      CatalogService catalog,
      AdapterRegistry adapters,
      QuotaStore quotas,
      QuotaGauges quotaGauges,
      FallbackParts fallbacks,
      Transport transport,
      PipelineMetrics metrics,
      Clock clock) {
    this.messages = messages;
    this.status = status;
    this.catalog = catalog;
    this.adapters = adapters;
    this.quotas = quotas;
    this.quotaGauges = quotaGauges;
    this.fallbacks = fallbacks;
    this.transport = transport;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Attempts a part if it is waiting for an attempt; does nothing otherwise.
   *
   * @return zero, or how long to wait before trying again when the Channel's rate limit has no
   *     token for it now (nothing was attempted, no attempt was counted)
   */
  public Duration attempt(String partId) throws InterruptedException {
    Instant now = clock.instant();
    Optional<Part> found = messages.findPart(partId);
    if (found.isEmpty()) {
      LOG.warn("no part {}", partId);
      return Duration.ZERO;
    }
    Part part = found.get();
    Catalog current = catalog.get();
    Channel channel = current.channel(part.channel()).orElse(null);
    ChannelSettings settings = null;
    Duration timeout = Duration.ofSeconds(10);
    if (channel != null) {
      timeout =
          channel.getSpec().getSettings() != null
                  && channel.getSpec().getSettings().get("timeout") != null
              ? Backoff.parse(channel.getSpec().getSettings().get("timeout"))
              : timeout;
    }
    if (channel != null
        && channel.getSpec().getRateLimit() != null
        && (part.status() == PartStatus.QUEUED || part.status() == PartStatus.RETRYING)) {
      // Per Channel and router process; waiting takes no attempt and changes no status.
      Duration wait = rateLimits.tryTake(part.channel(), channel.getSpec().getRateLimit(), now);
      if (!wait.isZero()) {
        metrics.count("switchboard_notify_rate_limited", "channel", part.channel());
        return wait;
      }
    }
    if (!messages.claim(
        partId,
        EnumSet.of(PartStatus.QUEUED, PartStatus.RETRYING),
        now,
        now.plus(timeout).plus(LEASE_MARGIN))) {
      return Duration.ZERO;
    }
    int attempts = part.attempts() + 1;
    if (channel == null) {
      finish(
          part,
          new DeliveryOutcome.Failed("channel " + part.channel() + " no longer exists"),
          attempts,
          Backoff.DEFAULT);
      return Duration.ZERO;
    }
    Backoff backoff = Backoff.of(channel.getSpec().getRetry());
    Optional<Map<String, String>> secrets = current.secretsOf(channel);
    if (secrets.isEmpty()) {
      finish(
          part,
          new DeliveryOutcome.Retry(
              "secret "
                  + channel.getSpec().getSecretRef().getName()
                  + " of channel "
                  + part.channel()
                  + " is missing",
              null),
          attempts,
          backoff);
      return Duration.ZERO;
    }
    Optional<ChannelAdapter> adapter = adapters.find(part.type());
    if (adapter.isEmpty()) {
      finish(
          part,
          new DeliveryOutcome.Failed("no adapter for channel type " + part.type()),
          attempts,
          backoff);
      return Duration.ZERO;
    }
    settings =
        new ChannelSettings(
            part.channel(),
            part.type(),
            channel.getSpec().getEndpoint(),
            channel.getSpec().getSettings(),
            secrets.get(),
            timeout);
    Map<String, Object> data =
        messages.findRequest(part.messageId()).map(NotificationRequest::data).orElse(Map.of());
    OutboundPart outbound =
        new OutboundPart(
            part.messageId(),
            part.id(),
            part.recipient(),
            part.address(),
            part.subject(),
            part.body(),
            part.format(),
            data,
            attempts);
    QuotaSpec quota = channel.getSpec().getQuota();
    if (quota != null) {
      // One unit per attempt that goes to the vendor, retries included: that is what vendors
      // count (docs/decisions/0009-quota-counting.md). Taken last, after every local check.
      QuotaStore.Take take = quotas.take(part.channel(), quota, clock.instant());
      quotaGauges.seen(take.usage());
      if (!take.granted()) {
        quotaGauges.refused(part.channel());
        finish(
            part,
            new DeliveryOutcome.Failed(
                "quota exhausted: "
                    + take.usage().used()
                    + " of "
                    + take.usage().limit()
                    + " used until "
                    + take.usage().periodEnd()),
            part.attempts(),
            backoff);
        return Duration.ZERO;
      }
    }
    DeliveryOutcome outcome;
    try {
      outcome = adapter.get().deliver(outbound, settings);
    } catch (RuntimeException e) {
      // An adapter bug must not leave the part claimed forever: count it as retryable.
      LOG.warn("adapter {} failed on part {}", part.type(), partId, e);
      outcome = new DeliveryOutcome.Retry("adapter error: " + e, null);
    }
    finish(part, outcome, attempts, backoff);
    return Duration.ZERO;
  }

  private void finish(Part part, DeliveryOutcome outcome, int attempts, Backoff backoff) {
    String detail = outcome.detail();
    if (outcome instanceof DeliveryOutcome.Delivered) {
      status.transition(part.id(), PartStatus.DELIVERED, detail, attempts, null);
      metrics.count("switchboard_notify_deliveries", "channel", part.type(), "status", "delivered");
    } else if (outcome instanceof DeliveryOutcome.Retry retry) {
      if (attempts >= backoff.maxAttempts()) {
        end(
            part,
            PartStatus.DEAD,
            detail + " (attempt " + attempts + " of " + backoff.maxAttempts() + ")",
            attempts);
      } else {
        Instant next = clock.instant().plus(backoff.delay(attempts, retry.retryAfter()));
        status.transition(
            part.id(),
            PartStatus.RETRYING,
            detail + " (attempt " + attempts + ", next at " + next + ")",
            attempts,
            next);
        metrics.count(
            "switchboard_notify_deliveries", "channel", part.type(), "status", "retrying");
      }
    } else {
      end(part, PartStatus.FAILED, detail, attempts);
    }
  }

  /**
   * A part ends {@code failed} or {@code dead}; its fallback part, if its Channel has one, is made
   * first (so that a crash in between leaves the part to be attempted again rather than a lost
   * fallback) and handed on once the part has moved.
   */
  private void end(Part part, PartStatus to, String detail, int attempts) {
    Optional<Part> fallback = Optional.empty();
    try {
      fallback = fallbacks.create(part, detail, catalog.get());
    } catch (RuntimeException e) {
      LOG.warn("fallback of part {} not made", part.id(), e);
    }
    String note =
        fallback
            .map(f -> detail + "; falls back to " + f.channel() + " as " + f.id())
            .orElse(detail);
    Optional<Part> moved = status.transition(part.id(), to, note, attempts, null);
    metrics.count("switchboard_notify_deliveries", "channel", part.type(), "status", to.wire());
    if (moved.isPresent() && fallback.isPresent()) {
      metrics.count(
          "switchboard_notify_fallbacks", "from", part.channel(), "to", fallback.get().channel());
      handOver(fallback.get());
    }
  }

  /** Hands a fallback part on: external ones to the router, in-app ones to the processor. */
  private void handOver(Part p) {
    Destination to;
    if (p.status() == PartStatus.QUEUED) {
      to = Destination.ROUTER;
    } else if (p.status() == PartStatus.PENDING && "inApp".equals(p.type())) {
      to = Destination.PROCESSOR;
    } else {
      return;
    }
    Instant now = clock.instant();
    long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    transport
        .send(
            to,
            new Envelope(
                "fallback-" + p.id(),
                EnvelopeKind.COMMAND,
                null,
                null,
                NotificationCodec.partHandOver(p.id()),
                micros,
                List.of(new Envelope.Stamp("router", micros))))
        .whenComplete(
            (ok, e) -> {
              if (e != null) {
                // Stored already: queued parts are swept, pending in-app ones wait for a login.
                LOG.warn("hand-over of fallback part {} failed: {}", p.id(), e.toString());
              }
            });
  }
}
