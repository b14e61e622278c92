package io.switchboard.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.core.pipeline.local.LocalTransport;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.XmlElement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalTransportTest {

  private static final XmlElement STANZA = XmlElement.builder("message", "jabber:client").build();

  private static Envelope from(String stream, int n) {
    return Envelope.inbound(
        stream + "-" + n, new SessionRef("node", stream, Jid.of("u@d/" + stream)), STANZA, n, "t");
  }

  @Test
  void keepsEachSessionsOrderAcrossPartitions() {
    try (LocalTransport t = new LocalTransport(64, 3, Duration.ofSeconds(5))) {
      Map<String, List<String>> seen = new ConcurrentHashMap<>();
      t.receive(
          Destination.PARSER,
          e -> {
            seen.computeIfAbsent(
                    e.session().streamId(), k -> Collections.synchronizedList(new ArrayList<>()))
                .add(e.id());
            return CompletableFuture.completedFuture(null);
          });
      for (int i = 0; i < 500; i++) {
        for (String s : List.of("a", "b", "c", "d")) {
          assertThat(t.send(Destination.PARSER, from(s, i))).isCompleted();
        }
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> seen.values().stream().mapToInt(List::size).sum() == 2000);
      for (String s : List.of("a", "b", "c", "d")) {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          expected.add(s + "-" + i);
        }
        assertThat(seen.get(s)).containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void aFullQueueMakesSendersWaitThenFail() throws Exception {
    try (LocalTransport t = new LocalTransport(2, 1, Duration.ofMillis(200))) {
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch started = new CountDownLatch(1);
      t.receive(
          Destination.ROUTER,
          e -> {
            started.countDown();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
              Thread.currentThread().interrupt();
            }
            return CompletableFuture.completedFuture(null);
          });
      assertThat(t.send(Destination.ROUTER, from("s", 0))).isCompleted();
      assertThat(started.await(5, TimeUnit.SECONDS)).isTrue(); // the worker holds envelope 0
      assertThat(t.send(Destination.ROUTER, from("s", 1))).isCompleted();
      assertThat(t.send(Destination.ROUTER, from("s", 2))).isCompleted();
      assertThat(t.backlog(Destination.ROUTER)).isEqualTo(2);
      CompletableFuture<Void> refused = t.send(Destination.ROUTER, from("s", 3));
      assertThat(refused).isCompletedExceptionally();
      assertThat(refused.handle((ok, err) -> err))
          .succeedsWithin(Duration.ofSeconds(1))
          .isInstanceOf(BackPressureException.class);
      release.countDown();
      await().atMost(Duration.ofSeconds(5)).until(() -> t.backlog(Destination.ROUTER) == 0);
    }
  }

  @Test
  void nodeDestinationsAreCalledDirectlyAndFailWithoutReceiver() {
    try (LocalTransport t = new LocalTransport(8, 1, Duration.ofMillis(10))) {
      Destination node = Destination.accessNode("n1");
      assertThat(t.send(node, from("s", 0))).isCompletedExceptionally();
      List<String> got = new ArrayList<>();
      Transport.Registration r =
          t.receive(
              node,
              e -> {
                got.add(e.id());
                return CompletableFuture.completedFuture(null);
              });
      assertThat(t.send(node, from("s", 1))).isCompleted();
      assertThat(got).containsExactly("s-1");
      r.close();
      assertThat(t.send(node, from("s", 2))).isCompletedExceptionally();
      assertThat(t.redelivers(Destination.PROCESSOR)).isFalse();
    }
  }
}
