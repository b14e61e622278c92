package io.switchboard.processor.privatedata;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import io.switchboard.core.user.AccountData;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StreamErrorException;
import io.switchboard.xmpp.XmlElement;
import io.switchboard.xmpp.XmlParser;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * XEP-0049 private XML in the {@code private_data} collection, one document per account and
 * namespace: {@code _id} is {@code "<bare JID> <namespace>"} (a bare JID has no space), {@code jid}
 * and {@code ns} repeat the two parts, {@code xml} is the stored elements serialized inside a
 * {@code <query xmlns='jabber:iq:private'/>}, {@code updated} the time of the last write. Writes
 * replace the whole document, so repeating one is harmless.
 */
@Singleton
public class PrivateDataStore implements AccountData {

  private final MongoCollection<Document> data;
  private final Clock clock;

  public PrivateDataStore(MongoDatabase db, Clock clock) {
    this.data = db.getCollection("private_data");
    this.clock = clock;
    data.createIndex(Indexes.ascending("jid"));
  }

  /** The elements stored for an account under a namespace, if any. */
  public Optional<List<XmlElement>> find(Jid owner, String namespace) {
    Document doc = data.find(Filters.eq("_id", id(owner, namespace))).first();
    if (doc == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(XmlParser.parse(doc.getString("xml")).elements());
    } catch (StreamErrorException e) {
      throw new IllegalStateException("unreadable private XML of " + owner + " " + namespace, e);
    }
  }

  /** Replaces what an account stores under a namespace. */
  public void put(Jid owner, String namespace, List<XmlElement> elements) {
    XmlElement.Builder wrapper = XmlElement.builder("query", PrivateDataHandler.NS);
    elements.forEach(wrapper::child);
    Document doc =
        new Document("_id", id(owner, namespace))
            .append("jid", owner.bare().toString())
            .append("ns", namespace)
            .append("xml", wrapper.build().toXml())
            .append("updated", Date.from(clock.instant()));
    data.replaceOne(Filters.eq("_id", doc.get("_id")), doc, new ReplaceOptions().upsert(true));
  }

  /** Removes everything an account stored; the number of namespaces removed. */
  public long deleteAll(Jid owner) {
    return data.deleteMany(Filters.eq("jid", owner.bare().toString())).getDeletedCount();
  }

  @Override
  public void deleteAccountData(Jid account) {
    deleteAll(account);
  }

  private static String id(Jid owner, String namespace) {
    return owner.bare() + " " + namespace;
  }
}
