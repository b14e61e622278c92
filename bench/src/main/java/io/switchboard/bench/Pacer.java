package io.switchboard.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * One pacing thread. It performs exactly {@code rate} actions per second (messages, logins): on
 * every 1 ms tick it performs the actions that are due by then according to {@link
 * System#nanoTime()} since the start (so a late wake-up is caught up at the next tick, and sleep
 * drift never accumulates). It stops at {@code stop}, or after {@code limit} actions.
 */
final class Pacer implements Runnable {

  /** One paced action: number {@code seq}, performed at {@code nanos} ({@link System#nanoTime}). */
  interface Action {
    void perform(long seq, long nanos);
  }

  private static final long TICK = 1_000_000L;

  private final double rate;
  private final long start;
  private final long windowStart;
  private final long stop;
  private final long limit;
  private final Action action;

  private volatile long sent;
  private volatile long windowFirstSeq = -1;
  private volatile long windowEndSeq = -1;
  private volatile boolean finished;
  private long maxBatch;

  /**
   * @param start nanoTime of the first action
   * @param windowStart nanoTime where the measured window starts
   * @param stop nanoTime where pacing stops (the end of the measured window)
   * @param limit the number of actions at most
   */
  Pacer(double rate, long start, long windowStart, long stop, long limit, Action action) {
    this.rate = rate;
    this.start = start;
    this.windowStart = windowStart;
    this.stop = stop;
    this.limit = limit;
    this.action = action;
  }

  /** Starts pacing on a daemon thread of this name. */
  Thread startThread(String name) {
    Thread t = new Thread(this, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Override
  public void run() {
    long seq = 0;
    long now;
    LockSupport.parkNanos(start - System.nanoTime());
    while ((now = System.nanoTime()) < stop && seq < limit) {
      long due = Math.min(limit, (long) ((now - start) * rate / 1e9));
      maxBatch = Math.max(maxBatch, due - seq);
      while (seq < due) {
        long ts = System.nanoTime();
        if (ts >= windowStart && windowFirstSeq < 0) {
          windowFirstSeq = seq;
        }
        action.perform(seq, ts);
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
    finished = true;
  }

  /** When action {@code seq} is due (nanoTime). */
  long dueAt(long seq) {
    return start + (long) (seq * 1e9 / rate);
  }

  /** Actions performed so far (numbers 0..sent-1). */
  long sent() {
    return sent;
  }

  /** Whether pacing has stopped (at the end of the window or the limit). */
  boolean finished() {
    return finished;
  }

  /** First action number performed inside the measured window. */
  long windowFirstSeq() {
    return windowFirstSeq;
  }

  /** One past the last action number performed (the window ends where pacing stops). */
  long windowEndSeq() {
    return windowEndSeq;
  }

  /** Largest batch performed at one tick (rate/1000 normally; more when the thread woke late). */
  long maxBatch() {
    return maxBatch;
  }
}
