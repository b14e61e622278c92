package io.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which filters the id lookup takes, and the id-only filter it derives from them. */
class IdLookupQueryTest {

  @Test
  void plainEqAndInValuesBecomeIdOnlyFilters() {
    assertThat(IdLookupH2Collection.idQuery(new Document("_id", "m1").append("state", "x"), "_id"))
        .isEqualTo(new Document("_id", "m1"));
    assertThat(
            IdLookupH2Collection.idQuery(
                new Document("_id", new Document("$eq", 5)).append("state", "x"), "_id"))
        .isEqualTo(new Document("_id", 5));
    assertThat(
            IdLookupH2Collection.idQuery(
                new Document("_id", new Document("$in", List.of("a", "b"))).append("n", 1), "_id"))
        .isEqualTo(new Document("_id", new Document("$in", List.of("a", "b"))));
  }

  @Test
  void anIdClauseOfATopLevelAndIsTaken() {
    // The driver renders Filters.and(...) as $and, also when the fields differ.
    assertThat(
            Filters.and(Filters.eq("_id", "m1"), Filters.lt("count", 2))
                .toBsonDocument()
                .containsKey("$and"))
        .isTrue();
    Document and =
        new Document(
            "$and",
            List.of(
                new Document("count", new Document("$lt", 2)),
                new Document("_id", new Document("$in", List.of("a", "b")))));
    assertThat(IdLookupH2Collection.idQuery(and, "_id"))
        .isEqualTo(new Document("_id", new Document("$in", List.of("a", "b"))));
    Document nested =
        new Document(
            "$and",
            List.of(
                new Document("$and", List.of(new Document("_id", "m1"))),
                new Document("state", "x")));
    assertThat(IdLookupH2Collection.idQuery(nested, "_id")).isEqualTo(new Document("_id", "m1"));
    Document rangeAndEq =
        new Document("_id", new Document("$gte", "a"))
            .append("$and", List.of(new Document("_id", "m2")));
    assertThat(IdLookupH2Collection.idQuery(rangeAndEq, "_id"))
        .isEqualTo(new Document("_id", "m2"));
  }

  @Test
  void otherIdConditionsAreLeftToTheLibrary() {
    assertThat(
            IdLookupH2Collection.idQuery(
                new Document("$or", List.of(new Document("_id", "m1"), new Document("state", "x"))),
                "_id"))
        .isNull();
    assertThat(
            IdLookupH2Collection.idQuery(
                new Document("$and", List.of(new Document("_id", new Document("$ne", "m1")))),
                "_id"))
        .isNull();
    assertThat(IdLookupH2Collection.idQuery(new Document("state", "x"), "_id")).isNull();
    assertThat(IdLookupH2Collection.idQuery(new Document("_id", null), "_id")).isNull();
    assertThat(IdLookupH2Collection.idQuery(new Document("_id", new Document("$gt", "a")), "_id"))
        .isNull();
    assertThat(
            IdLookupH2Collection.idQuery(
                new Document("_id", new Document("$in", List.of("a")).append("$ne", "b")), "_id"))
        .isNull();
    assertThat(
            IdLookupH2Collection.idQuery(
                new Document("_id", new Document("$in", List.of(new Document("k", 1)))), "_id"))
        .isNull();
    assertThat(IdLookupH2Collection.idQuery(new Document("_id", new Document("k", 1)), "_id"))
        .isNull();
    assertThat(IdLookupH2Collection.idQuery(new Document("_id", List.of(1, 2)), "_id")).isNull();
    assertThat(
            IdLookupH2Collection.idQuery(
                new Document("_id", new BsonRegularExpression("^a")).append("n", 1), "_id"))
        .isNull();
  }
}
