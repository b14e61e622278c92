package io.switchboard.core.capabilities;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;

/**
 * What the server announces in service discovery, as the processor computed it, in the {@code
 * server_info} collection: so that access nodes, which do not run the processor's handlers, can put
 * the XEP-0115 verification string into their stream features.
 */
@Singleton
public class ServerInfoStore {

  /** The published capabilities of a domain. */
  public record Capabilities(String ver, java.util.List<String> features) {}

  private final MongoCollection<Document> info;
  private final Clock clock;

  public ServerInfoStore(MongoDatabase db, Clock clock) {
    this.info = db.getCollection("server_info");
    this.clock = clock;
  }

  public void publish(String domain, String ver, Collection<String> features) {
    info.replaceOne(
        Filters.eq("_id", domain),
        new Document("_id", domain)
            .append("capsVer", ver)
            .append("features", new ArrayList<>(features))
            .append("updated", Date.from(clock.instant())),
        new ReplaceOptions().upsert(true));
  }

  public Optional<Capabilities> find(String domain) {
    Document d = info.find(Filters.eq("_id", domain)).first();
    return d == null
        ? Optional.empty()
        : Optional.of(
            new Capabilities(d.getString("capsVer"), d.getList("features", String.class)));
  }
}
