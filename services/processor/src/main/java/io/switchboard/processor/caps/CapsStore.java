package io.switchboard.processor.caps;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.switchboard.core.session.SessionEntry;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;

/**
 * The disco#info features behind verified XEP-0115 verification strings, shared by every account
 * (as ejabberd's caps cache): collection {@code caps_features}, {@code _id} = {@code "<hash>
 * <ver>"}, {@code features}, {@code updated}. A verification string names one answer forever, so
 * entries never change; the most used ones are kept in memory.
 */
@Singleton
public class CapsStore {

  private final MongoCollection<Document> caps;
  private final Clock clock;
  private final Cache<String, Set<String>> cache =
      Caffeine.newBuilder().maximumSize(10_000).build();

  public CapsStore(MongoDatabase db, Clock clock) {
    this.caps = db.getCollection("caps_features");
    this.clock = clock;
  }

  /** The features behind a verification string, if it was verified before. */
  public Optional<Set<String>> features(ClientCaps c) {
    Set<String> known = cache.getIfPresent(c.key());
    if (known != null) {
      return Optional.of(known);
    }
    Document d = caps.find(Filters.eq("_id", c.key())).first();
    if (d == null) {
      return Optional.empty();
    }
    Set<String> features = Set.copyOf(d.getList("features", String.class, List.of()));
    cache.put(c.key(), features);
    return Optional.of(features);
  }

  /**
   * The features an available resource announced through its last presence: empty when it sent no
   * capabilities or their answer is not known yet.
   */
  public Set<String> features(SessionEntry resource) {
    ClientCaps c = ClientCaps.of(resource.presence());
    return c == null ? Set.of() : features(c).orElse(Set.of());
  }

  /** Records the verified features of a verification string. */
  public void save(ClientCaps c, Set<String> features) {
    Set<String> copy = Set.copyOf(features);
    caps.replaceOne(
        Filters.eq("_id", c.key()),
        new Document("_id", c.key())
            .append("features", new ArrayList<>(copy))
            .append("updated", Date.from(clock.instant())),
        new ReplaceOptions().upsert(true));
    cache.put(c.key(), copy);
  }
}
