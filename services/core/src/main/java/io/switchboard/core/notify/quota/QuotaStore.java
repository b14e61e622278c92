package io.switchboard.core.notify.quota;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.switchboard.crds.QuotaSpec;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The quota counters of the Channels (docs/decisions/0009-quota-counting.md), one per Channel and
 * period in {@code notify_quota}: {@code _id} {@code <channel>:<period start>}, {@code count}. A
 * unit is taken with one atomic {@code $inc} guarded by {@code count < limit}, so that every router
 * replica shares the same count and the limit is never passed, however many take at once.
 *
 * <p>Public API for other components (the operator reads {@link #usage} for a Channel's status):
 * {@link #take} counts one delivery attempt if the quota allows it, {@link #usage} reads the
 * current period without changing it.
 */
@Singleton
public class QuotaStore {

  /** Counters are kept this long after their period ended (for the operator and for audits). */
  static final Duration KEEP = Duration.ofDays(40);

  static final int DEFAULT_ALERT_PERCENT = 80;

  private final MongoCollection<Document> counters;

  public QuotaStore(MongoDatabase db) {
    this.counters = db.getCollection("notify_quota");
    counters.createIndex(
        Indexes.ascending("expireAt"), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
  }

  /** What {@link #take} answers: whether a unit was taken, and the usage after it. */
  public record Take(boolean granted, QuotaUsage usage) {}

  /**
   * Counts one delivery on a Channel if its quota has one left in the period that holds {@code
   * now}.
   *
   * @return granted with the count after this unit, or refused with the count as it stands
   */
  public Take take(String channel, QuotaSpec spec, Instant now) {
    long limit = limit(spec);
    Instant start = QuotaPeriods.start(spec.getPeriod(), now);
    Instant end = QuotaPeriods.end(spec.getPeriod(), start);
    String id = id(channel, start);
    Bson open = Filters.and(Filters.eq("_id", id), Filters.lt("count", limit));
    Bson update =
        Updates.combine(
            Updates.inc("count", 1L),
            Updates.setOnInsert("channel", channel),
            Updates.setOnInsert("periodStart", Date.from(start)),
            Updates.setOnInsert("periodEnd", Date.from(end)),
            Updates.setOnInsert("expireAt", Date.from(end.plus(KEEP))));
    FindOneAndUpdateOptions after =
        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);
    Document counted;
    try {
      counted = counters.findOneAndUpdate(open, update, after.upsert(true));
    } catch (MongoWriteException | MongoCommandException e) {
      if (!isDuplicateKey(e)) {
        throw e;
      }
      // The counter exists and is at the limit (the upsert's insert collided with it), or another
      // replica created it at the same moment: one more try without the insert decides.
      counted =
          counters.findOneAndUpdate(
              open, update, new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    }
    if (counted != null) {
      return new Take(true, usage(channel, spec, count(counted), start, end));
    }
    return new Take(false, usage(channel, spec, start, end));
  }

  /** The usage of a Channel's quota in the period that holds {@code now}; nothing is counted. */
  public QuotaUsage usage(String channel, QuotaSpec spec, Instant now) {
    Instant start = QuotaPeriods.start(spec.getPeriod(), now);
    return usage(channel, spec, start, QuotaPeriods.end(spec.getPeriod(), start));
  }

  private QuotaUsage usage(String channel, QuotaSpec spec, Instant start, Instant end) {
    Document d = counters.find(Filters.eq("_id", id(channel, start))).first();
    return usage(channel, spec, d == null ? 0 : count(d), start, end);
  }

  private static QuotaUsage usage(
      String channel, QuotaSpec spec, long used, Instant start, Instant end) {
    int alert =
        spec.getAlertThresholdPercent() == null
            ? DEFAULT_ALERT_PERCENT
            : spec.getAlertThresholdPercent();
    return new QuotaUsage(channel, used, limit(spec), start, end, alert);
  }

  private static long limit(QuotaSpec spec) {
    return spec.getLimit() == null ? 0 : Math.max(0, spec.getLimit());
  }

  private static long count(Document d) {
    Object n = d.get("count");
    return n instanceof Number number ? number.longValue() : 0;
  }

  static String id(String channel, Instant periodStart) {
    return channel + ":" + periodStart;
  }

  private static boolean isDuplicateKey(RuntimeException e) {
    if (e instanceof MongoWriteException w) {
      return w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
    return e instanceof MongoCommandException c && c.getErrorCode() == 11000;
  }
}
