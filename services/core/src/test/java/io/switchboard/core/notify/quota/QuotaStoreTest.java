package io.switchboard.core.notify.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.switchboard.crds.QuotaPeriod;
import io.switchboard.crds.QuotaSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Quota counters against an in-memory MongoDB-compatible server, through the real driver. */
class QuotaStoreTest {

  private static final Instant NOON = Instant.parse("2026-11-22T12:30:00Z");

  private MongoServer server;
  private MongoClient client;
  private MongoDatabase db;
  private QuotaStore store;

  @BeforeEach
  void start() {
    server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
    db = client.getDatabase("test");
    store = new QuotaStore(db);
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdown();
  }

  private static QuotaSpec quota(long limit, QuotaPeriod period, Integer alert) {
    QuotaSpec spec = new QuotaSpec();
    spec.setLimit(limit);
    spec.setPeriod(period);
    spec.setAlertThresholdPercent(alert);
    return spec;
  }

  @Test
  void takesUpToTheLimitThenRefusesUntilTheNextPeriod() {
    QuotaSpec twoPerDay = quota(2, null, null);

    QuotaStore.Take first = store.take("mail", twoPerDay, NOON);
    assertThat(first.granted()).isTrue();
    assertThat(first.usage().used()).isEqualTo(1);
    assertThat(first.usage().remaining()).isEqualTo(1);
    assertThat(first.usage().periodStart()).isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
    assertThat(first.usage().periodEnd()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    assertThat(first.usage().alertThresholdPercent()).isEqualTo(80);

    QuotaStore.Take second = store.take("mail", twoPerDay, NOON.plusSeconds(60));
    assertThat(second.granted()).isTrue();
    assertThat(second.usage().exhausted()).isTrue();

    QuotaStore.Take third = store.take("mail", twoPerDay, NOON.plusSeconds(120));
    assertThat(third.granted()).isFalse();
    assertThat(third.usage().used()).isEqualTo(2);
    assertThat(third.usage().remaining()).isZero();
    assertThat(store.take("mail", twoPerDay, NOON.plusSeconds(180)).granted()).isFalse();

    QuotaStore.Take tomorrow = store.take("mail", twoPerDay, Instant.parse("2026-11-23T00:00:00Z"));
    assertThat(tomorrow.granted()).isTrue();
    assertThat(tomorrow.usage().used()).isEqualTo(1);
    assertThat(store.usage("mail", twoPerDay, NOON).used()).isEqualTo(2);
  }

  @Test
  void usageReadsWithoutCountingAndChannelsCountApart() {
    QuotaSpec spec = quota(10, QuotaPeriod.HOUR, 50);
    QuotaUsage none = store.usage("sms", spec, NOON);
    assertThat(none.used()).isZero();
    assertThat(none.remaining()).isEqualTo(10);
    assertThat(none.periodStart()).isEqualTo(Instant.parse("2026-11-22T12:00:00Z"));
    assertThat(none.periodEnd()).isEqualTo(Instant.parse("2026-11-22T13:00:00Z"));

    for (int i = 0; i < 5; i++) {
      store.take("sms", spec, NOON);
    }
    store.take("mail", spec, NOON);
    QuotaUsage sms = store.usage("sms", spec, NOON);
    assertThat(sms.used()).isEqualTo(5);
    assertThat(sms.aboveThreshold()).isTrue();
    assertThat(store.usage("sms", spec, NOON).used()).isEqualTo(5);
    assertThat(store.usage("mail", spec, NOON).used()).isEqualTo(1);
    assertThat(store.usage("mail", spec, NOON).aboveThreshold()).isFalse();
  }

  @Test
  void aMonthStartsOnTheFirstInUtc() {
    QuotaSpec spec = quota(1, QuotaPeriod.MONTH, null);
    QuotaUsage u = store.usage("mail", spec, Instant.parse("2026-02-28T23:59:59Z"));
    assertThat(u.periodStart()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
    assertThat(u.periodEnd()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
  }

  @Test
  void aLoweredLimitRefusesAtOnceAndNeverShowsNegativeRemaining() {
    for (int i = 0; i < 3; i++) {
      assertThat(store.take("mail", quota(5, null, null), NOON).granted()).isTrue();
    }
    QuotaStore.Take take = store.take("mail", quota(2, null, null), NOON);
    assertThat(take.granted()).isFalse();
    assertThat(take.usage().used()).isEqualTo(3);
    assertThat(take.usage().remaining()).isZero();
  }

  @Test
  void takersAtTheSameTimeNeverPassTheLimit() throws Exception {
    QuotaSpec spec = quota(25, null, null);
    // A second store on its own connection, as another router replica would have.
    try (MongoClient other =
        MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
      QuotaStore replica = new QuotaStore(other.getDatabase("test"));
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
          QuotaStore s = i % 2 == 0 ? store : replica;
          calls.add(() -> s.take("mail", spec, NOON).granted());
        }
        int granted = 0;
        for (Future<Boolean> f : pool.invokeAll(calls)) {
          granted += f.get() ? 1 : 0;
        }
        assertThat(granted).isEqualTo(25);
      } finally {
        pool.shutdownNow();
      }
    }
    assertThat(store.usage("mail", spec, NOON).used()).isEqualTo(25);
  }
}
