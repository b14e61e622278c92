package io.switchboard.core.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The H2 (MVStore) backend of mongo-java-server, with collections that answer a filter naming
 * {@code _id} next to other fields from the {@code _id} index ({@link IdLookupH2Collection}).
 * Everything else, the file layout included, is the library's: the data and meta maps are opened
 * under the names {@code H2Database} gives them, so a folder written by the stock backend opens
 * here and the other way round.
 */
final class IdLookupH2Backend extends H2Backend {

  /** Map-name prefixes of {@code H2Database} (1.47.0): documents and collection metadata. */
  static final String DATA_MAP_PREFIX = "databases.";

  static final String META_MAP_PREFIX = "meta.";

  IdLookupH2Backend(String fileName) {
    super(fileName);
  }

  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    return new Database(databaseName, getMvStore(), getCursorRegistry());
  }

  /**
   * A database whose collections are {@link IdLookupH2Collection}s. It is an inner class on
   * purpose: {@code H2Database}'s constructor already opens the existing collections, before any
   * field of a subclass is set, and the enclosing backend's store is reachable at that point.
   */
  private final class Database extends H2Database {

    Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
      super(databaseName, store, cursorRegistry);
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(
        String collectionName, CollectionOptions options) {
      MVStore store = IdLookupH2Backend.this.getMvStore();
      String fullName = getFullCollectionNamespace(collectionName);
      MVMap<Object, Document> dataMap = store.openMap(DATA_MAP_PREFIX + fullName);
      MVMap<String, Object> metaMap = store.openMap(META_MAP_PREFIX + fullName);
      return new IdLookupH2Collection(
          this, collectionName, options, dataMap, metaMap, cursorRegistry);
    }
  }
}
