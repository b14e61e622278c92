package io.switchboard.router.notify;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.switchboard.core.notify.message.MessageStore;
import io.switchboard.core.notify.message.Part;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs external deliveries off the router's stage thread (an adapter may wait seconds for a slow
 * webhook, and chat routing must not wait with it): parts handed over by the processor, retries
 * whose time has come, parts whose hand-over was lost (queued a minute ago and never taken), and
 * status callbacks. A part the Channel's rate limit holds back is tried again when its token is
 * due, without taking an attempt. Each part is attempted by at most one thread of this process at a
 * time; across processes the store's claim decides.
 */
@Singleton
@Requires(property = "switchboard.stages.router.enabled", notEquals = "false")
public class DeliveryScheduler {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryScheduler.class);
  private static final Duration STALE = Duration.ofSeconds(60);

  private final PartDelivery delivery;
  private final CallbackDispatcher callbacks;
  private final MessageStore messages;
  private final Clock clock;
  private final ExecutorService workers;
  private final ScheduledExecutorService ticker;
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private final Set<String> waiting = ConcurrentHashMap.newKeySet();

  public DeliveryScheduler(
      PartDelivery delivery,
      CallbackDispatcher callbacks,
      MessageStore messages,
      Clock clock,
      @Value("${switchboard.notify.delivery-threads:8}") int threads,
      @Value("${switchboard.notify.poll-interval:500ms}") Duration poll) {
    this.delivery = delivery;
    this.callbacks = callbacks;
    this.messages = messages;
    this.clock = clock;
    AtomicInteger n = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            Math.max(1, threads), r -> daemon(r, "notify-delivery-" + n.incrementAndGet()));
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "notify-scheduler"));
    long millis = Math.max(50, poll.toMillis());
    ticker.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Attempts a part soon, unless this process is already attempting it or holds it back for the
   * Channel's rate limit.
   */
  public void submit(String partId) {
    if (waiting.contains(partId) || !running.add(partId)) {
      return;
    }
    workers.execute(
        () -> {
          Duration wait = Duration.ZERO;
          try {
            wait = delivery.attempt(partId);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (RuntimeException e) {
            LOG.warn("delivery of part {} failed", partId, e);
          } finally {
            running.remove(partId);
          }
          if (!wait.isZero()) {
            later(partId, wait);
          }
        });
  }

  /**
   * Attempts a part again after a wait (the Channel's rate limit had no token for it). Only this
   * process remembers it; if the process stops, the sweep of stale queued parts or the due retries
   * take the part.
   */
  private void later(String partId, Duration wait) {
    if (!waiting.add(partId)) {
      return;
    }
    try {
      ticker.schedule(
          () -> {
            waiting.remove(partId);
            submit(partId);
          },
          wait.toNanos(),
          TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      waiting.remove(partId);
      LOG.debug("not rescheduling part {}: shutting down", partId);
    }
  }

  private void tick() {
    try {
      Instant now = clock.instant();
      for (Part p : messages.dueRetries(now, 100)) {
        submit(p.id());
      }
      for (Part p : messages.staleQueued(now.minus(STALE), 100)) {
        submit(p.id());
      }
      callbacks.runOnce(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("notification scheduler: {}", e.toString());
    }
  }

  @PreDestroy
  void stop() throws InterruptedException {
    ticker.shutdownNow();
    workers.shutdown();
    if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
      workers.shutdownNow();
    }
  }
}
