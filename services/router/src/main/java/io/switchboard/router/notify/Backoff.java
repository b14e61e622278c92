package io.switchboard.router.notify;

import io.switchboard.crds.RetrySpec;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Channel's retry policy: how many attempts, and how long to wait before each retry — exponential
 * from {@code initialBackoff}, capped at {@code maxBackoff}, with jitter (the wait is drawn between
 * half and all of the exponential value, so that parts failing together do not all come back
 * together). A {@code Retry-After} from the far side wins, within the cap.
 */
public record Backoff(int maxAttempts, Duration initial, Duration max) {

  public static final Backoff DEFAULT =
      new Backoff(5, Duration.ofSeconds(1), Duration.ofMinutes(5));
  private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h)");

  public static Backoff of(RetrySpec spec) {
    if (spec == null) {
      return DEFAULT;
    }
    return new Backoff(
        spec.getMaxAttempts() == null ? DEFAULT.maxAttempts : spec.getMaxAttempts(),
        spec.getInitialBackoff() == null ? DEFAULT.initial : parse(spec.getInitialBackoff()),
        spec.getMaxBackoff() == null ? DEFAULT.max : parse(spec.getMaxBackoff()));
  }

  /** {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}. */
  public static Duration parse(String text) {
    Matcher m = DURATION.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration like 500ms, 2s, 5m or 1h: " + text);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  /**
   * The wait after the {@code attempts}-th failed attempt.
   *
   * @param retryAfter what the far side asked for, or null
   */
  public Duration delay(int attempts, Duration retryAfter) {
    if (retryAfter != null && !retryAfter.isNegative()) {
      return retryAfter.compareTo(max) > 0 ? max : retryAfter;
    }
    long base = initial.toMillis();
    long exp = base << Math.min(Math.max(attempts - 1, 0), 30);
    long capped = Math.min(exp <= 0 ? Long.MAX_VALUE : exp, max.toMillis());
    long low = capped / 2;
    return Duration.ofMillis(low + ThreadLocalRandom.current().nextLong(capped - low + 1));
  }
}
