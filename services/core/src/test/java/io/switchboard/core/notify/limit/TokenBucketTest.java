package io.switchboard.core.notify.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.crds.RateLimitSpec;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Token buckets with time passed in. */
class TokenBucketTest {

  private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

  private static RateLimitSpec spec(Integer perSecond, Integer burst) {
    RateLimitSpec s = new RateLimitSpec();
    s.setPerSecond(perSecond);
    s.setBurst(burst);
    return s;
  }

  @Test
  void aFullBucketGivesItsBurstThenOneTokenPerPeriod() {
    TokenBucket bucket = new TokenBucket(2, 3, T0);
    assertThat(bucket.tryTake(T0)).isZero();
    assertThat(bucket.tryTake(T0)).isZero();
    assertThat(bucket.tryTake(T0)).isZero();
    assertThat(bucket.tryTake(T0)).isEqualTo(Duration.ofMillis(500));
    assertThat(bucket.tryTake(T0.plusMillis(200))).isEqualTo(Duration.ofMillis(300));
    assertThat(bucket.tryTake(T0.plusMillis(500))).isZero();
    assertThat(bucket.tryTake(T0.plusMillis(500))).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void anIdleBucketRefillsOnlyUpToItsBurst() {
    TokenBucket bucket = new TokenBucket(10, 2, T0);
    bucket.tryTake(T0);
    bucket.tryTake(T0);
    Instant later = T0.plusSeconds(60);
    assertThat(bucket.tryTake(later)).isZero();
    assertThat(bucket.tryTake(later)).isZero();
    assertThat(bucket.tryTake(later)).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void aClockGoingBackGivesNothingExtra() {
    TokenBucket bucket = new TokenBucket(1, 1, T0);
    assertThat(bucket.tryTake(T0)).isZero();
    assertThat(bucket.tryTake(T0.minusSeconds(5))).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void limitersKeepABucketPerKeyAndRenewItWhenTheSpecChanges() {
    RateLimiters limiters = new RateLimiters();
    RateLimitSpec onePerSecond = spec(1, null);
    assertThat(limiters.tryTake("a", onePerSecond, T0)).isZero();
    assertThat(limiters.tryTake("a", onePerSecond, T0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(limiters.tryTake("b", onePerSecond, T0)).isZero();
    assertThat(limiters.tryTake("a", spec(1, 2), T0)).isZero();
    assertThat(limiters.tryTake("a", null, T0)).isZero();
    assertThat(limiters.tryTake("a", spec(1, 2), T0)).isZero();
    assertThat(limiters.tryTake("a", spec(1, 2), T0)).isEqualTo(Duration.ofSeconds(1));
  }
}
