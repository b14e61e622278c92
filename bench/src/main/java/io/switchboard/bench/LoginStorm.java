package io.switchboard.bench;

import io.switchboard.xmpp.XmlElement;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * New logins at a paced rate: a {@link Pacer} hands every due login to a pool of {@code
 * --login-threads} blocking login threads. Each login is timed ({@link LoginTiming}) and then
 * handed to its {@link Visit}, which decides what the session does and ends it.
 */
final class LoginStorm {

  /** What one login does besides logging in. Runs on a login thread. */
  interface Visit {
    /** The account (its {@link Connection#index}). */
    int account();

    /** The resource to bind. */
    String resource();

    /** A stanza that arrived while the login waited for the roster or the presence echo. */
    void early(XmlElement stanza, long nanos);

    /** The login completed; the visit now owns the connection and must end it. */
    void online(Connection c, LoginTiming timing) throws IOException;
  }

  private final Options o;
  private final InetSocketAddress server;
  private final LongFunction<Visit> visits;
  private final LoginStats stats = new LoginStats();
  private final ExecutorService pool;
  private final Pacer pacer;
  private Thread thread;

  /**
   * @param rate logins per second
   * @param start nanoTime of the first login
   * @param windowStart nanoTime where the measured window starts
   * @param stop nanoTime where new logins stop
   * @param limit the number of logins at most
   * @param visits login number to what it does
   */
  LoginStorm(
      Options o,
      double rate,
      long start,
      long windowStart,
      long stop,
      long limit,
      LongFunction<Visit> visits) {
    this.o = o;
    this.server = new InetSocketAddress(o.host, o.port);
    this.visits = visits;
    this.pool = Executors.newFixedThreadPool(o.loginThreads);
    this.pacer = new Pacer(rate, start, windowStart, stop, limit, this::schedule);
  }

  void start() {
    thread = pacer.startThread("bench-logins");
  }

  private void schedule(long seq, long nanos) {
    long due = pacer.dueAt(seq);
    pool.execute(() -> login(seq, due));
  }

  private void login(long seq, long due) {
    Visit visit = visits.apply(seq);
    Connection c = new Connection(visit.account());
    LoginTiming timing;
    try {
      timing =
          LoginTiming.perform(
              c, server, o, visit.resource(), due, e -> visit.early(e, System.nanoTime()));
    } catch (IOException | RuntimeException e) {
      stats.failed(e.getMessage() == null ? e.toString() : e.getMessage());
      c.close();
      return;
    }
    stats.completed(timing);
    try {
      visit.online(c, timing);
    } catch (IOException | RuntimeException e) {
      stats.failed("after login: " + e.getMessage());
      c.close();
    }
  }

  /**
   * Waits until pacing has stopped and every login handed out has finished (its visit included),
   * {@code seconds} at most after pacing stopped. Returns whether they all finished.
   */
  boolean awaitDone(long seconds) throws InterruptedException {
    thread.join();
    pool.shutdown();
    boolean done = pool.awaitTermination(seconds, TimeUnit.SECONDS);
    if (!done) {
      pool.shutdownNow();
    }
    return done;
  }

  LoginStats stats() {
    return stats;
  }

  Pacer pacer() {
    return pacer;
  }

  /** Logins started so far. */
  String progress() {
    return "logins started "
        + pacer.sent()
        + " completed "
        + stats.completed()
        + " failed "
        + stats.failed();
  }
}
