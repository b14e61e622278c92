package io.switchboard.core.notify.limit;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket: holds at most {@code burst} tokens, gains {@code perSecond} tokens a second, and
 * each request takes one. Time is passed in, so the bucket is tested without waiting. Thread-safe.
 */
public final class TokenBucket {

  private static final long NANOS = 1_000_000_000L;

  private final int perSecond;
  private final int burst;
  private double tokens;
  private long last;

  /**
   * @param perSecond tokens gained per second, at least 1
   * @param burst bucket size, at least 1; starts full
   */
  public TokenBucket(int perSecond, int burst, Instant now) {
    if (perSecond < 1 || burst < 1) {
      throw new IllegalArgumentException("perSecond and burst must be at least 1");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.tokens = burst;
    this.last = nanos(now);
  }

  public int perSecond() {
    return perSecond;
  }

  public int burst() {
    return burst;
  }

  /**
   * Takes a token if there is one.
   *
   * @return zero when a token was taken, else how long until the next one is due (nothing taken)
   */
  public synchronized Duration tryTake(Instant now) {
    long t = nanos(now);
    if (t > last) {
      tokens = Math.min(burst, tokens + (double) (t - last) * perSecond / NANOS);
      last = t;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return Duration.ZERO;
    }
    long wait = (long) Math.ceil((1 - tokens) * NANOS / perSecond);
    return Duration.ofNanos(Math.max(1, wait));
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * NANOS + t.getNano();
  }
}
