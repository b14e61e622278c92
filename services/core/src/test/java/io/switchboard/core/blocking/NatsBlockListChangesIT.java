package io.switchboard.core.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.core.pipeline.TransportConfig;
import io.switchboard.core.pipeline.nats.NatsConnector;
import io.switchboard.core.testing.NatsServerProcess;
import io.switchboard.xmpp.Jid;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Block list notices between two processes (two NATS connections) through a real nats-server. */
class NatsBlockListChangesIT {

  private static final TransportConfig.Nats CONFIG =
      new TransportConfig.Nats(
          "unused",
          "bl",
          Duration.ofMinutes(2),
          Duration.ofSeconds(30),
          10,
          1000,
          Duration.ofSeconds(90),
          null);

  @Test
  void everyProcessHearsEveryChangeItsOwnIncluded() throws Exception {
    PipelineMetrics metrics = new PipelineMetrics(new SimpleMeterRegistry());
    try (NatsServerProcess server = NatsServerProcess.start()) {
      Connection a = NatsConnector.connect(server.url(), "a", metrics);
      Connection b = NatsConnector.connect(server.url(), "b", metrics);
      try {
        NatsBlockListChanges processA = new NatsBlockListChanges(a, CONFIG);
        NatsBlockListChanges processB = new NatsBlockListChanges(b, CONFIG);
        List<Jid> heardByA = new CopyOnWriteArrayList<>();
        List<Jid> heardByB = new CopyOnWriteArrayList<>();
        processA.subscribe(recorder(heardByA));
        processB.subscribe(recorder(heardByB));

        processA.publish(Jid.of("juliet@capulet.lit/balcony"));
        processB.publish(Jid.of("romeo@montague.lit"));

        Jid juliet = Jid.of("juliet@capulet.lit");
        Jid romeo = Jid.of("romeo@montague.lit");
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> {
                  assertThat(heardByA).containsExactlyInAnyOrder(juliet, romeo);
                  assertThat(heardByB).containsExactlyInAnyOrder(juliet, romeo);
                });
        processA.close();
        processB.close();
      } finally {
        a.close();
        b.close();
      }
    }
  }

  private static BlockListChanges.Listener recorder(List<Jid> heard) {
    return new BlockListChanges.Listener() {
      @Override
      public void changed(Jid account) {
        heard.add(account);
      }

      @Override
      public void anyChanged() {}
    };
  }
}
