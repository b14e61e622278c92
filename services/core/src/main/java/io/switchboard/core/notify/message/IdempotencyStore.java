package io.switchboard.core.notify.message;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;

/**
 * Idempotency keys of {@code POST /api/v1/messages}: collection {@code notify_idempotency}, {@code
 * _id} {@code "<application> <key>"}, {@code hash} (SHA-256 of the body), {@code messageId}, {@code
 * created}. The unique {@code _id} decides races: of two identical requests sent at once, exactly
 * one inserts and the other gets its message id. Keys live 24 hours; older ones are swept in
 * passing.
 */
@Singleton
public class IdempotencyStore {

  public static final Duration RETENTION = Duration.ofHours(24);

  private final MongoCollection<Document> keys;
  private final Clock clock;
  private volatile Instant lastSweep = Instant.EPOCH;

  public IdempotencyStore(MongoDatabase db, Clock clock) {
    this.keys = db.getCollection("notify_idempotency");
    this.clock = clock;
    keys.createIndex(Indexes.ascending("created"));
  }

  /** What reserving a key came to. */
  public sealed interface Reservation {
    /** The key is new: go on with {@code messageId}. */
    record Fresh(String messageId) implements Reservation {}

    /** The same request was made before: answer with its message id. */
    record Repeat(String messageId) implements Reservation {}

    /** The key was used for a different request. */
    record Conflict(String messageId) implements Reservation {}
  }

  /** Reserves a key for a request with this body hash and the message id it would get. */
  public Reservation reserve(String application, String key, String bodyHash, String messageId) {
    Instant now = clock.instant();
    sweep(now);
    String id = application + " " + key;
    try {
      keys.insertOne(
          new Document("_id", id)
              .append("hash", bodyHash)
              .append("messageId", messageId)
              .append("created", Date.from(now)));
      return new Reservation.Fresh(messageId);
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
    }
    Document first = keys.find(Filters.eq("_id", id)).first();
    if (first == null) {
      // Swept between the insert and the read: it was older than the retention anyway.
      return reserve(application, key, bodyHash, messageId);
    }
    return bodyHash.equals(first.getString("hash"))
        ? new Reservation.Repeat(first.getString("messageId"))
        : new Reservation.Conflict(first.getString("messageId"));
  }

  /** Frees a key whose request could not be made durable, so that the caller may retry. */
  public void release(String application, String key, String messageId) {
    keys.deleteOne(
        Filters.and(
            Filters.eq("_id", application + " " + key), Filters.eq("messageId", messageId)));
  }

  private void sweep(Instant now) {
    if (lastSweep.plusSeconds(60).isAfter(now)) {
      return;
    }
    lastSweep = now;
    keys.deleteMany(Filters.lt("created", Date.from(now.minus(RETENTION))));
  }
}
