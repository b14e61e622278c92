package io.switchboard.core.notify.message;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.switchboard.core.user.AccountData;
import io.switchboard.xmpp.Jid;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The in-app inbox: collection {@code notify_inbox}, one document per in-app part ({@code _id} the
 * part id), {@code user}, {@code messageId}, {@code application}, {@code subject}, {@code body},
 * {@code format}, {@code data}, {@code created}, {@code read} (a date, or null while unread).
 */
@Singleton
public class InboxStore implements AccountData {

  private final MongoCollection<Document> inbox;
  private final Clock clock;

  public InboxStore(MongoDatabase db, Clock clock) {
    this.inbox = db.getCollection("notify_inbox");
    this.clock = clock;
    inbox.createIndex(Indexes.ascending("user", "_id"));
  }

  /** Files an in-app part into its user's inbox, once. */
  public void add(Part part, Map<String, Object> data) {
    Document doc =
        new Document("user", part.user())
            .append("messageId", part.messageId())
            .append("application", part.application())
            .append("subject", part.subject())
            .append("body", part.body())
            .append("format", part.format())
            .append("data", new Document(data))
            .append("created", Date.from(part.created()))
            .append("read", null);
    inbox.updateOne(
        Filters.eq("_id", part.id()),
        new Document("$setOnInsert", doc),
        new UpdateOptions().upsert(true));
  }

  /**
   * A page of a user's inbox entries sent by one application, newest first; part ids sort by
   * message acceptance.
   */
  public MessageStore.Page list(
      String application, String user, boolean unreadOnly, String cursor, int limit) {
    List<Bson> filters = new ArrayList<>();
    filters.add(Filters.eq("user", user));
    filters.add(Filters.eq("application", application));
    if (unreadOnly) {
      filters.add(Filters.eq("read", null));
    }
    if (cursor != null) {
      filters.add(Filters.lt("_id", MessageStore.decodePartCursor(cursor)));
    }
    List<Document> page = new ArrayList<>();
    for (Document d :
        inbox.find(Filters.and(filters)).sort(Sorts.descending("_id")).limit(limit + 1)) {
      page.add(d);
    }
    String next = null;
    if (page.size() > limit) {
      page = page.subList(0, limit);
      next = MessageStore.encodeCursor(page.get(limit - 1).getString("_id"));
    }
    return new MessageStore.Page(page, next);
  }

  /** Unread entries of a user sent by one application. */
  public long unreadCount(String application, String user) {
    return inbox.countDocuments(
        Filters.and(
            Filters.eq("user", user),
            Filters.eq("application", application),
            Filters.eq("read", null)));
  }

  public Optional<Document> find(String application, String user, String id) {
    return Optional.ofNullable(
        inbox
            .find(
                Filters.and(
                    Filters.eq("_id", id),
                    Filters.eq("user", user),
                    Filters.eq("application", application)))
            .first());
  }

  /** Marks one entry read; false when the user has no such entry. Reading twice is harmless. */
  public boolean markRead(String application, String user, String id) {
    if (find(application, user, id).isEmpty()) {
      return false;
    }
    inbox.updateOne(
        Filters.and(Filters.eq("_id", id), Filters.eq("user", user), Filters.eq("read", null)),
        Updates.set("read", Date.from(clock.instant())));
    return true;
  }

  /** Marks every unread entry of a user read; the ids that changed. */
  public List<String> markAllRead(String application, String user) {
    List<String> ids = new ArrayList<>();
    for (Document d :
        inbox.find(
            Filters.and(
                Filters.eq("user", user),
                Filters.eq("application", application),
                Filters.eq("read", null)))) {
      ids.add(d.getString("_id"));
    }
    if (!ids.isEmpty()) {
      inbox.updateMany(
          Filters.and(Filters.in("_id", ids), Filters.eq("read", null)),
          Updates.set("read", Date.from(clock.instant())));
    }
    return ids;
  }

  @Override
  public void deleteAccountData(Jid account) {
    inbox.deleteMany(Filters.eq("user", account.local()));
  }
}
