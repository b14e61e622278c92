package io.switchboard.core.pipeline.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.SessionRef;
import io.switchboard.core.pipeline.Stage;
import io.switchboard.core.pipeline.StageRunner;
import io.switchboard.core.session.NatsSessionTable;
import io.switchboard.core.session.SessionEntry;
import io.switchboard.core.testing.NatsServerProcess;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.XmlElement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The NATS transport and session table against a real nats-server with JetStream. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NatsTransportIT {

  private static final NatsTransport.DurableSettings SETTINGS =
      new NatsTransport.DurableSettings(Duration.ofMinutes(2), Duration.ofSeconds(2), 5, 1000);

  private NatsServerProcess server;
  private final PipelineMetrics metrics = new PipelineMetrics(new SimpleMeterRegistry());
  private final List<AutoCloseable> open = new ArrayList<>();
  private int prefixes;

  @BeforeAll
  void start() throws Exception {
    server = NatsServerProcess.start();
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    server.close();
  }

  private Connection connect() throws Exception {
    Connection c = NatsConnector.connect(server.url(), "test", metrics);
    open.add(0, c);
    return c;
  }

  /** A transport with its own subject prefix, so tests do not share streams. */
  private NatsTransport transport(Connection c, String prefix) throws Exception {
    NatsTransport t = new NatsTransport(c, prefix, SETTINGS, metrics);
    t.ensureDurable(Destination.PROCESSOR);
    t.ensureDurable(Destination.ROUTER);
    open.add(0, t);
    return t;
  }

  private String prefix() {
    return "t" + (++prefixes);
  }

  private static Envelope envelope(String id) {
    return Envelope.inbound(
        id,
        new SessionRef("n1", "s1", Jid.of("a@localhost/r")),
        XmlElement.builder("message", "jabber:client").attr("id", id).build(),
        1L,
        "test");
  }

  @Test
  void durableHandOverIsOrderedAckedAndDeduplicated() throws Exception {
    NatsTransport t = transport(connect(), prefix());
    List<String> got = Collections.synchronizedList(new ArrayList<>());
    t.receive(
        Destination.PROCESSOR,
        e -> {
          got.add(e.id());
          return CompletableFuture.completedFuture(null);
        });
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      sent.add(t.send(Destination.PROCESSOR, envelope("e" + i)));
    }
    // The same ids again: JetStream drops them within the duplicate window.
    for (int i = 0; i < 50; i++) {
      sent.add(t.send(Destination.PROCESSOR, envelope("e" + i)));
    }
    CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])).get();
    await().atMost(Duration.ofSeconds(10)).until(() -> got.size() >= 200);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      expected.add("e" + i);
    }
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> got.size() == 200);
    assertThat(got).containsExactlyElementsOf(expected);
    await().atMost(Duration.ofSeconds(15)).until(() -> t.backlog(Destination.PROCESSOR) == 0);
  }

  @Test
  void aFailedHandlingIsRedeliveredAndAStageRunnerAppliesItOnce() throws Exception {
    NatsTransport t = transport(connect(), prefix());
    AtomicInteger attempts = new AtomicInteger();
    List<String> applied = Collections.synchronizedList(new ArrayList<>());
    Stage flaky =
        new Stage() {
          @Override
          public String name() {
            return "router";
          }

          @Override
          public Destination input() {
            return Destination.ROUTER;
          }

          @Override
          public void process(Envelope e, io.switchboard.core.pipeline.StageOutput out) {
            if (e.id().equals("flaky") && attempts.incrementAndGet() == 1) {
              throw new IllegalStateException("transient failure");
            }
            applied.add(e.id());
          }
        };
    StageRunner runner = new StageRunner(flaky, t, metrics, Clock.systemUTC());
    runner.start();
    open.add(0, runner);
    t.send(Destination.ROUTER, envelope("flaky")).get();
    t.send(Destination.ROUTER, envelope("steady")).get();
    await().atMost(Duration.ofSeconds(15)).until(() -> applied.contains("flaky"));
    assertThat(attempts.get()).isEqualTo(2);
    // A redelivery of something already applied (ack lost) is skipped by the runner.
    runner.handle(envelope("steady")).toCompletableFuture().get();
    assertThat(applied).containsExactlyInAnyOrder("flaky", "steady");
  }

  @Test
  void sharedDestinationsSpreadWorkOverAQueueGroup() throws Exception {
    String prefix = prefix();
    NatsTransport a = transport(connect(), prefix);
    NatsTransport b = transport(connect(), prefix);
    Set<String> byA = ConcurrentHashMap.newKeySet();
    Set<String> byB = ConcurrentHashMap.newKeySet();
    a.receive(Destination.PARSER, e -> record(byA, e));
    b.receive(Destination.PARSER, e -> record(byB, e));
    NatsTransport sender = transport(connect(), prefix);
    for (int i = 0; i < 400; i++) {
      sender.send(Destination.PARSER, envelope("p" + i));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> byA.size() + byB.size() == 400);
    assertThat(byA).isNotEmpty().doesNotContainAnyElementsOf(byB);
    assertThat(byB).isNotEmpty();
  }

  @Test
  void nodeDestinationsReachOnlyThatNode() throws Exception {
    String prefix = prefix();
    NatsTransport n1 = transport(connect(), prefix);
    NatsTransport n2 = transport(connect(), prefix);
    Set<String> got1 = ConcurrentHashMap.newKeySet();
    Set<String> got2 = ConcurrentHashMap.newKeySet();
    n1.receive(Destination.accessNode("n1"), e -> record(got1, e));
    n2.receive(Destination.accessNode("n2"), e -> record(got2, e));
    n1.send(Destination.accessNode("n2"), envelope("for-n2"));
    await().atMost(Duration.ofSeconds(5)).until(() -> got2.contains("for-n2"));
    assertThat(got1).isEmpty();
  }

  @Test
  void sessionTableIsSharedThroughTheBucket() throws Exception {
    String bucket = prefix() + "-sessions";
    NatsSessionTable writer =
        new NatsSessionTable(connect(), bucket, Duration.ofSeconds(90), Clock.systemUTC());
    NatsSessionTable reader =
        new NatsSessionTable(connect(), bucket, Duration.ofSeconds(90), Clock.systemUTC());
    open.add(0, writer);
    open.add(0, reader);
    Jid phone = Jid.of("Alice@LocalHost/phone");
    writer.put(new SessionEntry(phone, "n1", "s1", true, 5, System.currentTimeMillis()));
    await().atMost(Duration.ofSeconds(5)).until(() -> reader.session(phone).isPresent());
    assertThat(reader.sessions(Jid.of("alice@localhost")))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.nodeId()).isEqualTo("n1");
              assertThat(e.priority()).isEqualTo(5);
              assertThat(e.available()).isTrue();
            });
    writer.remove(phone, "s1");
    await().atMost(Duration.ofSeconds(5)).until(() -> reader.session(phone).isEmpty());
  }

  @Test
  void anUpdateReadsTheBucketNotALaggingCopyAndNeverResurrectsASession() throws Exception {
    String bucket = prefix() + "-sessions";
    NatsSessionTable access =
        new NatsSessionTable(connect(), bucket, Duration.ofSeconds(90), Clock.systemUTC());
    NatsSessionTable processor =
        new NatsSessionTable(connect(), bucket, Duration.ofSeconds(90), Clock.systemUTC());
    open.add(0, access);
    open.add(0, processor);
    Jid phone = Jid.of("carol@localhost/phone");
    for (int i = 0; i < 50; i++) {
      String stream = "s" + i;
      access.put(new SessionEntry(phone, "n1", stream, false, 0, System.currentTimeMillis()));
      // Straight after the bind, whatever the processor's copy shows yet.
      var changed = processor.update(phone, stream, e -> e.available(3, null, e.updatedMillis()));
      assertThat(changed).as("update right after bind %d", i).isPresent();
      assertThat(changed.get().before().available()).isFalse();
      assertThat(changed.get().after().available()).isTrue();
      assertThat(processor.update(phone, "another-stream", e -> e.unavailable(0L))).isEmpty();
      access.remove(phone, stream);
      // The unavailable presence of a session that has just ended changes nothing.
      assertThat(processor.update(phone, null, e -> e.unavailable(e.updatedMillis()))).isEmpty();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> processor.session(phone).isEmpty());
    assertThat(access.session(phone)).isEmpty();
  }

  @Test
  void concurrentUpdatesOfOneEntryAreAllKept() throws Exception {
    String bucket = prefix() + "-sessions";
    NatsSessionTable one =
        new NatsSessionTable(connect(), bucket, Duration.ofSeconds(90), Clock.systemUTC());
    NatsSessionTable two =
        new NatsSessionTable(connect(), bucket, Duration.ofSeconds(90), Clock.systemUTC());
    open.add(0, one);
    open.add(0, two);
    Jid jid = Jid.of("dave@localhost/desk");
    one.put(new SessionEntry(jid, "n1", "s", false, 0, System.currentTimeMillis()));
    // Each writer sets its own field; a lost update would undo the other's.
    CompletableFuture<Void> presence =
        CompletableFuture.runAsync(
            () -> {
              for (int p = 1; p <= 40; p++) {
                int priority = p;
                assertThat(
                        one.update(
                            jid, "s", e -> e.available(priority, null, System.currentTimeMillis())))
                    .isPresent();
              }
            });
    CompletableFuture<Void> carbons =
        CompletableFuture.runAsync(
            () -> {
              for (int c = 0; c < 41; c++) {
                boolean on = c % 2 == 0;
                assertThat(two.update(jid, "s", e -> e.withCarbons(on, System.currentTimeMillis())))
                    .isPresent();
              }
            });
    presence.get(30, TimeUnit.SECONDS);
    carbons.get(30, TimeUnit.SECONDS);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              for (NatsSessionTable t : List.of(one, two)) {
                SessionEntry e = t.session(jid).orElseThrow();
                assertThat(e.available()).isTrue();
                assertThat(e.priority()).isEqualTo(40);
                assertThat(e.carbons()).isTrue();
              }
            });
  }

  @Test
  void staleEntriesOfADeadNodeAreIgnored() throws Exception {
    NatsSessionTable table =
        new NatsSessionTable(
            connect(), prefix() + "-sessions", Duration.ofSeconds(90), Clock.systemUTC());
    open.add(0, table);
    Jid jid = Jid.of("bob@localhost/old");
    table.put(new SessionEntry(jid, "gone", "s", true, 0, System.currentTimeMillis() - 120_000));
    assertThat(table.session(jid)).isEmpty();
    assertThat(table.sessions(jid.bare())).isEmpty();
  }

  private static CompletableFuture<Void> record(Set<String> into, Envelope e) {
    into.add(e.id());
    return CompletableFuture.completedFuture(null);
  }
}
