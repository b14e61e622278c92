package io.switchboard.core.offline;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.switchboard.core.user.AccountData;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StreamErrorException;
import io.switchboard.xmpp.XmlElement;
import io.switchboard.xmpp.XmlParser;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.Min;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offline messages (XEP-0160) in the {@code offline} collection: one document per stored message,
 * keyed by the envelope id that carried it, so storing the same envelope twice (an at-least-once
 * redelivery) stores it once.
 */
@Singleton
public class OfflineStore implements AccountData {

  /**
   * Limits.
   *
   * @param maxPerUser messages kept per account; further ones are refused with an error
   */
  @ConfigurationProperties("switchboard.offline")
  public record Config(@Bindable(defaultValue = "1000") @Min(0) int maxPerUser) {}

  /** The outcome of {@link #store}. */
  public enum Result {
    STORED,
    FULL
  }

  /** A stored message: its id and the stanza (with its delay stamp). */
  public record Stored(String id, XmlElement stanza) {}

  private static final Logger LOG = LoggerFactory.getLogger(OfflineStore.class);

  private final MongoCollection<Document> messages;
  private final Config config;

  public OfflineStore(MongoDatabase db, Config config) {
    this.messages = db.getCollection("offline");
    this.config = config;
    messages.createIndex(Indexes.ascending("owner", "seq"));
  }

  /**
   * Stores a message for an account.
   *
   * @param id de-duplication key (the envelope id)
   * @param seq ordering key: messages are returned by ascending seq, then id
   */
  public Result store(String id, Jid owner, XmlElement stanza, long seq, Date stamp) {
    if (messages.countDocuments(Filters.eq("owner", owner.bare().toString()))
        >= config.maxPerUser()) {
      return Result.FULL;
    }
    try {
      messages.insertOne(
          new Document("_id", id)
              .append("owner", owner.bare().toString())
              .append("seq", seq)
              .append("stamp", stamp)
              .append("stanza", stanza.toXml()));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
    }
    return Result.STORED;
  }

  /** The messages of an account, oldest first. */
  public List<Stored> list(Jid owner) {
    List<Stored> out = new ArrayList<>();
    for (Document d :
        messages
            .find(Filters.eq("owner", owner.bare().toString()))
            .sort(Sorts.ascending("seq", "_id"))) {
      try {
        out.add(new Stored(d.getString("_id"), XmlParser.parse(d.getString("stanza"))));
      } catch (StreamErrorException e) {
        LOG.error("dropping unreadable offline message {}: {}", d.getString("_id"), e.getMessage());
        delete(List.of(d.getString("_id")));
      }
    }
    return out;
  }

  public long count(Jid owner) {
    return messages.countDocuments(Filters.eq("owner", owner.bare().toString()));
  }

  public void delete(List<String> ids) {
    if (!ids.isEmpty()) {
      messages.deleteMany(Filters.in("_id", ids));
    }
  }

  public void deleteAll(Jid owner) {
    messages.deleteMany(Filters.eq("owner", owner.bare().toString()));
  }

  @Override
  public void deleteAccountData(Jid account) {
    deleteAll(account);
  }
}
