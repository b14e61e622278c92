package io.switchboard.core.notify.quota;

import java.time.Instant;

/**
 * How much of a Channel's quota the current period has used.
 *
 * @param channel the Channel's name
 * @param used deliveries counted in the period
 * @param limit deliveries allowed in the period
 * @param periodStart start of the period (UTC)
 * @param periodEnd end of the period, exclusive: when the count starts again from zero
 * @param alertThresholdPercent the share of the limit above which the Channel warns (1-100)
 */
public record QuotaUsage(
    String channel,
    long used,
    long limit,
    Instant periodStart,
    Instant periodEnd,
    int alertThresholdPercent) {

  /** Deliveries left in the period, never negative (a lowered limit may be below the count). */
  public long remaining() {
    return Math.max(0, limit - used);
  }

  /** Whether the period has no delivery left. */
  public boolean exhausted() {
    return used >= limit;
  }

  /** Whether the used share is at or above the alert threshold. */
  public boolean aboveThreshold() {
    return used * 100 >= limit * alertThresholdPercent;
  }
}
