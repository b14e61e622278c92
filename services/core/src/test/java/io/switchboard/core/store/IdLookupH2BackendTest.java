package io.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.DeleteResult;
import com.mongodb.client.result.UpdateResult;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The id-lookup backend against the stock H2 backend, both through the real driver over TCP: every
 * operation runs on both, must give the same answer, and the answer is checked too.
 */
class IdLookupH2BackendTest {

  @TempDir Path dir;

  private Side stock;
  private Side lookup;

  /** One server, its client and the collection under test. */
  private record Side(H2Backend backend, MongoServer server, MongoClient client) {

    static Side start(H2Backend backend) {
      MongoServer server = new MongoServer(backend);
      server.bind("127.0.0.1", 0);
      MongoClient client =
          MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
      return new Side(backend, server, client);
    }

    MongoCollection<Document> parts() {
      return client.getDatabase("switchboard").getCollection("parts");
    }

    void stop() {
      client.close();
      server.shutdown();
      backend.close();
    }
  }

  @BeforeEach
  void start() {
    stock = Side.start(new H2Backend(dir.resolve("stock.mv").toString()));
    lookup = Side.start(new IdLookupH2Backend(dir.resolve("lookup.mv").toString()));
    List<Document> seed = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      seed.add(
          new Document("_id", "p" + (i < 10 ? "0" : "") + i)
              .append("status", i % 3 == 0 ? "sent" : "queued")
              .append("attempts", i % 4)
              .append("to", "user" + (i % 5)));
    }
    seed.add(new Document("_id", 7).append("status", "queued").append("attempts", 0));
    seed.add(new Document("_id", new ObjectId()).append("status", "queued").append("attempts", 9));
    both(c -> c.insertMany(seed).getInsertedIds().size());
  }

  @AfterEach
  void stop() {
    stock.stop();
    lookup.stop();
  }

  /** Runs {@code op} on both sides, asserts the answers equal, returns the id-lookup side's. */
  private <T> T both(Function<MongoCollection<Document>, T> op) {
    T expected = op.apply(stock.parts());
    T actual = op.apply(lookup.parts());
    assertThat(actual).isEqualTo(expected);
    return actual;
  }

  private List<Object> found(Function<MongoCollection<Document>, Iterable<Document>> op) {
    return both(c -> ids(op.apply(c)));
  }

  private Document one(Function<MongoCollection<Document>, Document> op) {
    return both(op);
  }

  private Long count(Function<MongoCollection<Document>, Long> op) {
    return both(op);
  }

  private static List<Object> ids(Iterable<Document> documents) {
    List<Object> ids = new ArrayList<>();
    documents.forEach(d -> ids.add(d.get("_id")));
    return ids;
  }

  private static Bson idAnd(Object id, Bson condition) {
    return Filters.and(Filters.eq("_id", id), condition);
  }

  @Test
  void collectionsOfTheBackendLookUpIds() {
    assertThat(lookup.backend().resolveDatabase("switchboard").resolveCollection("parts", false))
        .isInstanceOf(IdLookupH2Collection.class);
  }

  @Test
  void findWithIdAndConditionMatchesOnlyWhenBothHold() {
    assertThat(found(c -> c.find(idAnd("p03", Filters.eq("status", "sent")))))
        .containsExactly("p03");
    assertThat(found(c -> c.find(idAnd("p03", Filters.eq("status", "queued"))))).isEmpty();
    assertThat(found(c -> c.find(idAnd("p99", Filters.eq("status", "sent"))))).isEmpty();
    assertThat(found(c -> c.find(idAnd(7, Filters.in("status", "queued", "sent")))))
        .containsExactly(7);
    assertThat(
            found(
                c ->
                    c.find(
                        Filters.and(
                            Filters.eq("_id", "p04"),
                            Filters.in("status", "queued", "failed"),
                            Filters.lt("attempts", 3)))))
        .containsExactly("p04");
    assertThat(
            one(
                c ->
                    c.find(idAnd("p05", Filters.eq("status", "queued")))
                        .projection(Projections.include("to"))
                        .first()))
        .isEqualTo(new Document("_id", "p05").append("to", "user0"));
  }

  @Test
  void filtersWrittenAsOneDocumentWorkAlike() {
    Document sent = new Document("_id", "p09").append("status", "sent");
    assertThat(found(c -> c.find(sent))).containsExactly("p09");
    assertThat(found(c -> c.find(new Document("_id", "p09").append("status", "queued")))).isEmpty();
    assertThat(
            count(
                c ->
                    c.updateOne(
                            new Document("_id", "p08")
                                .append("status", new Document("$in", List.of("queued"))),
                            Updates.set("status", "sent"))
                        .getModifiedCount()))
        .isEqualTo(1L);
    assertThat(
            count(
                c ->
                    c.deleteOne(new Document("_id", "p08").append("status", "queued"))
                        .getDeletedCount()))
        .isZero();
    assertThat(
            count(
                c ->
                    c.deleteOne(new Document("_id", "p08").append("status", "sent"))
                        .getDeletedCount()))
        .isEqualTo(1L);
  }

  @Test
  void eqAndInFormsOfTheIdGiveTheScanOrder() {
    Bson eq =
        Filters.and(new Document("_id", new Document("$eq", "p06")), Filters.eq("attempts", 2));
    assertThat(found(c -> c.find(eq))).containsExactly("p06");

    Bson in =
        Filters.and(
            Filters.in("_id", "p09", "p01", 7, "p05", "missing", "p02"),
            Filters.eq("status", "queued"));
    List<Object> scanOrder = both(c -> ids(c.find(in)));
    assertThat(scanOrder).containsExactlyInAnyOrder("p01", "p02", "p05", 7);
    assertThat(found(c -> c.find(in).sort(new Document("$natural", -1))))
        .containsExactlyInAnyOrderElementsOf(scanOrder);
    assertThat(found(c -> c.find(in).sort(Sorts.descending("attempts")).skip(1).limit(2)))
        .hasSize(2);
    assertThat(count(c -> c.countDocuments(in))).isEqualTo(4L);
  }

  @Test
  void guardedUpdatesApplyOnlyWhenTheConditionHolds() {
    UpdateResult missed =
        both(
            c ->
                c.updateOne(
                    idAnd("p03", Filters.in("status", "queued", "failed")),
                    Updates.set("status", "sending")));
    assertThat(missed.getMatchedCount()).isZero();
    UpdateResult hit =
        both(
            c ->
                c.updateOne(
                    idAnd("p01", Filters.in("status", "queued", "failed")),
                    Updates.combine(Updates.set("status", "sending"), Updates.inc("attempts", 1))));
    assertThat(hit.getMatchedCount()).isEqualTo(1);
    assertThat(hit.getModifiedCount()).isEqualTo(1);
    assertThat(one(c -> c.find(Filters.eq("_id", "p01")).first()))
        .isEqualTo(
            new Document("_id", "p01")
                .append("status", "sending")
                .append("attempts", 2)
                .append("to", "user1"));
    assertThat(
            both(c ->
                    c.updateMany(
                        Filters.and(
                            Filters.in("_id", "p02", "p03", "p04"), Filters.eq("status", "queued")),
                        Updates.set("status", "split")))
                .getModifiedCount())
        .isEqualTo(2);
    assertThat(found(c -> c.find(Filters.eq("status", "split"))))
        .containsExactlyInAnyOrder("p02", "p04");
  }

  @Test
  void findOneAndUpdateClaimsOnceAndReturnsTheChosenVersion() {
    FindOneAndUpdateOptions after =
        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);
    Bson claim = idAnd("p02", Filters.eq("status", "queued"));
    Document claimed =
        both(c -> c.findOneAndUpdate(claim, Updates.set("status", "claimed"), after));
    assertThat(claimed).containsEntry("_id", "p02").containsEntry("status", "claimed");
    assertThat(one(c -> c.findOneAndUpdate(claim, Updates.set("status", "claimed"), after)))
        .isNull();
    Document before =
        both(
            c ->
                c.findOneAndUpdate(
                    idAnd("p02", Filters.eq("status", "claimed")), Updates.set("status", "sent")));
    assertThat(before).containsEntry("status", "claimed");
    assertThat(
            one(
                c ->
                    c.findOneAndUpdate(
                        idAnd("p77", Filters.eq("status", "queued")),
                        Updates.set("attempts", 1),
                        new FindOneAndUpdateOptions()
                            .upsert(true)
                            .returnDocument(ReturnDocument.AFTER))))
        .isEqualTo(new Document("_id", "p77").append("status", "queued").append("attempts", 1));
  }

  @Test
  void upsertsInsertForMissingIdsAndCollideForFailedConditions() {
    UpdateResult inserted =
        both(
            c ->
                c.updateOne(
                    idAnd("quota-1", Filters.lt("count", 5)),
                    Updates.inc("count", 1),
                    new UpdateOptions().upsert(true)));
    assertThat(inserted.getUpsertedId()).isNotNull();
    assertThat(one(c -> c.find(Filters.eq("_id", "quota-1")).first()))
        .isEqualTo(new Document("_id", "quota-1").append("count", 1));
    UpdateResult counted =
        both(
            c ->
                c.updateOne(
                    idAnd("quota-1", Filters.lt("count", 5)),
                    Updates.inc("count", 1),
                    new UpdateOptions().upsert(true)));
    assertThat(counted.getModifiedCount()).isEqualTo(1);
    assertThat(counted.getUpsertedId()).isNull();

    // A failed condition on an existing id upserts the same id: a duplicate key, as on MongoDB.
    Function<MongoCollection<Document>, Integer> full =
        c -> {
          try {
            c.updateOne(
                idAnd("quota-1", Filters.lt("count", 2)),
                Updates.inc("count", 1),
                new UpdateOptions().upsert(true));
            return 0;
          } catch (MongoWriteException e) {
            return e.getError().getCode();
          }
        };
    assertThat(this.<Integer>both(full)).isEqualTo(11000);
    assertThat(one(c -> c.find(Filters.eq("_id", "quota-1")).first())).containsEntry("count", 2);
  }

  @Test
  void deleteOneWithIdAndConditionDeletesOnlyWhenItHolds() {
    DeleteResult kept = both(c -> c.deleteOne(idAnd("p06", Filters.eq("status", "queued"))));
    assertThat(kept.getDeletedCount()).isZero();
    DeleteResult gone = both(c -> c.deleteOne(idAnd("p06", Filters.eq("status", "sent"))));
    assertThat(gone.getDeletedCount()).isEqualTo(1);
    assertThat(count(c -> c.deleteOne(idAnd("nope", Filters.exists("status"))).getDeletedCount()))
        .isZero();
    assertThat(one(c -> c.find(Filters.eq("_id", "p06")).first())).isNull();
    assertThat(count(c -> c.countDocuments())).isEqualTo(13L);
  }

  @Test
  void filtersTheLookupLeavesToTheLibraryStillWork() {
    assertThat(
            found(
                c ->
                    c.find(Filters.and(Filters.regex("_id", "^p1"), Filters.eq("status", "sent")))))
        .containsExactly("p12");
    assertThat(
            found(
                c ->
                    c.find(Filters.and(Filters.gte("_id", "p10"), Filters.eq("status", "queued")))))
        .containsExactlyInAnyOrder("p10", "p11");
    assertThat(
            found(c -> c.find(Filters.and(Filters.eq("_id", null), Filters.eq("status", "sent")))))
        .isEmpty();
  }

  @Test
  void dataWrittenByTheStockBackendReopensAndTheOtherWayRound() throws IOException {
    Path storeDir = Files.createDirectories(dir.resolve("store"));
    Side written = Side.start(new H2Backend(storeDir.resolve("store.mv").toString()));
    written.parts().createIndex(Indexes.ascending("key"), new IndexOptions().unique(true));
    written.parts().insertOne(new Document("_id", "a").append("key", 1).append("status", "queued"));
    written.parts().insertOne(new Document("_id", "b").append("key", 2).append("status", "sent"));
    written.stop();

    try (EmbeddedMongo embedded = EmbeddedMongo.start(storeDir, 0);
        MongoClient client = MongoClients.create(embedded.connectionString())) {
      MongoCollection<Document> parts = client.getDatabase("switchboard").getCollection("parts");
      assertThat(ids(parts.find())).containsExactly("a", "b");
      assertThat(parts.find(idAnd("b", Filters.eq("status", "sent"))).first())
          .containsEntry("key", 2);
      assertThat(
              parts
                  .updateOne(
                      idAnd("a", Filters.eq("status", "queued")), Updates.set("status", "sent"))
                  .getModifiedCount())
          .isEqualTo(1);
      assertThatThrownBy(() -> parts.insertOne(new Document("_id", "c").append("key", 2)))
          .isInstanceOfSatisfying(
              MongoWriteException.class, e -> assertThat(e.getError().getCode()).isEqualTo(11000));
      parts.insertOne(new Document("_id", "d").append("key", 4));
    }

    Side reread = Side.start(new H2Backend(storeDir.resolve("store.mv").toString()));
    try {
      assertThat(ids(reread.parts().find())).containsExactly("a", "b", "d");
      assertThat(reread.parts().find(Filters.eq("_id", "a")).first())
          .containsEntry("status", "sent");
    } finally {
      reread.stop();
    }
  }
}
