package io.switchboard.core.notify.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/**
 * Status callbacks waiting to be posted: collection {@code notify_callbacks}, one document per
 * status change of a part with a callback URL. {@code _id} is {@code "<part id>#<nnnn>"}, the
 * number being the change's position in the part's history, so that callbacks of one part sort in
 * status order and a repeated change (a redelivery) is recorded once. Fields: {@code partId},
 * {@code application}, {@code url}, {@code body} (the JSON posted), {@code state} ({@code pending},
 * {@code sent}, {@code failed}), {@code attempts}, {@code nextAttemptAt}, {@code lease}.
 */
@Singleton
public class CallbackOutbox {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final String STATUS = "status";

  private final MongoCollection<Document> callbacks;
  private final Clock clock;

  public CallbackOutbox(MongoDatabase db, Clock clock) {
    this.callbacks = db.getCollection("notify_callbacks");
    this.clock = clock;
    callbacks.createIndex(Indexes.ascending("state", "nextAttemptAt"));
  }

  /** One callback to post. */
  public record Callback(
      String id, String partId, String application, String url, String body, int attempts) {}

  /** Records the latest status change of a part for posting. */
  public void enqueue(Part part) {
    List<Part.Event> history = part.history();
    for (int seq = history.size() - 1; seq >= 0; seq--) {
      if (STATUS.equals(history.get(seq).kind())) {
        enqueue(part, seq);
        return;
      }
    }
  }

  /**
   * Records a part's first state (made by the split) for posting; again for the same part, as a
   * redelivered request does, it changes nothing.
   */
  public void enqueueFirst(Part part) {
    if (!part.history().isEmpty() && STATUS.equals(part.history().get(0).kind())) {
      enqueue(part, 0);
    }
  }

  private void enqueue(Part part, int seq) {
    if (part.callbackUrl() == null) {
      return;
    }
    Part.Event last = part.history().get(seq);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("messageId", part.messageId());
    body.put("partId", part.id());
    body.put("recipient", part.recipient());
    body.put("channel", part.channel());
    body.put("status", last.status());
    body.put("at", last.at().toString());
    body.put("detail", last.detail());
    body.put("attempts", part.attempts());
    String json;
    try {
      json = JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Date now = Date.from(clock.instant());
    callbacks.updateOne(
        Filters.eq("_id", String.format("%s#%04d", part.id(), seq)),
        new Document(
            "$setOnInsert",
            new Document("partId", part.id())
                .append("application", part.application())
                .append("url", part.callbackUrl())
                .append("body", json)
                .append("status", last.status())
                .append("state", "pending")
                .append("attempts", 0)
                .append("nextAttemptAt", now)
                .append("lease", null)
                .append("created", now)),
        new UpdateOptions().upsert(true));
  }

  /**
   * Due callbacks, at most one per part, and only a part's earliest pending one, so that a part's
   * callbacks go out in status order.
   */
  public List<Callback> due(Instant now, int limit) {
    List<Callback> due = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Document d :
        callbacks
            .find(Filters.eq("state", "pending"))
            .sort(Sorts.ascending("_id"))
            .limit(limit * 4)) {
      String part = d.getString("partId");
      if (!seen.add(part)) {
        continue;
      }
      Date next = d.getDate("nextAttemptAt");
      Date lease = d.getDate("lease");
      if ((next == null || !next.toInstant().isAfter(now))
          && (lease == null || !lease.toInstant().isAfter(now))) {
        due.add(
            new Callback(
                d.getString("_id"),
                part,
                d.getString("application"),
                d.getString("url"),
                d.getString("body"),
                d.getInteger("attempts", 0)));
        if (due.size() == limit) {
          break;
        }
      }
    }
    return due;
  }

  /** Takes a callback for one attempt; false when another replica holds it. */
  public boolean claim(String id, Instant now, Instant leaseUntil) {
    return callbacks
            .updateOne(
                Filters.and(
                    Filters.eq("_id", id),
                    Filters.eq("state", "pending"),
                    Filters.or(Filters.eq("lease", null), Filters.lte("lease", Date.from(now)))),
                Updates.set("lease", Date.from(leaseUntil)))
            .getModifiedCount()
        > 0;
  }

  public void sent(String id, int attempts) {
    callbacks.updateOne(
        Filters.eq("_id", id),
        Updates.combine(
            Updates.set("state", "sent"),
            Updates.set("attempts", attempts),
            Updates.set("lease", null)));
  }

  public void retryAt(String id, int attempts, Instant next) {
    callbacks.updateOne(
        Filters.eq("_id", id),
        Updates.combine(
            Updates.set("attempts", attempts),
            Updates.set("nextAttemptAt", Date.from(next)),
            Updates.set("lease", null)));
  }

  public void failed(String id, int attempts) {
    callbacks.updateOne(
        Filters.eq("_id", id),
        Updates.combine(
            Updates.set("state", "failed"),
            Updates.set("attempts", attempts),
            Updates.set("lease", null)));
  }
}
