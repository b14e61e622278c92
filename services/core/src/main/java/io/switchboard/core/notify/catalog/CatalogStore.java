package io.switchboard.core.notify.catalog;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Date;
import java.util.Map;
import org.bson.Document;

/**
 * Channels, Templates, Applications and the Secrets they reference, as the operator writes them
 * into the server's MongoDB: collection {@code notify_catalog}, one document per resource, {@code
 * _id} {@code "<Kind>/<name>"}, {@code kind}, {@code name}, {@code json} (the whole resource as
 * JSON; for a Secret only its {@code stringData}), {@code updated}. The services read it back as a
 * {@link Catalog}. Secret values are held here because the services have no Kubernetes API access;
 * the store is as private as the messages it already keeps.
 */
@Singleton
public class CatalogStore {

  private final MongoCollection<Document> catalog;
  private final Clock clock;

  public CatalogStore(MongoDatabase db, Clock clock) {
    this.catalog = db.getCollection("notify_catalog");
    this.clock = clock;
  }

  /** Creates or replaces a Channel, Template or Application. */
  public void put(HasMetadata resource) {
    write(resource.getKind(), resource.getMetadata().getName(), ManifestReader.toJson(resource));
  }

  /** Creates or replaces a Secret's values. */
  public void putSecret(String name, Map<String, String> values) {
    Map<String, Object> secret =
        Map.of(
            "apiVersion",
            "v1",
            "kind",
            "Secret",
            "metadata",
            Map.of("name", name),
            "stringData",
            values);
    write("Secret", name, ManifestReader.toJson(secret));
  }

  /** Removes a resource; true when it existed. */
  public boolean delete(String kind, String name) {
    return catalog.deleteOne(Filters.eq("_id", kind + "/" + name)).getDeletedCount() > 0;
  }

  /** Everything stored, as a catalog. */
  public Catalog read() {
    ManifestReader reader = new ManifestReader();
    for (Document doc : catalog.find()) {
      reader.add(ManifestReader.parseJson(doc.getString("json")), "store " + doc.get("_id"));
    }
    return reader.build();
  }

  private void write(String kind, String name, String json) {
    Document doc =
        new Document("_id", kind + "/" + name)
            .append("kind", kind)
            .append("name", name)
            .append("json", json)
            .append("updated", Date.from(clock.instant()));
    catalog.replaceOne(Filters.eq("_id", doc.get("_id")), doc, new ReplaceOptions().upsert(true));
  }
}
