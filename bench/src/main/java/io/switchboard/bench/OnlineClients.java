package io.switchboard.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients that log in once, before a load, and stay online: the chat clients, the senders of the
 * offline scenario. They log in back to back, {@code --login-threads} at a time (blocking I/O), and
 * are then handed to an {@link IoLoop}.
 */
final class OnlineClients {

  static final int LOGIN_TIMEOUT_MS = 30_000;

  final Connection[] clients;

  /** How long logging them all in took. */
  final double seconds;

  /** Login time percentiles (connect to presence sent). */
  final long p50Nanos;

  final long p95Nanos;

  private OnlineClients(Connection[] clients, double seconds, long p50Nanos, long p95Nanos) {
    this.clients = clients;
    this.seconds = seconds;
    this.p50Nanos = p50Nanos;
    this.p95Nanos = p95Nanos;
  }

  /**
   * Logs in accounts {@code bench-0..n-1}. Returns null (after saying why on {@code log}) if any
   * failed; the others are closed then.
   */
  static OnlineClients login(Options o, int n, Bench.Log log) throws InterruptedException {
    InetSocketAddress server = new InetSocketAddress(o.host, o.port);
    Connection[] clients = new Connection[n];
    long[] took = new long[n];
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger failed = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(o.loginThreads);
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      Connection c = new Connection(i);
      clients[i] = c;
      int index = i;
      pool.execute(
          () -> {
            if (failed.get() > 0) {
              return; // stop early: one failure fails the run
            }
            long t = System.nanoTime();
            try {
              c.login(server, o.domain, o.password, LOGIN_TIMEOUT_MS);
              took[index] = System.nanoTime() - t;
            } catch (IOException | RuntimeException e) {
              failed.incrementAndGet();
              failures.add(Connection.user(index) + ": " + e.getMessage());
            }
          });
    }
    pool.shutdown();
    if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
      pool.shutdownNow();
      failures.add("logins did not finish within 10 minutes");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!failures.isEmpty()) {
      log.line("login failed for " + failures.size() + " client(s) (the rest was not tried):");
      failures.stream().limit(5).forEach(f -> log.line("  " + f));
      for (Connection c : clients) {
        c.close();
      }
      return null;
    }
    Arrays.sort(took);
    log.line(String.format(Locale.ROOT, "%d clients logged in (%.1f s)", n, seconds));
    return new OnlineClients(
        clients, seconds, Recorder.percentile(took, 50), Recorder.percentile(took, 95));
  }

  /** Ends every stream, gives the server a moment to answer, and closes the sockets. */
  void closeAll() throws InterruptedException {
    for (Connection c : clients) {
      c.endStream();
    }
    Thread.sleep(500);
    for (Connection c : clients) {
      c.close();
    }
  }
}
