package io.switchboard.core.notify.quota;

import io.switchboard.crds.QuotaPeriod;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/** The calendar periods a quota counts in, in UTC: whole hours, days or months. */
public final class QuotaPeriods {

  private QuotaPeriods() {}

  /** The start of the period that holds {@code now}; a missing period is a day. */
  public static Instant start(QuotaPeriod period, Instant now) {
    ZonedDateTime t = now.atZone(ZoneOffset.UTC);
    return switch (period == null ? QuotaPeriod.DAY : period) {
      case HOUR -> t.truncatedTo(ChronoUnit.HOURS).toInstant();
      case DAY -> t.truncatedTo(ChronoUnit.DAYS).toInstant();
      case MONTH -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).toInstant();
    };
  }

  /** The end (exclusive) of the period that starts at {@code start}. */
  public static Instant end(QuotaPeriod period, Instant start) {
    ZonedDateTime t = start.atZone(ZoneOffset.UTC);
    return switch (period == null ? QuotaPeriod.DAY : period) {
      case HOUR -> t.plusHours(1).toInstant();
      case DAY -> t.plusDays(1).toInstant();
      case MONTH -> t.plusMonths(1).toInstant();
    };
  }
}
