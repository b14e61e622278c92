package io.switchboard.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

/**
 * The one sender thread. It offers exactly {@code rate} messages per second in aggregate: on every
 * 1 ms tick it sends the messages that are due by then according to {@link System#nanoTime()} since
 * the start (so a late wake-up is caught up at the next tick, and sleep drift never accumulates).
 * Message {@code seq} goes from client {@code seq % N} to client {@code (i + N/2) % N}.
 */
final class Pacer implements Runnable {

  private static final long TICK = 1_000_000L;

  private final Connection[] clients;
  private final String domain;
  private final double rate;
  private final long start;
  private final long windowStart;
  private final long stop;

  private volatile long sent;
  private volatile long windowFirstSeq = -1;
  private volatile long windowEndSeq = -1;
  private long queuedWrites;
  private long sendFailures;
  private String firstFailure;
  private long maxBatch;

  /**
   * @param start nanoTime of the first message
   * @param windowStart nanoTime where the measured window starts
   * @param stop nanoTime where sending stops (the end of the measured window)
   */
  Pacer(Connection[] clients, String domain, double rate, long start, long windowStart, long stop) {
    this.clients = clients;
    this.domain = domain;
    this.rate = rate;
    this.start = start;
    this.windowStart = windowStart;
    this.stop = stop;
  }

  /** The client that messages of client {@code sender} go to. */
  static int recipientOf(int sender, int n) {
    return (sender + n / 2) % n;
  }

  @Override
  public void run() {
    int n = clients.length;
    StringBuilder sb = new StringBuilder(192);
    long seq = 0;
    long now;
    LockSupport.parkNanos(start - System.nanoTime());
    while ((now = System.nanoTime()) < stop) {
      long due = (long) ((now - start) * rate / 1e9);
      maxBatch = Math.max(maxBatch, due - seq);
      while (seq < due) {
        int from = (int) (seq % n);
        int to = recipientOf(from, n);
        long ts = System.nanoTime();
        if (ts >= windowStart && windowFirstSeq < 0) {
          windowFirstSeq = seq;
        }
        sb.setLength(0);
        sb.append("<message to='")
            .append(Connection.user(to))
            .append('@')
            .append(domain)
            .append('/')
            .append(Connection.RESOURCE)
            .append("' type='chat' id='m")
            .append(seq)
            .append("'><body>")
            .append(seq)
            .append(' ')
            .append(ts)
            .append("</body></message>");
        ByteBuffer bytes = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        try {
          if (!clients[from].send(bytes)) {
            queuedWrites++;
          }
        } catch (IOException e) {
          sendFailures++;
          if (firstFailure == null) {
            firstFailure = Connection.user(from) + ": " + e;
          }
        }
        seq++;
        sent = seq;
      }
      long next = start + ((now - start) / TICK + 1) * TICK;
      LockSupport.parkNanos(next - System.nanoTime());
    }
    if (windowFirstSeq < 0) {
      windowFirstSeq = seq;
    }
    windowEndSeq = seq;
  }

  /** Messages sent so far (sequence numbers 0..sent-1). */
  long sent() {
    return sent;
  }

  /** First sequence number sent inside the measured window. */
  long windowFirstSeq() {
    return windowFirstSeq;
  }

  /** One past the last sequence number sent (the window ends where sending stops). */
  long windowEndSeq() {
    return windowEndSeq;
  }

  /** Messages the socket did not take at once (queued for the IO thread). */
  long queuedWrites() {
    return queuedWrites;
  }

  long sendFailures() {
    return sendFailures;
  }

  String firstFailure() {
    return firstFailure;
  }

  /** Largest batch sent at one tick (rate/1000 normally; more when the sender woke up late). */
  long maxBatch() {
    return maxBatch;
  }
}
