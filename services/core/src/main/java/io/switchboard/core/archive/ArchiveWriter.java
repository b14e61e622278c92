package io.switchboard.core.archive;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import io.switchboard.core.metrics.PipelineMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes documents off the caller's path: a bounded queue drained by one background thread into
 * unordered {@code insertMany} batches of up to {@code batchSize} documents, each written at most
 * {@code flushInterval} after its first document arrived. Duplicate keys (a redelivered message
 * archived again) are ignored; other failures are retried a few times, then counted and logged.
 *
 * <p>{@link #flush} is a barrier: it returns once every document submitted before it was written
 * (or given up on). What sits in the queue when the process dies is lost; see
 * docs/decisions/0004-message-archive.md.
 */
public final class ArchiveWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ArchiveWriter.class);
  private static final int ATTEMPTS = 3;

  private final MongoCollection<Document> collection;
  private final BlockingQueue<Document> queue;
  private final int batchSize;
  private final long intervalNanos;
  private final long offerTimeoutNanos;
  private final PipelineMetrics metrics;
  private final String name;

  /** Serializes enqueueing so that queue order and the {@link #submitted} count agree. */
  private final ReentrantLock enqueue = new ReentrantLock();

  private final Object progress = new Object();
  private volatile long submitted;
  private long processed; // guarded by progress
  private volatile boolean closed;
  private Thread thread; // guarded by this

  public ArchiveWriter(
      MongoCollection<Document> collection,
      int capacity,
      int batchSize,
      Duration flushInterval,
      Duration offerTimeout,
      PipelineMetrics metrics,
      String name) {
    this.collection = collection;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.batchSize = batchSize;
    this.intervalNanos = flushInterval.toNanos();
    this.offerTimeoutNanos = offerTimeout.toNanos();
    this.metrics = metrics;
    this.name = name;
  }

  /**
   * Queues a document. Returns at once unless the queue is full, in which case it waits up to the
   * offer timeout (back-pressure on the caller), then drops the document and counts it.
   *
   * @return whether the document was queued
   */
  public boolean submit(Document doc) {
    if (closed) {
      metrics.count("switchboard.archive.dropped", "reason", "closed");
      return false;
    }
    ensureStarted();
    try {
      enqueue.lockInterruptibly();
      try {
        if (!queue.offer(doc) && !queue.offer(doc, offerTimeoutNanos, TimeUnit.NANOSECONDS)) {
          metrics.count("switchboard.archive.dropped", "reason", "queue-full");
          LOG.warn("archive queue full; dropped a write for {}", doc.get("owner"));
          return false;
        }
        submitted++;
        return true;
      } finally {
        enqueue.unlock();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      metrics.count("switchboard.archive.dropped", "reason", "interrupted");
      return false;
    }
  }

  /**
   * Waits until everything submitted before this call was written (or failed).
   *
   * @return false if that did not happen within the timeout
   */
  public boolean flush(Duration timeout) throws InterruptedException {
    long target = submitted;
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (processed < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(progress, left);
      }
    }
    return true;
  }

  /** Documents waiting to be written. */
  public int pending() {
    return queue.size();
  }

  private synchronized void ensureStarted() {
    if (thread == null) {
      thread = new Thread(this::run, "sb-archive-" + name);
      thread.setDaemon(true);
      thread.start();
    }
  }

  private void run() {
    List<Document> batch = new ArrayList<>(batchSize);
    while (!closed || !queue.isEmpty()) {
      try {
        Document first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        long deadline = System.nanoTime() + intervalNanos;
        while (batch.size() < batchSize) {
          queue.drainTo(batch, batchSize - batch.size());
          long left = deadline - System.nanoTime();
          if (batch.size() >= batchSize || left <= 0 || closed) {
            break;
          }
          Document next = queue.poll(left, TimeUnit.NANOSECONDS);
          if (next != null) {
            batch.add(next);
          }
        }
      } catch (InterruptedException e) {
        // Nobody interrupts this thread on purpose; write what was taken and go on until closed.
        queue.drainTo(batch, batchSize - batch.size());
      }
      if (!batch.isEmpty()) {
        write(batch);
        synchronized (progress) {
          processed += batch.size();
          progress.notifyAll();
        }
        batch.clear();
      }
    }
  }

  private void write(List<Document> batch) {
    for (int attempt = 1; ; attempt++) {
      try {
        collection.insertMany(batch, new InsertManyOptions().ordered(false));
        metrics.count("switchboard.archive.batches");
        countWritten(batch.size());
        return;
      } catch (MongoBulkWriteException e) {
        int duplicates = 0;
        int failed = 0;
        for (BulkWriteError error : e.getWriteErrors()) {
          if (ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY) {
            duplicates++;
          } else {
            failed++;
          }
        }
        countWritten(batch.size() - duplicates - failed);
        count("switchboard.archive.duplicates", duplicates);
        if (failed > 0) {
          count("switchboard.archive.failed", failed);
          LOG.warn(
              "archive batch: {} of {} documents failed: {}", failed, batch.size(), e.getMessage());
        }
        return;
      } catch (MongoException e) {
        // Retrying is safe: documents already written come back as duplicate keys.
        if (attempt >= ATTEMPTS) {
          count("switchboard.archive.failed", batch.size());
          LOG.error(
              "archive batch of {} documents lost after {} attempts", batch.size(), attempt, e);
          return;
        }
        LOG.warn("archive batch failed (attempt {}), retrying: {}", attempt, e.toString());
        try {
          Thread.sleep(100L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private void countWritten(int n) {
    count("switchboard.archive.documents", n);
  }

  private void count(String meter, int n) {
    if (n > 0) {
      metrics.registry().counter(meter).increment(n);
    }
  }

  /** Stops accepting writes, writes what is queued, and stops the thread (waits up to 10 s). */
  @Override
  public void close() {
    closed = true;
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t == null) {
      return;
    }
    try {
      t.join(10_000);
      if (t.isAlive()) {
        LOG.warn("archive writer did not finish within 10 s; {} writes lost", queue.size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
