package io.switchboard.core.blocking;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.switchboard.core.user.AccountData;
import io.switchboard.xmpp.Jid;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bson.Document;

/**
 * Block lists (XEP-0191) in the {@code blocklists} collection: {@code _id} = bare JID, {@code
 * items} = the blocked JIDs as strings, {@code updated}. An account that never blocked anybody has
 * no document.
 *
 * <p>Every routed stanza asks for its recipient's list and every stanza a client sends for its
 * sender's, so reads are cached. A write announces the change through {@link BlockListChanges}
 * after the store was written, and every process, this one included, drops its cached copy: a
 * stanza processed after the notice reached a process sees the new list. Entries also expire after
 * {@link #MAX_AGE}, a bound on staleness should a notice ever be lost without a reconnection.
 */
@Singleton
public class BlockListStore implements AccountData {

  static final Duration MAX_AGE = Duration.ofMinutes(10);

  /** The state of a list around one change: what the caller needs to act on it. */
  public record Change(BlockList before, BlockList after) {}

  private final MongoCollection<Document> lists;
  private final BlockListChanges changes;
  private final Clock clock;
  private final Cache<Jid, BlockList> cache =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(MAX_AGE).build();

  public BlockListStore(MongoDatabase db, BlockListChanges changes, Clock clock) {
    this.lists = db.getCollection("blocklists");
    this.changes = changes;
    this.clock = clock;
    changes.subscribe(
        new BlockListChanges.Listener() {
          @Override
          public void changed(Jid account) {
            cache.invalidate(account.bare());
          }

          @Override
          public void anyChanged() {
            cache.invalidateAll();
          }
        });
  }

  /** The block list of an account (empty if it blocked nobody). */
  public BlockList get(Jid account) {
    return cache.get(account.bare(), this::load);
  }

  /** Adds items to an account's list; items already there stay where they are. */
  public Change block(Jid account, Collection<Jid> items) {
    Jid bare = account.bare();
    Document before =
        lists.findOneAndUpdate(
            Filters.eq("_id", bare.toString()),
            Updates.combine(
                Updates.addEachToSet("items", strings(items)),
                Updates.set("updated", Date.from(clock.instant()))),
            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE));
    return changed(bare, decode(before), list -> list.plus(items));
  }

  /** Removes items from an account's list; items not in it are ignored. */
  public Change unblock(Jid account, Collection<Jid> items) {
    Jid bare = account.bare();
    Document before =
        lists.findOneAndUpdate(
            Filters.eq("_id", bare.toString()),
            Updates.combine(
                Updates.pullAll("items", strings(items)),
                Updates.set("updated", Date.from(clock.instant()))),
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
    return changed(bare, decode(before), list -> list.minus(items));
  }

  /** Empties an account's list. */
  public Change unblockAll(Jid account) {
    Jid bare = account.bare();
    Document before = lists.findOneAndDelete(Filters.eq("_id", bare.toString()));
    return changed(bare, decode(before), list -> BlockList.EMPTY);
  }

  @Override
  public void deleteAccountData(Jid account) {
    unblockAll(account);
  }

  private Change changed(Jid bare, BlockList before, UnaryOperator<BlockList> edit) {
    cache.invalidate(bare);
    changes.publish(bare);
    return new Change(before, edit.apply(before));
  }

  private BlockList load(Jid bare) {
    return decode(lists.find(Filters.eq("_id", bare.toString())).first());
  }

  private static BlockList decode(Document d) {
    if (d == null) {
      return BlockList.EMPTY;
    }
    List<Jid> items = new ArrayList<>();
    for (String s : d.getList("items", String.class, List.of())) {
      Jid j = Jid.ofOrNull(s);
      if (j != null) {
        items.add(j);
      }
    }
    return BlockList.of(items);
  }

  private static List<String> strings(Collection<Jid> jids) {
    List<String> out = new ArrayList<>(jids.size());
    for (Jid j : jids) {
      out.add(j.toString());
    }
    return out;
  }
}
