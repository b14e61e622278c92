package io.switchboard.core.archive;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.switchboard.core.user.AccountData;
import io.switchboard.xmpp.Jid;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;

/**
 * Archiving preferences in the {@code archive_prefs} collection: {@code _id} = bare JID, {@code
 * default}, {@code always} and {@code never} (lists of JID strings). Reads are cached for {@code
 * switchboard.archive.cache-ttl}, since the router asks for every archived message; a write
 * refreshes this process's cache at once, other processes see it when their entry expires.
 */
@Singleton
public class ArchivePrefsStore implements AccountData {

  private final MongoCollection<Document> prefs;
  private final ArchivePrefs defaults;
  private final Cache<Jid, ArchivePrefs> cache;

  @Inject
  public ArchivePrefsStore(MongoDatabase db, ArchiveConfig config) {
    this.prefs = db.getCollection("archive_prefs");
    this.defaults = ArchivePrefs.of(ArchivePrefs.Mode.parse(config.defaultMode()));
    this.cache =
        Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(config.cacheTtl()).build();
  }

  /** The server's default preferences, for accounts that set none. */
  public ArchivePrefs defaults() {
    return defaults;
  }

  /** An account's preferences, or the defaults. */
  public ArchivePrefs get(Jid owner) {
    return cache.get(owner.bare(), this::load);
  }

  /** Replaces an account's preferences. */
  public void put(Jid owner, ArchivePrefs p) {
    Jid bare = owner.bare();
    Document d =
        new Document("_id", bare.toString())
            .append("default", p.defaultMode().value())
            .append("always", strings(p.always()))
            .append("never", strings(p.never()));
    prefs.replaceOne(Filters.eq("_id", bare.toString()), d, new ReplaceOptions().upsert(true));
    cache.put(bare, p);
  }

  /** Forgets an account's preferences (account removal). */
  public void delete(Jid owner) {
    prefs.deleteOne(Filters.eq("_id", owner.bare().toString()));
    cache.invalidate(owner.bare());
  }

  @Override
  public void deleteAccountData(Jid account) {
    delete(account);
  }

  private ArchivePrefs load(Jid bare) {
    Document d = prefs.find(Filters.eq("_id", bare.toString())).first();
    if (d == null) {
      return defaults;
    }
    ArchivePrefs.Mode mode = ArchivePrefs.Mode.parse(d.getString("default"));
    return new ArchivePrefs(
        mode == null ? defaults.defaultMode() : mode,
        jids(d.getList("always", String.class, List.of())),
        jids(d.getList("never", String.class, List.of())));
  }

  private static List<String> strings(Set<Jid> jids) {
    List<String> out = new ArrayList<>(jids.size());
    for (Jid j : jids) {
      out.add(j.toString());
    }
    out.sort(null);
    return out;
  }

  private static Set<Jid> jids(List<String> values) {
    Set<Jid> out = new HashSet<>();
    for (String v : values) {
      Jid j = Jid.ofOrNull(v);
      if (j != null) {
        out.add(j);
      }
    }
    return out;
  }
}
