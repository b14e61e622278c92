package io.switchboard.core.notify.message;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Notification requests and their parts (docs/decisions/0007-notification-storage.md).
 *
 * <ul>
 *   <li>{@code notify_messages}: one document per request, {@code _id} the message id (time-ordered
 *       hex, so that ids sort by acceptance), the request's fields, {@code state} ({@code accepted}
 *       until the processor has split it, then {@code split}), and {@code parts}: {@code [{id,
 *       recipient, channel, status}]}, a summary kept in step with the parts so that listings
 *       filter by status and channel without a join.
 *   <li>{@code notify_parts}: one document per part ({@link Part}), with its {@code history}.
 * </ul>
 *
 * <p>Every write is idempotent: requests and parts are inserted only if absent, and a status change
 * applies only from the states {@link PartStatus#allowedFrom()} names, in one atomic update.
 */
@Singleton
public class MessageStore {

  private static final HexFormat HEX = HexFormat.of();

  private final MongoCollection<Document> messages;
  private final MongoCollection<Document> parts;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public MessageStore(MongoDatabase db, Clock clock) {
    this.messages = db.getCollection("notify_messages");
    this.parts = db.getCollection("notify_parts");
    this.clock = clock;
    messages.createIndex(Indexes.ascending("application", "_id"));
    messages.createIndex(Indexes.ascending("state", "created"));
    parts.createIndex(Indexes.ascending("messageId"));
    parts.createIndex(Indexes.ascending("user", "type", "status"));
    parts.createIndex(Indexes.ascending("status", "nextAttemptAt"));
  }

  /** A new message id: 12 hex digits of epoch milliseconds, then 12 random hex digits. */
  public String newMessageId() {
    byte[] r = new byte[6];
    random.nextBytes(r);
    return String.format("%012x", clock.millis()) + HEX.formatHex(r);
  }

  /** The id of a message's part for a recipient on a channel: the same every time. */
  public static String partId(String messageId, String recipient, String channel) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((recipient + "\n" + channel).getBytes(StandardCharsets.UTF_8));
      return messageId + "." + HEX.formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- requests

  /** Stores a request unless it is already there; true when this call stored it. */
  public boolean insertRequest(NotificationRequest r) {
    List<Document> recipients = new ArrayList<>();
    for (Recipient rc : r.recipients()) {
      recipients.add(new Document("kind", rc.kind()).append("value", rc.value()));
    }
    Document doc =
        new Document("application", r.application())
            .append("template", r.template())
            .append("recipients", recipients)
            .append("channels", r.channels())
            .append("data", new Document(r.data()))
            .append("locale", r.locale())
            .append("priority", r.priority())
            .append("callbackUrl", r.callbackUrl())
            .append("idempotencyKey", r.idempotencyKey())
            .append("created", Date.from(r.created()))
            .append("state", "accepted")
            .append("parts", List.of());
    return messages
            .updateOne(
                Filters.eq("_id", r.id()),
                new Document("$setOnInsert", doc),
                new UpdateOptions().upsert(true))
            .getUpsertedId()
        != null;
  }

  public Optional<NotificationRequest> findRequest(String id) {
    return Optional.ofNullable(messages.find(Filters.eq("_id", id)).first())
        .map(MessageStore::request);
  }

  /** The message document as the API shows it, without its parts' details. */
  public Optional<Document> findMessage(String id) {
    return Optional.ofNullable(messages.find(Filters.eq("_id", id)).first());
  }

  /** Whether the request's split is complete: every part stored, the summary written. */
  public boolean isSplit(String id) {
    // A find, not a count: the embedded store serves finds with an _id from its index
    // (decision 0010) but runs counts over the whole collection.
    return messages
            .find(Filters.and(Filters.eq("_id", id), Filters.eq("state", "split")))
            .projection(Projections.include("_id"))
            .first()
        != null;
  }

  /** Requests accepted but not yet split, oldest first (recovery after a crash, local mode). */
  public List<String> unsplit(Instant acceptedBefore, int limit) {
    List<String> ids = new ArrayList<>();
    for (Document d :
        messages
            .find(
                Filters.and(
                    Filters.eq("state", "accepted"),
                    Filters.lt("created", Date.from(acceptedBefore))))
            .sort(Sorts.ascending("created"))
            .limit(limit)) {
      ids.add(d.getString("_id"));
    }
    return ids;
  }

  /** Records that a request was split into these parts (after the parts were stored). */
  public void markSplit(String messageId, List<Part> split, String error) {
    List<Document> summary = new ArrayList<>();
    for (Part p : split) {
      summary.add(
          new Document("id", p.id())
              .append("recipient", p.recipient())
              .append("channel", p.channel())
              .append("status", p.status().wire()));
    }
    messages.updateOne(
        Filters.and(Filters.eq("_id", messageId), Filters.eq("state", "accepted")),
        Updates.combine(
            Updates.set("state", "split"),
            Updates.set("parts", summary),
            Updates.set("error", error)));
  }

  /**
   * A page of an application's messages, newest first.
   *
   * @param cursor what the previous page returned as {@code next}, or null for the first page
   */
  public Page listMessages(
      String application,
      String status,
      String channel,
      String template,
      Instant from,
      Instant to,
      String cursor,
      int limit) {
    List<Bson> filters = new ArrayList<>();
    filters.add(Filters.eq("application", application));
    if (status != null) {
      filters.add(Filters.eq("parts.status", status));
    }
    if (channel != null) {
      filters.add(Filters.eq("parts.channel", channel));
    }
    if (template != null) {
      filters.add(Filters.eq("template", template));
    }
    if (from != null) {
      filters.add(Filters.gte("created", Date.from(from)));
    }
    if (to != null) {
      filters.add(Filters.lt("created", Date.from(to)));
    }
    if (cursor != null) {
      filters.add(Filters.lt("_id", decodeCursor(cursor)));
    }
    List<Document> page = new ArrayList<>();
    for (Document d :
        messages.find(Filters.and(filters)).sort(Sorts.descending("_id")).limit(limit + 1)) {
      page.add(d);
    }
    String next = null;
    if (page.size() > limit) {
      page = page.subList(0, limit);
      next = encodeCursor(page.get(limit - 1).getString("_id"));
    }
    return new Page(page, next);
  }

  /** A page of documents and the cursor of the next page, null on the last. */
  public record Page(List<Document> items, String next) {}

  static String encodeCursor(String id) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(id.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws IllegalArgumentException for a cursor this store did not make
   */
  static String decodeCursor(String cursor) {
    String id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    if (!id.matches("[0-9a-f]{24}")) {
      throw new IllegalArgumentException("not a cursor of this listing");
    }
    return id;
  }

  /**
   * @throws IllegalArgumentException for a cursor of a part listing this store did not make
   */
  static String decodePartCursor(String cursor) {
    String id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    if (!id.matches("[0-9a-f]{24}\\.[0-9a-f]{12}")) {
      throw new IllegalArgumentException("not a cursor of this listing");
    }
    return id;
  }

  // ---- parts

  /** Stores parts that are not there yet; a redelivered split changes nothing. */
  public void insertParts(List<Part> split) {
    for (Part p : split) {
      parts.updateOne(
          Filters.eq("_id", p.id()),
          new Document("$setOnInsert", document(p)),
          new UpdateOptions().upsert(true));
    }
  }

  /**
   * Stores a part made after the split (a fallback part) unless it is there, and adds it to its
   * message's summary; true when this call stored it. Idempotent, like the split.
   */
  public boolean insertLatePart(Part p) {
    boolean inserted =
        parts
                .updateOne(
                    Filters.eq("_id", p.id()),
                    new Document("$setOnInsert", document(p)),
                    new UpdateOptions().upsert(true))
                .getUpsertedId()
            != null;
    messages.updateOne(
        Filters.and(Filters.eq("_id", p.messageId()), Filters.ne("parts.id", p.id())),
        Updates.push(
            "parts",
            new Document("id", p.id())
                .append("recipient", p.recipient())
                .append("channel", p.channel())
                .append("status", p.status().wire())));
    return inserted;
  }

  public Optional<Part> findPart(String id) {
    return Optional.ofNullable(parts.find(Filters.eq("_id", id)).first()).map(MessageStore::part);
  }

  public List<Part> partsOf(String messageId) {
    List<Part> all = new ArrayList<>();
    for (Document d :
        parts.find(Filters.eq("messageId", messageId)).sort(Sorts.ascending("created", "_id"))) {
      all.add(part(d));
    }
    return all;
  }

  /** A user's in-app parts waiting for them to come online, oldest first. */
  public List<Part> pendingInApp(String user, int limit) {
    List<Part> all = new ArrayList<>();
    for (Document d :
        parts
            .find(
                Filters.and(
                    Filters.eq("user", user),
                    Filters.eq("type", "inApp"),
                    Filters.eq("status", PartStatus.PENDING.wire())))
            .sort(Sorts.ascending("created", "_id"))
            .limit(limit)) {
      all.add(part(d));
    }
    return all;
  }

  /** Parts of an application in a status, oldest first (dead parts for replay). */
  public List<Part> partsInStatus(String application, PartStatus status, int limit) {
    List<Part> all = new ArrayList<>();
    for (Document d :
        parts
            .find(
                Filters.and(
                    Filters.eq("application", application), Filters.eq("status", status.wire())))
            .sort(Sorts.ascending("created", "_id"))
            .limit(limit)) {
      all.add(part(d));
    }
    return all;
  }

  /**
   * Parts queued for the router before {@code before} and not taken since: a hand-over lost with a
   * crashed process (local mode), picked up again by the router's sweep.
   */
  public List<Part> staleQueued(Instant before, int limit) {
    List<Part> stale = new ArrayList<>();
    for (Document d :
        parts
            .find(
                Filters.and(
                    Filters.eq("status", PartStatus.QUEUED.wire()),
                    Filters.lt("updated", Date.from(before)),
                    Filters.or(Filters.eq("lease", null), Filters.lt("lease", Date.from(before)))))
            .limit(limit)) {
      stale.add(part(d));
    }
    return stale;
  }

  /** Retrying parts whose next attempt is due, soonest first. */
  public List<Part> dueRetries(Instant now, int limit) {
    List<Part> due = new ArrayList<>();
    for (Document d :
        parts
            .find(
                Filters.and(
                    Filters.eq("status", PartStatus.RETRYING.wire()),
                    Filters.lte("nextAttemptAt", Date.from(now))))
            .sort(Sorts.ascending("nextAttemptAt"))
            .limit(limit)) {
      due.add(part(d));
    }
    return due;
  }

  /**
   * Takes a part in one of {@code from} for one attempt, so that two router replicas, or a
   * redelivered hand-over, do not both make it: sets a lease until {@code leaseUntil}; false when
   * the part is in another state or someone else holds an unexpired lease.
   */
  public boolean claim(
      String partId, java.util.Set<PartStatus> from, Instant now, Instant leaseUntil) {
    List<String> fromWire = from.stream().map(PartStatus::wire).toList();
    return parts
            .updateOne(
                Filters.and(
                    Filters.eq("_id", partId),
                    Filters.in("status", fromWire),
                    Filters.or(Filters.eq("lease", null), Filters.lte("lease", Date.from(now)))),
                Updates.set("lease", Date.from(leaseUntil)))
            .getModifiedCount()
        > 0;
  }

  /**
   * Moves a part to {@code to} if it is in one of the states that may lead there, recording it in
   * its history; empty when it is not (already moved on: a repeated hand-over).
   *
   * @param attempts the attempts made so far, or -1 to leave the count alone
   * @param nextAttemptAt when the next attempt is due ({@link PartStatus#RETRYING}), else null
   */
  public Optional<Part> transition(
      String partId, PartStatus to, String detail, int attempts, Instant nextAttemptAt) {
    return transition(partId, to.allowedFrom(), to, detail, attempts, nextAttemptAt);
  }

  /** Like {@link #transition(String, PartStatus, String, int, Instant)}, from given states. */
  public Optional<Part> transition(
      String partId,
      java.util.Set<PartStatus> from,
      PartStatus to,
      String detail,
      int attempts,
      Instant nextAttemptAt) {
    Instant now = clock.instant();
    List<String> fromWire = from.stream().map(PartStatus::wire).toList();
    List<Bson> updates = new ArrayList<>();
    updates.add(Updates.set("status", to.wire()));
    updates.add(Updates.set("lease", null));
    updates.add(Updates.set("updated", Date.from(now)));
    updates.add(
        Updates.set("nextAttemptAt", nextAttemptAt == null ? null : Date.from(nextAttemptAt)));
    if (attempts >= 0) {
      updates.add(Updates.set("attempts", attempts));
    }
    updates.add(Updates.push("history", event("status", to.wire(), now, detail)));
    Document updated =
        parts.findOneAndUpdate(
            Filters.and(Filters.eq("_id", partId), Filters.in("status", fromWire)),
            Updates.combine(updates),
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    if (updated == null) {
      return Optional.empty();
    }
    messages.updateOne(
        Filters.and(
            Filters.eq("_id", updated.getString("messageId")), Filters.eq("parts.id", partId)),
        Updates.set("parts.$.status", to.wire()));
    return Optional.of(part(updated));
  }

  /** Records a callback attempt in a part's history. */
  public void recordCallback(String partId, String status, String result) {
    parts.updateOne(
        Filters.eq("_id", partId),
        Updates.push("history", event("callback", status, clock.instant(), result)));
  }

  private static Document event(String kind, String status, Instant at, String detail) {
    return new Document("kind", kind)
        .append("status", status)
        .append("at", Date.from(at))
        .append("detail", detail);
  }

  // ---- mapping

  private static Document document(Part p) {
    List<Document> history = new ArrayList<>();
    for (Part.Event e : p.history()) {
      history.add(event(e.kind(), e.status(), e.at(), e.detail()));
    }
    return new Document("messageId", p.messageId())
        .append("application", p.application())
        .append("recipient", p.recipient())
        .append("user", p.user())
        .append("channel", p.channel())
        .append("type", p.type())
        .append("address", p.address())
        .append("subject", p.subject())
        .append("body", p.body())
        .append("format", p.format())
        .append("status", p.status().wire())
        .append("attempts", p.attempts())
        .append("nextAttemptAt", p.nextAttemptAt() == null ? null : Date.from(p.nextAttemptAt()))
        .append("created", Date.from(p.created()))
        .append("updated", Date.from(p.created()))
        .append("history", history)
        .append("callbackUrl", p.callbackUrl())
        .append("fallbackOf", p.fallbackOf());
  }

  static Part part(Document d) {
    List<Part.Event> history = new ArrayList<>();
    for (Document e : d.getList("history", Document.class, List.of())) {
      history.add(
          new Part.Event(
              e.getString("kind"),
              e.getString("status"),
              e.getDate("at").toInstant(),
              e.getString("detail")));
    }
    Date next = d.getDate("nextAttemptAt");
    return new Part(
        d.getString("_id"),
        d.getString("messageId"),
        d.getString("application"),
        d.getString("recipient"),
        d.getString("user"),
        d.getString("channel"),
        d.getString("type"),
        d.getString("address"),
        d.getString("subject"),
        d.getString("body"),
        d.getString("format"),
        PartStatus.fromWire(d.getString("status")),
        d.getInteger("attempts", 0),
        next == null ? null : next.toInstant(),
        d.getDate("created").toInstant(),
        history,
        d.getString("callbackUrl"),
        d.getString("fallbackOf"));
  }

  @SuppressWarnings("unchecked")
  static NotificationRequest request(Document d) {
    List<Recipient> recipients = new ArrayList<>();
    for (Document r : d.getList("recipients", Document.class, List.of())) {
      recipients.add(new Recipient(r.getString("kind"), r.getString("value")));
    }
    Object data = d.get("data");
    return new NotificationRequest(
        d.getString("_id"),
        d.getString("application"),
        d.getString("template"),
        recipients,
        d.getList("channels", String.class, List.of()),
        data instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(),
        d.getString("locale"),
        d.getString("priority"),
        d.getString("callbackUrl"),
        d.getString("idempotencyKey"),
        d.getDate("created").toInstant());
  }
}
