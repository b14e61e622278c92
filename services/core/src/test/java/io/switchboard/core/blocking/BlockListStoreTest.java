package io.switchboard.core.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.switchboard.xmpp.Jid;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Block lists against an in-memory MongoDB-compatible server, through the real driver. */
class BlockListStoreTest {

  private static final Jid JULIET = Jid.of("juliet@capulet.lit");
  private static final Jid ROMEO = Jid.of("romeo@montague.lit");
  private static final Jid TYBALT = Jid.of("tybalt@capulet.lit/sword");
  private static final Jid MONTAGUE = Jid.of("montague.lit");

  private MongoServer server;
  private MongoClient client;
  private MongoDatabase db;

  @BeforeEach
  void start() {
    server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
    db = client.getDatabase("test");
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdown();
  }

  private BlockListStore store(BlockListChanges changes) {
    return new BlockListStore(db, changes, Clock.systemUTC());
  }

  @Test
  void blockUnblockAndUnblockAllReportTheListBeforeAndAfter() {
    BlockListStore store = store(new LocalBlockListChanges());
    assertThat(store.get(JULIET)).isEqualTo(BlockList.EMPTY);

    BlockListStore.Change first = store.block(JULIET.withResource("balcony"), List.of(ROMEO));
    assertThat(first.before()).isEqualTo(BlockList.EMPTY);
    assertThat(first.after().items()).containsExactly(ROMEO);

    BlockListStore.Change second = store.block(JULIET, List.of(TYBALT, ROMEO, MONTAGUE));
    assertThat(second.before().items()).containsExactly(ROMEO);
    assertThat(store.get(JULIET).items()).containsExactly(ROMEO, TYBALT, MONTAGUE);

    BlockListStore.Change third = store.unblock(JULIET, List.of(ROMEO, Jid.of("nobody@x.lit")));
    assertThat(third.after().items()).containsExactly(TYBALT, MONTAGUE);
    assertThat(store.get(JULIET).items()).containsExactly(TYBALT, MONTAGUE);

    BlockListStore.Change all = store.unblockAll(JULIET);
    assertThat(all.before().items()).containsExactly(TYBALT, MONTAGUE);
    assertThat(all.after()).isEqualTo(BlockList.EMPTY);
    assertThat(store.get(JULIET)).isEqualTo(BlockList.EMPTY);
    // Unblocking what is not there changes nothing.
    assertThat(store.unblock(JULIET, List.of(ROMEO)).after()).isEqualTo(BlockList.EMPTY);
  }

  @Test
  void listsArePerAccountAndAccountRemovalDeletesOne() {
    BlockListStore store = store(new LocalBlockListChanges());
    store.block(JULIET, List.of(ROMEO));
    store.block(ROMEO, List.of(JULIET));
    store.deleteAccountData(JULIET);
    assertThat(store.get(JULIET)).isEqualTo(BlockList.EMPTY);
    assertThat(store.get(ROMEO).items()).containsExactly(JULIET);
    store.deleteAccountData(JULIET);
    assertThat(store(new LocalBlockListChanges()).get(JULIET)).isEqualTo(BlockList.EMPTY);
  }

  @Test
  void anotherProcessSeesAChangeOnceTheNoticeArrives() {
    // Two stores on one database stand for two processes; each has its own cache and hears
    // notices only when this test hands them over.
    Notices here = new Notices();
    Notices there = new Notices();
    BlockListStore writer = store(here);
    BlockListStore reader = store(there);
    assertThat(reader.get(JULIET).blocks(ROMEO)).isFalse();

    writer.block(JULIET, List.of(ROMEO));
    assertThat(writer.get(JULIET).blocks(ROMEO)).isTrue();
    // The reader's cached copy holds until the notice reaches it...
    assertThat(reader.get(JULIET).blocks(ROMEO)).isFalse();
    there.listener.changed(JULIET);
    assertThat(reader.get(JULIET).blocks(ROMEO)).isTrue();

    // ...and lost notices are covered by dropping everything (what a reconnection does).
    writer.unblockAll(JULIET);
    assertThat(reader.get(JULIET).blocks(ROMEO)).isTrue();
    there.listener.anyChanged();
    assertThat(reader.get(JULIET).blocks(ROMEO)).isFalse();
    assertThat(here.published).containsExactly(JULIET, JULIET);
    assertThat(there.published).isEmpty();
  }

  /** Notices of one process, handed over by the test. */
  private static final class Notices implements BlockListChanges {
    BlockListChanges.Listener listener;
    final List<Jid> published = new ArrayList<>();

    @Override
    public void publish(Jid account) {
      published.add(account);
    }

    @Override
    public void subscribe(Listener l) {
      this.listener = l;
    }
  }
}
