package io.switchboard.core.notify.apps;

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
 * Nonces of signed requests seen within the replay window, in the {@code api_nonces} collection
 * ({@code _id} is {@code "<access key id> <nonce>"}, {@code at}). Every access replica shares it,
 * so a request replayed to another replica is caught too. Entries older than the window are removed
 * in passing (the embedded store does not enforce TTL indexes).
 */
@Singleton
public class NonceStore {

  private final MongoCollection<Document> nonces;
  private final Clock clock;
  private volatile Instant lastSweep = Instant.EPOCH;

  public NonceStore(MongoDatabase db, Clock clock) {
    this.nonces = db.getCollection("api_nonces");
    this.clock = clock;
    nonces.createIndex(Indexes.ascending("at"));
  }

  /**
   * Records a nonce; false when it was already recorded (a replay).
   *
   * @param window how long a nonce is remembered: at least twice the allowed clock skew
   */
  public boolean firstUse(String accessKeyId, String nonce, Duration window) {
    Instant now = clock.instant();
    sweep(now, window);
    try {
      nonces.insertOne(new Document("_id", accessKeyId + " " + nonce).append("at", Date.from(now)));
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  private void sweep(Instant now, Duration window) {
    if (lastSweep.plusSeconds(10).isAfter(now)) {
      return;
    }
    lastSweep = now;
    nonces.deleteMany(Filters.lt("at", Date.from(now.minus(window))));
  }
}
