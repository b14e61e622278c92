package io.switchboard.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to every notification request of a run, by its sequence number: when it was sent,
 * when its 202 came back (and the message id in it), when its webhook arrived (and the part id),
 * how it failed. Written concurrently by the pacing thread, the HTTP client's completion threads
 * and the receiver's threads; times are {@link System#nanoTime()} of this JVM, 0 for "not yet".
 */
final class NotifyLedger {

  private final int capacity;
  private final AtomicLongArray sentAt;
  private final AtomicLongArray acceptedAt;
  private final AtomicLongArray arrivedAt;
  private final AtomicReferenceArray<String> messageIds;
  private final AtomicReferenceArray<String> partIds;

  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong arrived = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong extraParts = new AtomicLong();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Map<String, String> firstErrorBodies = new ConcurrentHashMap<>();

  NotifyLedger(int capacity) {
    this.capacity = capacity;
    sentAt = new AtomicLongArray(capacity);
    acceptedAt = new AtomicLongArray(capacity);
    arrivedAt = new AtomicLongArray(capacity);
    messageIds = new AtomicReferenceArray<>(capacity);
    partIds = new AtomicReferenceArray<>(capacity);
  }

  int capacity() {
    return capacity;
  }

  /** Request {@code seq} was not sent: the in-flight limit was reached. */
  void skipped() {
    skipped.incrementAndGet();
  }

  void sent(long seq, long nanos) {
    sentAt.set((int) seq, nanos);
  }

  /** Its 202, with the message id. */
  void accepted(long seq, long nanos, String messageId) {
    messageIds.set((int) seq, messageId);
    acceptedAt.set((int) seq, nanos);
    accepted.incrementAndGet();
  }

  /** Any other answer ({@code HTTP 503}) or failure ({@code HttpTimeoutException}). */
  void failed(String what, String body) {
    errors.computeIfAbsent(what, k -> new LongAdder()).increment();
    if (body != null) {
      firstErrorBodies.putIfAbsent(what, body.length() > 300 ? body.substring(0, 300) : body);
    }
  }

  /**
   * Request {@code seq}'s webhook arrived with part {@code partId}. Returns false when the run
   * never sent that request.
   */
  boolean arrived(long seq, String partId, long nanos) {
    if (seq >= capacity || sentAt.get((int) seq) == 0) {
      return false;
    }
    int s = (int) seq;
    if (arrivedAt.compareAndSet(s, 0, nanos)) {
      partIds.set(s, partId);
      arrived.incrementAndGet();
    } else if (partId != null && !partId.equals(partIds.get(s))) {
      extraParts.incrementAndGet(); // a second part for a request that has one recipient
    } else {
      duplicates.incrementAndGet();
    }
    return true;
  }

  long skippedCount() {
    return skipped.get();
  }

  long acceptedCount() {
    return accepted.get();
  }

  long arrivedCount() {
    return arrived.get();
  }

  long duplicates() {
    return duplicates.get();
  }

  long extraParts() {
    return extraParts.get();
  }

  long errorCount() {
    return errors.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Errors by kind, with the first body of each. */
  Map<String, String> errorSummary() {
    Map<String, String> out = new TreeMap<>();
    errors.forEach(
        (k, v) ->
            out.put(
                k,
                v.sum()
                    + (firstErrorBodies.containsKey(k)
                        ? "; first: " + firstErrorBodies.get(k)
                        : "")));
    return out;
  }

  /** Accepted requests (of {@code 0..sent-1}) whose webhook has not arrived. */
  long missing(long sent) {
    long n = 0;
    for (int s = 0; s < sent; s++) {
      if (acceptedAt.get(s) != 0 && arrivedAt.get(s) == 0) {
        n++;
      }
    }
    return n;
  }

  /** Webhooks that arrived for requests whose 202 never came (a timeout or an error answer). */
  long arrivedUnacknowledged(long sent) {
    long n = 0;
    for (int s = 0; s < sent; s++) {
      if (acceptedAt.get(s) == 0 && arrivedAt.get(s) != 0) {
        n++;
      }
    }
    return n;
  }

  /** Accepted requests whose webhook arrived with a message id other than the 202's. */
  long mismatched(long sent) {
    long n = 0;
    for (int s = 0; s < sent; s++) {
      String part = partIds.get(s);
      String message = messageIds.get(s);
      if (part != null && message != null && !part.startsWith(message + ".")) {
        n++;
      }
    }
    return n;
  }

  /** 202s that came back in [from, to). */
  long acceptedBetween(long from, long to) {
    return countBetween(acceptedAt, from, to);
  }

  /** First arrivals in [from, to). */
  long arrivedBetween(long from, long to) {
    return countBetween(arrivedAt, from, to);
  }

  private long countBetween(AtomicLongArray times, long from, long to) {
    long n = 0;
    for (int s = 0; s < capacity; s++) {
      long t = times.get(s);
      if (t != 0 && t >= from && t < to) {
        n++;
      }
    }
    return n;
  }

  /** The latencies of the requests {@code first..end-1}, by what they measure. */
  Latencies latencies(long first, long end) {
    long[] accept = new long[(int) (end - first)];
    long[] delivery = new long[accept.length];
    long[] endToEnd = new long[accept.length];
    int a = 0;
    int d = 0;
    int e = 0;
    long early = 0;
    for (int s = (int) first; s < end; s++) {
      long sent = sentAt.get(s);
      long acc = acceptedAt.get(s);
      long arr = arrivedAt.get(s);
      if (sent != 0 && acc != 0) {
        accept[a++] = acc - sent;
      }
      if (acc != 0 && arr != 0) {
        if (arr < acc) {
          early++; // the webhook was in before the driver had read the 202
        }
        delivery[d++] = Math.max(0, arr - acc);
      }
      if (sent != 0 && arr != 0) {
        endToEnd[e++] = arr - sent;
      }
    }
    return new Latencies(sorted(accept, a), sorted(delivery, d), sorted(endToEnd, e), early);
  }

  private static long[] sorted(long[] values, int n) {
    long[] out = Arrays.copyOf(values, n);
    Arrays.sort(out);
    return out;
  }

  /**
   * Sorted latencies in nanoseconds.
   *
   * @param accept request sent → 202 read (the request is durable)
   * @param delivery 202 read → webhook arrived (0 when the webhook was first)
   * @param endToEnd request sent → webhook arrived
   * @param deliveredFirst webhooks that arrived before the driver had read their 202
   */
  record Latencies(long[] accept, long[] delivery, long[] endToEnd, long deliveredFirst) {}
}
