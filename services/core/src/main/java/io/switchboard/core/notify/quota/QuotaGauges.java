package io.switchboard.core.notify.quota;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The quota series of this process (docs/metrics.md), from the usage it last saw per Channel:
 * {@code switchboard_channel_quota_used}, {@code _limit} and {@code _alert_ratio} (the Channel's
 * alert threshold as a share, 0.8 for 80 %, so that a rule can compare {@code used / limit} with
 * it), and the counter {@code switchboard_channel_quota_refused_total} of deliveries refused for
 * quota. Each router reports the shared count as it last read it; {@code max by (channel)} gives
 * the newest. A period that has ended reads as zero used.
 */
@Singleton
public class QuotaGauges {

  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, QuotaUsage> last = new ConcurrentHashMap<>();
  private final Map<String, Counter> refused = new ConcurrentHashMap<>();

  public QuotaGauges(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** Records the usage just read or counted. */
  public void seen(QuotaUsage usage) {
    if (last.put(usage.channel(), usage) == null) {
      String channel = usage.channel();
      Gauge.builder("switchboard.channel.quota.used", this, g -> g.used(channel))
          .tag("channel", channel)
          .description("deliveries counted against the channel's quota in the current period")
          .register(registry);
      Gauge.builder("switchboard.channel.quota.limit", this, g -> g.current(channel).limit())
          .tag("channel", channel)
          .description("deliveries the channel's quota allows per period")
          .register(registry);
      Gauge.builder(
              "switchboard.channel.quota.alert.ratio",
              this,
              g -> g.current(channel).alertThresholdPercent() / 100.0)
          .tag("channel", channel)
          .description("share of the quota above which the channel warns")
          .register(registry);
    }
  }

  /** Counts a delivery refused because the quota was used up. */
  public void refused(String channel) {
    refused
        .computeIfAbsent(
            channel,
            c ->
                Counter.builder("switchboard.channel.quota.refused")
                    .tag("channel", c)
                    .description("deliveries refused because the channel's quota was used up")
                    .register(registry))
        .increment();
  }

  private QuotaUsage current(String channel) {
    return last.get(channel);
  }

  private double used(String channel) {
    QuotaUsage u = last.get(channel);
    return clock.instant().isBefore(u.periodEnd()) ? u.used() : 0;
  }
}
