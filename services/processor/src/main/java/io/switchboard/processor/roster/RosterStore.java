package io.switchboard.processor.roster;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.switchboard.core.user.AccountData;
import io.switchboard.xmpp.Jid;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * Rosters in MongoDB: collection {@code roster_items}, one document per (owner, contact), and
 * {@code roster_versions}, one counter per owner that every change increments (roster versioning,
 * RFC 6121 §2.6). Two single-document writes, no transaction: a crash between them leaves the
 * version behind, which only makes a client fetch the full roster once more.
 */
@Singleton
public class RosterStore implements AccountData {

  private final MongoCollection<Document> items;
  private final MongoCollection<Document> versions;

  public RosterStore(MongoDatabase db) {
    this.items = db.getCollection("roster_items");
    this.versions = db.getCollection("roster_versions");
    items.createIndex(Indexes.ascending("owner"));
  }

  public Optional<RosterItem> find(Jid owner, Jid contact) {
    return Optional.ofNullable(items.find(Filters.eq("_id", id(owner, contact))).first())
        .map(RosterStore::decode);
  }

  public RosterItem get(Jid owner, Jid contact) {
    return find(owner, contact).orElse(RosterItem.empty(owner, contact));
  }

  /** Every item of an owner, listed or pending. */
  public List<RosterItem> all(Jid owner) {
    List<RosterItem> out = new ArrayList<>();
    for (Document d : items.find(Filters.eq("owner", owner.toString()))) {
      out.add(decode(d));
    }
    return out;
  }

  /** Stores an item (or deletes it when void) and returns the owner's new roster version. */
  public long save(RosterItem item) {
    String id = id(item.owner(), item.contact());
    if (item.isVoid()) {
      items.deleteOne(Filters.eq("_id", id));
    } else {
      items.replaceOne(Filters.eq("_id", id), encode(item), new ReplaceOptions().upsert(true));
    }
    return bump(item.owner());
  }

  /**
   * Deletes every item of a removed account and its roster version. Contacts' items for the account
   * stay: account removal first cancels the subscriptions both ways, as for a roster removal.
   */
  @Override
  public void deleteAccountData(Jid account) {
    String owner = account.bare().toString();
    items.deleteMany(Filters.eq("owner", owner));
    versions.deleteOne(Filters.eq("_id", owner));
  }

  public long version(Jid owner) {
    Document d = versions.find(Filters.eq("_id", owner.toString())).first();
    return d == null ? 0 : d.getLong("ver");
  }

  private long bump(Jid owner) {
    Document d =
        versions.findOneAndUpdate(
            Filters.eq("_id", owner.toString()),
            Updates.inc("ver", 1L),
            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
    return d == null ? 0 : d.getLong("ver");
  }

  private static String id(Jid owner, Jid contact) {
    return owner + " " + contact;
  }

  private static Document encode(RosterItem i) {
    return new Document("_id", id(i.owner(), i.contact()))
        .append("owner", i.owner().toString())
        .append("contact", i.contact().toString())
        .append("listed", i.listed())
        .append("name", i.name())
        .append("groups", i.groups())
        .append("subscription", i.subscription().value())
        .append("ask", i.askSubscribe())
        .append("pendingIn", i.pendingIn())
        .append("preApproved", i.preApproved())
        .append("pendingStanza", i.pendingStanza());
  }

  private static RosterItem decode(Document d) {
    return new RosterItem(
        Jid.of(d.getString("owner")),
        Jid.of(d.getString("contact")),
        d.getBoolean("listed", false),
        d.getString("name"),
        d.getList("groups", String.class, List.of()),
        RosterItem.Subscription.parse(d.getString("subscription")),
        d.getBoolean("ask", false),
        d.getBoolean("pendingIn", false),
        d.getBoolean("preApproved", false),
        d.getString("pendingStanza"));
  }
}
