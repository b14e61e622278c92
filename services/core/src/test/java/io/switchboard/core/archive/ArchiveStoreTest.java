package io.switchboard.core.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.xmpp.Jid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The archive against an in-memory MongoDB-compatible server, through the real driver. */
class ArchiveStoreTest {

  private static final Jid OLIVIA = Jid.of("olivia@localhost");
  private static final Jid SEBASTIAN = Jid.of("sebastian@localhost/street");
  private static final Jid FESTE = Jid.of("feste@localhost/hall");
  private static final long T0 = 1_700_000_000_000_000L;

  private MongoServer server;
  private MongoClient client;
  private MongoDatabase db;
  private SimpleMeterRegistry registry;
  private ArchiveStore store;

  @BeforeEach
  void start() {
    server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
    db = client.getDatabase("test");
    registry = new SimpleMeterRegistry();
    store = new ArchiveStore(db, ArchiveConfig.defaults(), new PipelineMetrics(registry));
  }

  @AfterEach
  void stop() {
    store.close();
    client.close();
    server.shutdown();
  }

  private String archive(Jid other, int i, String envelopeId) {
    long micros = T0 + i * 1_000L;
    String id = ArchiveId.of(micros, envelopeId);
    store.archive(
        OLIVIA,
        id,
        true,
        other,
        micros,
        "<message xmlns='jabber:client' from='"
            + other
            + "' to='olivia@localhost' type='chat'><body>"
            + other.local()
            + "-"
            + i
            + "</body></message>");
    return id;
  }

  private static List<String> reversed(List<String> in) {
    List<String> out = new ArrayList<>(in);
    Collections.reverse(out);
    return out;
  }

  private static List<String> bodies(ArchiveStore.Result r) {
    List<String> out = new ArrayList<>();
    r.items().forEach(m -> out.add(m.stanza().childText("body", "jabber:client")));
    return out;
  }

  @Test
  void queriesSeeWhatWasQueuedBeforeThemAndPageThroughIt() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      ids.add(archive(i % 4 == 3 ? FESTE : SEBASTIAN, i, "n-" + i + ".0"));
    }
    // No waiting: the query flushes the writer first.
    ArchiveStore.Result first =
        store.query(new ArchiveQuery(OLIVIA, null, null, null, null, null, 50, false));
    assertThat(first.count()).isEqualTo(120);
    assertThat(first.items()).hasSize(50);
    assertThat(first.complete()).isFalse();
    assertThat(first.items().get(0).id()).isEqualTo(ids.get(0));

    List<String> seen = new ArrayList<>();
    String after = null;
    ArchiveStore.Result page;
    do {
      page = store.query(new ArchiveQuery(OLIVIA, null, null, null, after, null, 50, false));
      page.items().forEach(m -> seen.add(m.id()));
      after = page.items().isEmpty() ? after : page.items().get(page.items().size() - 1).id();
    } while (!page.complete());
    assertThat(seen).containsExactlyElementsOf(ids);

    // With a contact: 30 of feste's.
    ArchiveStore.Result festes =
        store.query(new ArchiveQuery(OLIVIA, FESTE.bare(), null, null, null, null, 100, false));
    assertThat(festes.count()).isEqualTo(30);
    assertThat(bodies(festes)).allMatch(b -> b.startsWith("feste-")).hasSize(30);
    assertThat(festes.complete()).isTrue();
    // ... or with its full JID.
    assertThat(
            store.query(new ArchiveQuery(OLIVIA, FESTE, null, null, null, null, 0, false)).count())
        .isEqualTo(30);

    // The last page, backwards, and the one before it.
    ArchiveStore.Result last =
        store.query(new ArchiveQuery(OLIVIA, null, null, null, null, "", 20, false));
    assertThat(last.items())
        .extracting(ArchivedMessage::id)
        .containsExactlyElementsOf(ids.subList(100, 120));
    assertThat(last.complete()).isFalse();
    ArchiveStore.Result before =
        store.query(
            new ArchiveQuery(OLIVIA, null, null, null, null, last.items().get(0).id(), 20, true));
    assertThat(before.items())
        .extracting(ArchivedMessage::id)
        .containsExactlyElementsOf(reversed(ids.subList(80, 100)));

    // A time window: i in [10, 19], inclusive at both ends.
    ArchiveStore.Result window =
        store.query(
            new ArchiveQuery(OLIVIA, null, T0 + 10_000L, T0 + 19_000L, null, null, 50, false));
    assertThat(window.count()).isEqualTo(10);
    assertThat(window.items())
        .extracting(ArchivedMessage::id)
        .containsExactlyElementsOf(ids.subList(10, 20));
    assertThat(window.items().get(0).micros()).isEqualTo(T0 + 10_000L);

    assertThat(store.contains(OLIVIA, ids.get(7))).isTrue();
    assertThat(store.contains(OLIVIA, "0000000000000000-00000000")).isFalse();
    assertThat(store.contains(OLIVIA, "not an id")).isFalse();
    assertThat(store.contains(Jid.of("sebastian@localhost"), ids.get(7))).isFalse();
  }

  @Test
  void aRedeliveredMessageIsArchivedOnce() {
    archive(SEBASTIAN, 1, "n-1.0");
    archive(SEBASTIAN, 1, "n-1.0");
    archive(SEBASTIAN, 2, "n-2.0");
    store.awaitWrites();
    archive(SEBASTIAN, 1, "n-1.0");
    ArchiveStore.Result r =
        store.query(new ArchiveQuery(OLIVIA, null, null, null, null, null, 10, false));
    assertThat(r.count()).isEqualTo(2);
    assertThat(bodies(r)).containsExactly("sebastian-1", "sebastian-2");
    assertThat(registry.counter("switchboard.archive.duplicates").count()).isEqualTo(2.0);
    assertThat(registry.find("switchboard.archive.failed").counter()).isNull();
  }

  @Test
  void closingWritesWhatIsQueued() {
    for (int i = 0; i < 300; i++) {
      archive(SEBASTIAN, i, "n-" + i);
    }
    store.close();
    ArchiveStore again =
        new ArchiveStore(
            db, ArchiveConfig.defaults(), new PipelineMetrics(new SimpleMeterRegistry()));
    try {
      assertThat(
              again.query(new ArchiveQuery(OLIVIA, null, null, null, null, null, 0, false)).count())
          .isEqualTo(300);
    } finally {
      again.close();
    }
  }
}
