package io.switchboard.core.pipeline;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Timer;
import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.xmpp.XmlElement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects one {@link Stage} to a {@link Transport}: receives its input, times and runs it, sends
 * what it emits, and reports completion only when every output was accepted. For inputs that can be
 * redelivered, ids already processed in this process are skipped; across processes, deterministic
 * output ids let the next durable hand-over drop the repeats (docs/decisions/0002).
 */
public final class StageRunner implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StageRunner.class);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final Stage stage;
  private final Transport transport;
  private final PipelineMetrics metrics;
  private final Clock clock;
  private final Timer timer;
  private final Cache<String, Boolean> processed;
  private Transport.Registration registration;

  public StageRunner(Stage stage, Transport transport, PipelineMetrics metrics, Clock clock) {
    this.stage = stage;
    this.transport = transport;
    this.metrics = metrics;
    this.clock = clock;
    this.timer = metrics.stageTimer(stage.name());
    this.processed =
        transport.redelivers(stage.input())
            ? Caffeine.newBuilder()
                .maximumSize(200_000)
                .expireAfterWrite(Duration.ofMinutes(10))
                .build()
            : null;
  }

  public synchronized void start() {
    if (registration == null) {
      registration = transport.receive(stage.input(), this::handle);
    }
  }

  /** Runs the stage on one envelope; visible for tests that drive a stage without a transport. */
  public CompletionStage<Void> handle(Envelope envelope) {
    if (processed != null && processed.getIfPresent(envelope.id()) != null) {
      metrics.duplicate(stage.name());
      return DONE;
    }
    long start = System.nanoTime();
    Output out = new Output(envelope);
    try {
      stage.process(envelope, out);
    } catch (Exception | LinkageError e) {
      metrics.error(stage.name(), e.getClass().getSimpleName());
      LOG.warn("{} failed on envelope {}", stage.name(), envelope.id(), e);
      return CompletableFuture.failedFuture(e);
    } finally {
      timer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
    CompletableFuture<Void> all = out.completion();
    if (processed != null) {
      all = all.thenRun(() -> processed.put(envelope.id(), Boolean.TRUE));
    }
    return all;
  }

  @Override
  public synchronized void close() {
    if (registration != null) {
      registration.close();
      registration = null;
    }
  }

  private final class Output implements StageOutput {
    private final Envelope input;
    private int index;
    private CompletableFuture<Void> single;
    private List<CompletableFuture<Void>> more;

    Output(Envelope input) {
      this.input = input;
    }

    @Override
    public void emit(Destination to, EnvelopeKind kind, Route route, XmlElement payload) {
      long now = micros();
      Envelope out = input.derive(index++, kind, route, payload, stage.name(), now);
      CompletableFuture<Void> f = transport.send(to, out);
      if (single == null) {
        single = f;
      } else {
        if (more == null) {
          more = new ArrayList<>();
          more.add(single);
        }
        more.add(f);
      }
    }

    CompletableFuture<Void> completion() {
      if (more != null) {
        return CompletableFuture.allOf(more.toArray(new CompletableFuture<?>[0]));
      }
      return single == null ? DONE : single;
    }
  }

  private long micros() {
    java.time.Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
