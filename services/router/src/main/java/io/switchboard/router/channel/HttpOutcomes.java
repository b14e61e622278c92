package io.switchboard.router.channel;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** How an HTTP exchange maps to a {@link DeliveryOutcome}, shared by the HTTP adapters. */
public final class HttpOutcomes {

  private static final int DETAIL_CHARS = 200;

  private HttpOutcomes() {}

  /**
   * By status alone: 2xx delivered; 408, 425, 429 and 5xx retried (429 and 503 with the far side's
   * Retry-After); everything else, 3xx included (redirects are not followed), failed.
   */
  public static DeliveryOutcome forStatus(ChannelHttp.Answer answer, Clock clock) {
    int status = answer.status();
    String detail = describe(answer);
    if (status >= 200 && status < 300) {
      return new DeliveryOutcome.Delivered(detail);
    }
    if (status == 429 || status == 503) {
      return new DeliveryOutcome.Retry(
          detail, retryAfter(answer.headers().firstValue("Retry-After").orElse(null), clock));
    }
    if (isRetryable(status)) {
      return new DeliveryOutcome.Retry(detail, null);
    }
    return new DeliveryOutcome.Failed(detail);
  }

  /** 408, 425, 429 and 5xx. */
  public static boolean isRetryable(int status) {
    return status == 408 || status == 425 || status == 429 || status >= 500;
  }

  /** The far side could not be reached, or did not answer in time: always worth another try. */
  public static DeliveryOutcome unreachable(IOException e) {
    String what;
    if (e instanceof HttpConnectTimeoutException) {
      what = "connect timed out";
    } else if (e instanceof HttpTimeoutException) {
      what = "timed out";
    } else if (e instanceof ConnectException) {
      what = "connection refused";
    } else if (e instanceof UnknownHostException) {
      what = "unknown host";
    } else {
      what = "I/O error";
    }
    String msg = e.getMessage();
    return new DeliveryOutcome.Retry(msg == null ? what : what + ": " + msg, null);
  }

  /**
   * A Retry-After value: delay seconds or an HTTP-date (RFC 9110 §10.2.3). Null when absent or
   * unreadable; a date in the past gives zero.
   */
  public static Duration retryAfter(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    if (v.chars().allMatch(Character::isDigit)) {
      try {
        return Duration.ofSeconds(Long.parseLong(v));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration d = Duration.between(clock.instant(), at.toInstant());
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** {@code HTTP 503: <start of the body>}. */
  public static String describe(ChannelHttp.Answer answer) {
    String body = answer.body() == null ? "" : answer.body().strip();
    if (body.length() > DETAIL_CHARS) {
      body = body.substring(0, DETAIL_CHARS) + "…";
    }
    return body.isEmpty() ? "HTTP " + answer.status() : "HTTP " + answer.status() + ": " + body;
  }
}
