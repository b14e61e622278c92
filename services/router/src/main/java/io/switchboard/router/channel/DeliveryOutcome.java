package io.switchboard.router.channel;

import java.time.Duration;
import java.util.Objects;

/** What one delivery attempt came to. */
public sealed interface DeliveryOutcome {

  /** A short human-readable description, recorded in the part's status history. */
  String detail();

  /** The channel accepted the part. {@code detail} carries the far side's id where it gives one. */
  record Delivered(String detail) implements DeliveryOutcome {
    public Delivered {
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * A failure that another attempt may cure: a timeout, a refused connection, a 5xx, a 429, a
   * vendor's "too busy" code.
   *
   * @param retryAfter what the far side asked for (Retry-After), or null to use the back-off
   */
  record Retry(String detail, Duration retryAfter) implements DeliveryOutcome {
    public Retry {
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** A failure no retry cures: the request or the address is wrong, credentials are refused. */
  record Failed(String detail) implements DeliveryOutcome {
    public Failed {
      Objects.requireNonNull(detail, "detail");
    }
  }
}
