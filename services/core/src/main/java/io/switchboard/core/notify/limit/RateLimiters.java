package io.switchboard.core.notify.limit;

import io.switchboard.crds.RateLimitSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The token buckets of one process, one per key (a Channel's name in the router, an Application's
 * name at the access stage), each shaped by a {@link RateLimitSpec}: {@code perSecond}, and {@code
 * burst} (defaults to {@code perSecond}). A spec that changes gets a new, full bucket. Limits are
 * per process: with N replicas the whole platform allows up to N times the rate
 * (docs/decisions/0009-quota-counting.md).
 */
public final class RateLimiters {

  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  /**
   * Takes a token for {@code key}.
   *
   * @param spec the limit, or null for none
   * @return zero when the request may go now, else how long until a token is due
   */
  public Duration tryTake(String key, RateLimitSpec spec, Instant now) {
    if (spec == null || spec.getPerSecond() == null || spec.getPerSecond() < 1) {
      return Duration.ZERO;
    }
    int perSecond = spec.getPerSecond();
    int burst = spec.getBurst() == null || spec.getBurst() < 1 ? perSecond : spec.getBurst();
    TokenBucket bucket =
        buckets.compute(
            key,
            (k, b) ->
                b != null && b.perSecond() == perSecond && b.burst() == burst
                    ? b
                    : new TokenBucket(perSecond, burst, now));
    return bucket.tryTake(now);
  }
}
