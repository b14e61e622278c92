package io.switchboard.processor.pep;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.switchboard.core.user.AccountData;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StreamErrorException;
import io.switchboard.xmpp.XmlElement;
import io.switchboard.xmpp.XmlParser;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * PEP nodes and items in MongoDB.
 *
 * <ul>
 *   <li>{@code pep_nodes}: one document per node, {@code _id} = {@code "<owner> <node>"} (a bare
 *       JID has no space), {@code owner}, {@code node}, the configuration ({@code access}, {@code
 *       maxItems}, {@code persist}, {@code sendLast}, {@code notifyRetract}, {@code notifyDelete}),
 *       {@code seq} (the last publication's number) and {@code created}.
 *   <li>{@code pep_items}: one document per item, {@code _id} = {@code "<owner> <length of
 *       node>:<node> <item id>"} (unambiguous whatever the node and item ids hold), {@code owner},
 *       {@code node}, {@code item}, {@code seq} (order of publication; republishing an id makes it
 *       the newest), {@code xml} (the payload), {@code publisher}, {@code published}.
 * </ul>
 *
 * <p>No transactions: a publication takes the next {@code seq} from the node, writes the item, then
 * removes what is beyond the node's {@code max_items}; a crash in between leaves at most one item
 * too many until the next publication.
 */
@Singleton
public class PepStore implements AccountData {

  private final MongoCollection<Document> nodes;
  private final MongoCollection<Document> items;
  private final Clock clock;

  public PepStore(MongoDatabase db, Clock clock) {
    this.nodes = db.getCollection("pep_nodes");
    this.items = db.getCollection("pep_items");
    this.clock = clock;
    nodes.createIndex(Indexes.ascending("owner"));
    items.createIndex(Indexes.ascending("owner", "node", "seq"));
  }

  /** One node of an account. */
  Optional<PepNode> node(Jid owner, String node) {
    Document d = nodes.find(Filters.eq("_id", nodeId(owner, node))).first();
    return Optional.ofNullable(d).map(PepStore::decodeNode);
  }

  /** Every node of an account, by name. */
  List<PepNode> nodes(Jid owner) {
    List<PepNode> out = new ArrayList<>();
    for (Document d :
        nodes.find(Filters.eq("owner", owner.toString())).sort(Sorts.ascending("node"))) {
      out.add(decodeNode(d));
    }
    return out;
  }

  long nodeCount(Jid owner) {
    return nodes.countDocuments(Filters.eq("owner", owner.toString()));
  }

  /** Creates a node; false when it exists already. */
  boolean create(Jid owner, String node, NodeConfig config) {
    Document d =
        encodeConfig(new Document("_id", nodeId(owner, node)), config)
            .append("owner", owner.toString())
            .append("node", node)
            .append("seq", 0L)
            .append("created", Date.from(clock.instant()));
    try {
      nodes.insertOne(d);
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  /** Replaces a node's configuration and drops items beyond what it now keeps. */
  void configure(Jid owner, String node, NodeConfig config) {
    Bson set = Updates.combine(configUpdates(config));
    nodes.updateOne(Filters.eq("_id", nodeId(owner, node)), set);
    trim(owner, node, config.keptItems());
  }

  /** Deletes a node and its items; false when there was none. */
  boolean delete(Jid owner, String node) {
    boolean existed = nodes.deleteOne(Filters.eq("_id", nodeId(owner, node))).getDeletedCount() > 0;
    items.deleteMany(itemsOf(owner, node));
    return existed;
  }

  /** Removes every item of a node. */
  void purge(Jid owner, String node) {
    items.deleteMany(itemsOf(owner, node));
  }

  /**
   * Stores an item as the node's newest, replacing one with the same id, and drops the oldest
   * beyond {@code keep}.
   */
  PepItem publish(
      Jid owner, String node, String itemId, XmlElement payload, String publisher, int keep) {
    Document n =
        nodes.findOneAndUpdate(
            Filters.eq("_id", nodeId(owner, node)),
            Updates.inc("seq", 1L),
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    if (n == null) {
      throw new IllegalStateException("no node " + node + " of " + owner);
    }
    Instant now = clock.instant();
    Document item =
        new Document("_id", itemDocId(owner, node, itemId))
            .append("owner", owner.toString())
            .append("node", node)
            .append("item", itemId)
            .append("seq", n.getLong("seq"))
            .append("xml", payload.toXml())
            .append("publisher", publisher)
            .append("published", Date.from(now));
    items.replaceOne(Filters.eq("_id", item.get("_id")), item, new ReplaceOptions().upsert(true));
    trim(owner, node, keep);
    return new PepItem(itemId, payload, publisher, now);
  }

  /** Removes one item; false when the node has no such item. */
  boolean retract(Jid owner, String node, String itemId) {
    return items.deleteOne(Filters.eq("_id", itemDocId(owner, node, itemId))).getDeletedCount() > 0;
  }

  boolean hasItem(Jid owner, String node, String itemId) {
    return items.countDocuments(Filters.eq("_id", itemDocId(owner, node, itemId))) > 0;
  }

  /** The newest {@code max} items (all when {@code max} is 0), in order of publication. */
  List<PepItem> items(Jid owner, String node, int max) {
    var find = items.find(itemsOf(owner, node)).sort(Sorts.descending("seq"));
    if (max > 0) {
      find = find.limit(max);
    }
    List<PepItem> out = new ArrayList<>();
    for (Document d : find) {
      out.add(decodeItem(d));
    }
    Collections.reverse(out);
    return out;
  }

  /** The items with these ids that exist, in the order asked. */
  List<PepItem> items(Jid owner, String node, List<String> ids) {
    List<PepItem> out = new ArrayList<>();
    for (String id : ids) {
      Document d = items.find(Filters.eq("_id", itemDocId(owner, node, id))).first();
      if (d != null) {
        out.add(decodeItem(d));
      }
    }
    return out;
  }

  /** The newest item of a node. */
  Optional<PepItem> last(Jid owner, String node) {
    List<PepItem> one = items(owner, node, 1);
    return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
  }

  @Override
  public void deleteAccountData(Jid account) {
    String owner = account.bare().toString();
    items.deleteMany(Filters.eq("owner", owner));
    nodes.deleteMany(Filters.eq("owner", owner));
  }

  private void trim(Jid owner, String node, int keep) {
    Document oldestKept =
        items.find(itemsOf(owner, node)).sort(Sorts.descending("seq")).skip(keep - 1).first();
    if (oldestKept != null) {
      items.deleteMany(
          Filters.and(itemsOf(owner, node), Filters.lt("seq", oldestKept.getLong("seq"))));
    }
  }

  private static Bson itemsOf(Jid owner, String node) {
    return Filters.and(Filters.eq("owner", owner.toString()), Filters.eq("node", node));
  }

  private static String nodeId(Jid owner, String node) {
    return owner.bare() + " " + node;
  }

  private static String itemDocId(Jid owner, String node, String itemId) {
    return owner.bare() + " " + node.length() + ":" + node + " " + itemId;
  }

  private static Document encodeConfig(Document d, NodeConfig c) {
    return d.append("access", c.accessModel().value())
        .append("maxItems", c.maxItems())
        .append("persist", c.persistItems())
        .append("sendLast", c.sendLastItem().value())
        .append("notifyRetract", c.notifyRetract())
        .append("notifyDelete", c.notifyDelete());
  }

  private static List<Bson> configUpdates(NodeConfig c) {
    return List.of(
        Updates.set("access", c.accessModel().value()),
        Updates.set("maxItems", c.maxItems()),
        Updates.set("persist", c.persistItems()),
        Updates.set("sendLast", c.sendLastItem().value()),
        Updates.set("notifyRetract", c.notifyRetract()),
        Updates.set("notifyDelete", c.notifyDelete()));
  }

  private static PepNode decodeNode(Document d) {
    AccessModel access = AccessModel.parse(d.getString("access"));
    SendLastItem sendLast = SendLastItem.parse(d.getString("sendLast"));
    NodeConfig config =
        new NodeConfig(
            access == null ? AccessModel.PRESENCE : access,
            d.getInteger("maxItems", 1),
            d.getBoolean("persist", true),
            sendLast == null ? SendLastItem.ON_SUB_AND_PRESENCE : sendLast,
            d.getBoolean("notifyRetract", true),
            d.getBoolean("notifyDelete", true));
    return new PepNode(Jid.of(d.getString("owner")), d.getString("node"), config);
  }

  private static PepItem decodeItem(Document d) {
    XmlElement payload;
    try {
      payload = XmlParser.parse(d.getString("xml"));
    } catch (StreamErrorException e) {
      throw new IllegalStateException("unreadable PEP item " + d.get("_id"), e);
    }
    Date published = d.getDate("published");
    return new PepItem(
        d.getString("item"),
        payload,
        d.getString("publisher"),
        published == null ? Instant.EPOCH : published.toInstant());
  }
}
