package io.switchboard.core.pipeline.local;

import io.switchboard.core.pipeline.BackPressureException;
import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.EnvelopeHandler;
import io.switchboard.core.pipeline.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory transport of {@code deployment.type=local}: envelopes are handed over as objects,
 * never serialized.
 *
 * <p>Shared and durable destinations are bounded queues, split into partitions by the sending
 * session so that one session's stanzas stay in order while sessions are processed in parallel.
 * Each partition has one worker thread. A sender that finds its partition full waits up to {@code
 * offerTimeout} (back-pressure reaches the client's socket), then fails with {@link
 * BackPressureException}. Node destinations are called directly on the sender's thread: their
 * handler only queues bytes on a socket.
 */
public final class LocalTransport implements Transport {

  private static final Logger LOG = LoggerFactory.getLogger(LocalTransport.class);

  private final int capacity;
  private final int partitions;
  private final Duration offerTimeout;
  private final Map<String, Queue> queues = new ConcurrentHashMap<>();
  private final Map<String, EnvelopeHandler> direct = new ConcurrentHashMap<>();

  public LocalTransport(int capacity, int partitions, Duration offerTimeout) {
    if (capacity < 1 || partitions < 1) {
      throw new IllegalArgumentException("capacity and partitions must be positive");
    }
    this.capacity = capacity;
    this.partitions = partitions;
    this.offerTimeout = offerTimeout;
  }

  @Override
  public CompletableFuture<Void> send(Destination to, Envelope envelope) {
    if (to.delivery() == Destination.Delivery.NODE) {
      EnvelopeHandler handler = direct.get(to.name());
      if (handler == null) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("no receiver for " + to.name()));
      }
      return handler.handle(envelope).toCompletableFuture();
    }
    BlockingQueue<Envelope> partition = queue(to).partitionFor(envelope);
    try {
      if (partition.offer(envelope)
          || partition.offer(envelope, offerTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
        return CompletableFuture.completedFuture(null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return CompletableFuture.failedFuture(
        new BackPressureException(to.name() + " queue full for " + offerTimeout));
  }

  @Override
  public Registration receive(Destination from, EnvelopeHandler handler) {
    if (from.delivery() == Destination.Delivery.NODE) {
      if (direct.putIfAbsent(from.name(), handler) != null) {
        throw new IllegalStateException("already receiving " + from.name());
      }
      return () -> direct.remove(from.name(), handler);
    }
    Queue queue = queue(from);
    queue.start(handler);
    return queue::stop;
  }

  @Override
  public long backlog(Destination destination) {
    if (destination.delivery() == Destination.Delivery.NODE) {
      return 0;
    }
    Queue q = queues.get(destination.name());
    return q == null ? 0 : q.size();
  }

  @Override
  public boolean redelivers(Destination destination) {
    return false;
  }

  @Override
  public void close() {
    queues.values().forEach(Queue::stop);
    direct.clear();
  }

  private Queue queue(Destination d) {
    return queues.computeIfAbsent(d.name(), Queue::new);
  }

  /** One destination: its partitions and their workers. */
  private final class Queue {
    private final String name;
    private final List<BlockingQueue<Envelope>> parts = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;

    Queue(String name) {
      this.name = name;
      for (int i = 0; i < partitions; i++) {
        parts.add(new ArrayBlockingQueue<>(capacity));
      }
    }

    BlockingQueue<Envelope> partitionFor(Envelope e) {
      Object key = e.session() != null ? e.session().streamId() : e.id();
      return parts.get(Math.floorMod(key.hashCode(), partitions));
    }

    long size() {
      long n = 0;
      for (BlockingQueue<Envelope> p : parts) {
        n += p.size();
      }
      return n;
    }

    synchronized void start(EnvelopeHandler handler) {
      if (running) {
        throw new IllegalStateException("already receiving " + name);
      }
      running = true;
      for (int i = 0; i < partitions; i++) {
        BlockingQueue<Envelope> part = parts.get(i);
        Thread t = new Thread(() -> work(part, handler), "sb-" + name + "-" + i);
        t.setDaemon(true);
        workers.add(t);
        t.start();
      }
    }

    private void work(BlockingQueue<Envelope> part, EnvelopeHandler handler) {
      List<Envelope> batch = new ArrayList<>(256);
      while (running) {
        try {
          Envelope first = part.poll(200, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
          part.drainTo(batch, 255);
          for (Envelope e : batch) {
            dispatch(handler, e);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } finally {
          batch.clear();
        }
      }
    }

    private void dispatch(EnvelopeHandler handler, Envelope e) {
      try {
        handler
            .handle(e)
            .whenComplete(
                (ok, err) -> {
                  if (err != null) {
                    LOG.debug(
                        "{}: envelope {} not fully handed on: {}", name, e.id(), err.toString());
                  }
                });
      } catch (RuntimeException ex) {
        LOG.error("{}: handler failed on {}", name, e.id(), ex);
      }
    }

    synchronized void stop() {
      running = false;
      for (Thread t : workers) {
        t.interrupt();
      }
      for (Thread t : workers) {
        try {
          t.join(2_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      workers.clear();
    }
  }
}
