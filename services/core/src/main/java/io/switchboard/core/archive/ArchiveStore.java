package io.switchboard.core.archive;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.core.user.AccountData;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StreamErrorException;
import io.switchboard.xmpp.XmlParser;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Message archives (XEP-0313) in the {@code archive} collection, one document per message and
 * account:
 *
 * <ul>
 *   <li>{@code _id}: {@code "<owner bare JID> <archive id>"}. Archive ids sort chronologically
 *       ({@link ArchiveId}), so one account's archive is one contiguous, ordered range of the
 *       primary key, and a redelivered message (same envelope, same id) is a duplicate key.
 *   <li>{@code owner}, {@code with} (the other party's bare JID), {@code withFull} (its full JID
 *       when known), {@code dir} ({@code in}/{@code out}), {@code us} (epoch µs), {@code xml} (the
 *       message).
 * </ul>
 *
 * Writes go through an {@link ArchiveWriter} (batched, off the caller's path); queries first wait
 * for the writes this process queued before them.
 */
@Singleton
public class ArchiveStore implements AccountData, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ArchiveStore.class);
  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);

  /** A page of results and the number of messages the filters match in total. */
  public record Result(List<ArchivedMessage> items, boolean complete, long count) {}

  private final MongoCollection<Document> archive;
  private final ArchiveWriter writer;

  public ArchiveStore(MongoDatabase db, ArchiveConfig config, PipelineMetrics metrics) {
    this.archive = db.getCollection("archive");
    archive.createIndex(Indexes.ascending("owner", "with", "_id"));
    this.writer =
        new ArchiveWriter(
            archive,
            config.queueCapacity(),
            config.batchSize(),
            config.flushInterval(),
            config.offerTimeout(),
            metrics,
            "archive");
    metrics.registry().gauge("switchboard.archive.pending", writer, w -> (double) w.pending());
  }

  /**
   * Queues a message for an account's archive.
   *
   * @param id the archive id ({@link ArchiveId#of})
   * @param incoming whether the owner received it (else sent it)
   * @param other the other party (full JID when known)
   * @param xml the message, serialized
   */
  public void archive(Jid owner, String id, boolean incoming, Jid other, long micros, String xml) {
    String o = owner.bare().toString();
    Document d =
        new Document("_id", ArchivePaging.key(o, id))
            .append("owner", o)
            .append("with", other.bare().toString())
            .append("withFull", other.isBare() ? null : other.toString())
            .append("dir", incoming ? "in" : "out")
            .append("us", micros)
            .append("xml", xml);
    writer.submit(d);
  }

  /** Waits until the writes this process queued so far are in the store. */
  public void awaitWrites() {
    try {
      if (!writer.flush(FLUSH_TIMEOUT)) {
        LOG.warn("archive writes still pending after {}", FLUSH_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether an account's archive holds a message with this id. */
  public boolean contains(Jid owner, String id) {
    if (!ArchiveId.isWellFormed(id)) {
      return false;
    }
    return archive
            .find(Filters.eq("_id", ArchivePaging.key(owner.bare().toString(), id)))
            .projection(Projections.include("_id"))
            .first()
        != null;
  }

  /**
   * Runs a query: waits for this process's pending writes, then reads one page (up to {@code max}
   * items) and the total count of what the filters match. Unknown {@code after}/{@code before} ids
   * are the caller's to check ({@link #contains}).
   */
  public Result query(ArchiveQuery q) {
    awaitWrites();
    Bson filters = filters(q, false);
    long count = archive.countDocuments(filters);
    if (q.max() == 0) {
      return new Result(List.of(), count == 0, count);
    }
    ArchivePaging.Bounds bounds = ArchivePaging.bounds(q);
    List<ArchivedMessage> fetched = new ArrayList<>(Math.min(q.max() + 1, 256));
    if (!bounds.empty()) {
      for (Document d :
          archive
              .find(filters(q, true))
              .sort(q.backwards() ? Sorts.descending("_id") : Sorts.ascending("_id"))
              .limit(q.max() + 1)) {
        ArchivedMessage m = decode(d);
        if (m != null) {
          fetched.add(m);
        }
      }
    }
    ArchivePaging.Page<ArchivedMessage> page =
        ArchivePaging.page(fetched, q.max(), q.backwards(), q.flip());
    return new Result(page.items(), page.complete(), count);
  }

  /** Deletes an account's archive (account removal). */
  public long deleteAll(Jid owner) {
    awaitWrites();
    return archive.deleteMany(Filters.eq("owner", owner.bare().toString())).getDeletedCount();
  }

  @Override
  public void deleteAccountData(Jid account) {
    deleteAll(account);
  }

  private static Bson filters(ArchiveQuery q, boolean paged) {
    List<Bson> all = new ArrayList<>(4);
    String owner = q.owner().toString();
    all.add(Filters.eq("owner", owner));
    if (q.with() != null) {
      all.add(
          q.with().isBare()
              ? Filters.eq("with", q.with().toString())
              : Filters.eq("withFull", q.with().toString()));
    }
    ArchivePaging.Bounds b =
        ArchivePaging.bounds(
            paged
                ? q
                : new ArchiveQuery(
                    q.owner(), q.with(), q.startMicros(), q.endMicros(), null, null, 0, false));
    all.add(b.lowerInclusive() ? Filters.gte("_id", b.lower()) : Filters.gt("_id", b.lower()));
    all.add(Filters.lt("_id", b.upper()));
    return Filters.and(all);
  }

  private static ArchivedMessage decode(Document d) {
    String key = d.getString("_id");
    try {
      return new ArchivedMessage(
          key.substring(key.indexOf(' ') + 1),
          d.getLong("us"),
          XmlParser.parse(d.getString("xml")));
    } catch (StreamErrorException | RuntimeException e) {
      LOG.error("skipping unreadable archived message {}: {}", key, e.toString());
      return null;
    }
  }

  @PreDestroy
  @Override
  public void close() {
    writer.close();
  }
}
