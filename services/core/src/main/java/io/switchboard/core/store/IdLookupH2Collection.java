package io.switchboard.core.store;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import io.micronaut.core.annotation.Nullable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.type.DataType;

/**
 * An H2 collection that takes the candidates of a filter such as {@code {_id: X, status: {$in:
 * [...]}}} or {@code {$and: [{_id: X}, {count: {$lt: 5}}]}} from the {@code _id} index and matches
 * the whole filter on those only.
 *
 * <p>mongo-java-server 1.47.0 uses an index only when the filter's field set equals the index's
 * keys, so every guarded update ({@code _id} plus a condition) scanned the whole collection. Real
 * MongoDB answers these from the {@code _id} index; this does the same. The filter is still matched
 * in full by the library's matcher, so the result is the same as a scan's: candidates are put in
 * the order a scan would visit them (the data map's key order, or the library's {@code $natural:
 * -1} order) before sorting, skipping and limiting.
 *
 * <p>Filters the library already answers from an index, and filters whose {@code _id} part is not a
 * plain value, {@code {$eq: value}} or {@code {$in: [values]}}, go the library's way unchanged.
 */
final class IdLookupH2Collection extends H2Collection {

  private final DataType<Object> keyOrder;

  IdLookupH2Collection(
      MongoDatabase database,
      String collectionName,
      CollectionOptions options,
      MVMap<Object, Document> dataMap,
      MVMap<String, Object> metaMap,
      CursorRegistry cursorRegistry) {
    super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
    this.keyOrder = dataMap.getKeyType();
  }

  @Override
  protected QueryResult queryDocuments(
      Document query,
      Document orderBy,
      int numberToSkip,
      int limit,
      int batchSize,
      Document fieldSelector) {
    String idField = getIdField();
    Document idQuery = idField == null ? null : idQuery(query, idField);
    Index<Object> idIndex = idQuery == null ? null : idIndexFor(query, idQuery, idField);
    if (idIndex == null) {
      return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }
    List<Object> positions = new ArrayList<>();
    idIndex.getPositions(idQuery).forEach(positions::add);
    if (positions.size() > 1) {
      positions.sort(isNaturalDescending(orderBy) ? ValueComparator.desc() : keyOrder::compare);
    }
    return matchDocuments(query, positions, orderBy, numberToSkip, limit, batchSize, fieldSelector);
  }

  /**
   * The unique {@code _id} index when this collection should answer {@code query} from it by {@code
   * idQuery}; null when the library's own way applies (an index of its own handles the filter, or
   * there is no {@code _id} index that takes {@code idQuery}).
   */
  private @Nullable Index<Object> idIndexFor(Document query, Document idQuery, String idField) {
    Index<Object> idIndex = null;
    for (Index<Object> index : getIndexes()) {
      if (index.canHandle(query)) {
        return null;
      }
      if (idIndex == null && index.isUnique() && isOnlyKey(index, idField)) {
        idIndex = index;
      }
    }
    return idIndex != null && idIndex.canHandle(idQuery) ? idIndex : null;
  }

  private static boolean isOnlyKey(Index<Object> index, String field) {
    List<IndexKey> keys = index.getKeys();
    return keys.size() == 1 && keys.get(0).getKey().equals(field);
  }

  /**
   * The part of {@code query} that looks documents up by id, as a filter on the id field alone
   * ({@code {_id: v}} or {@code {_id: {$in: [...]}}}); null when the filter has no such part. The
   * part is either the filter's own id field or a clause of its top-level {@code $and} (the driver
   * renders {@code Filters.and(eq("_id", x), ...)} as {@code {$and: [{_id: x}, ...]}}): a document
   * that matches the whole filter matches that part. Values that are documents, arrays, regular
   * expressions or null are left to the library, whose matching of those is more than a key lookup.
   */
  static @Nullable Document idQuery(Document query, String idField) {
    if (query.containsKey(idField)) {
      Document lookup = lookup(idField, query.get(idField));
      if (lookup != null) {
        return lookup;
      }
    }
    if (query.get("$and") instanceof Collection<?> clauses) {
      for (Object clause : clauses) {
        if (clause instanceof Document conjunct) {
          Document lookup = idQuery(conjunct, idField);
          if (lookup != null) {
            return lookup;
          }
        }
      }
    }
    return null;
  }

  private static @Nullable Document lookup(String idField, @Nullable Object value) {
    if (value instanceof Document condition) {
      if (condition.size() != 1) {
        return null;
      }
      if (condition.containsKey("$eq")) {
        Object operand = condition.get("$eq");
        return isLookupValue(operand) ? new Document(idField, operand) : null;
      }
      if (condition.containsKey("$in") && condition.get("$in") instanceof Collection<?> values) {
        for (Object v : values) {
          if (!isLookupValue(v)) {
            return null;
          }
        }
        return new Document(idField, new Document("$in", new ArrayList<>(values)));
      }
      return null;
    }
    return isLookupValue(value) ? new Document(idField, value) : null;
  }

  private static boolean isLookupValue(@Nullable Object value) {
    return value != null
        && !(value instanceof Document)
        && !(value instanceof Collection<?>)
        && !(value instanceof BsonRegularExpression)
        && !(value instanceof Pattern);
  }
}
