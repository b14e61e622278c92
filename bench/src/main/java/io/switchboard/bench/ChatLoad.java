package io.switchboard.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * 1:1 chat load: N real XMPP clients on loopback (plain TCP, SASL PLAIN, resource {@code r}), a
 * paced aggregate message rate, delivery latency measured end to end in this JVM, and the server
 * processes' CPU time and memory over a steady window read from /proc. See bench/README.md.
 *
 * <p>Threads: a few login threads at first, then exactly two: one sender ({@link Pacer}) and one
 * selector thread that reads every socket ({@link IoLoop}).
 */
public final class ChatLoad {

  private static final int LOGIN_TIMEOUT_MS = 30_000;
  private static final long SECOND = 1_000_000_000L;

  private final Options o;

  private ChatLoad(Options options) {
    this.o = options;
  }

  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().isEmpty()) {
        System.err.println("ChatLoad: " + e.getMessage());
      }
      System.err.print(Options.USAGE);
      System.exit(e.getMessage().isEmpty() ? 0 : 64);
      return;
    }
    int status;
    try {
      status = new ChatLoad(options).run();
    } catch (Exception e) {
      System.err.println("ChatLoad failed: " + e);
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  private int run() throws Exception {
    if (o.durationSeconds < 30) {
      log("note: a window under 30 s is too short for the CPU figures of TARGETS.md");
    }
    if (o.serverPids.isEmpty()) {
      log("note: no --server-pids, so no server CPU or memory figures");
    }
    if (o.createUsers) {
      long t = System.nanoTime();
      int created = AdminClient.createUsers(o.http, o.token, o.clients, o.password, 4);
      log(
          String.format(
              Locale.ROOT,
              "users: %d created, %d existed already (%.1f s)",
              created,
              o.clients - created,
              (System.nanoTime() - t) / 1e9));
    }
    Report report = new Report();
    Connection[] clients = login(report);
    if (clients == null) {
      return 1;
    }
    try {
      return load(clients, report);
    } finally {
      for (Connection c : clients) {
        c.endStream();
      }
      Thread.sleep(500);
      for (Connection c : clients) {
        c.close();
      }
    }
  }

  /** Logs every client in, a few at a time. Returns null (after saying why) if any failed. */
  private Connection[] login(Report report) throws InterruptedException {
    int n = o.clients;
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
    report.loginSeconds = (System.nanoTime() - start) / 1e9;
    if (!failures.isEmpty()) {
      log("login failed for " + failures.size() + " client(s) (the rest was not tried):");
      failures.stream().limit(5).forEach(f -> log("  " + f));
      for (Connection c : clients) {
        c.close();
      }
      return null;
    }
    Arrays.sort(took);
    report.loginP50Nanos = Recorder.percentile(took, 50);
    report.loginP95Nanos = Recorder.percentile(took, 95);
    log(String.format(Locale.ROOT, "%d clients logged in (%.1f s)", n, report.loginSeconds));
    return clients;
  }

  private int load(Connection[] clients, Report report) throws Exception {
    long selfPid = ProcessHandle.current().pid();
    List<Long> pids = new ArrayList<>(o.serverPids);
    pids.addAll(o.storePids);
    pids.add(selfPid);
    long clockTicks = ProcStats.clockTicks();

    long start = System.nanoTime() + SECOND / 5;
    long windowStart = start + o.warmupSeconds * SECOND;
    long windowEnd = windowStart + o.durationSeconds * SECOND;
    Recorder recorder = new Recorder(o.clients, windowStart, windowEnd);
    IoLoop io = new IoLoop(clients, recorder);
    Pacer pacer = new Pacer(clients, o.domain, o.rate, start, windowStart, windowEnd);
    Thread sender = new Thread(pacer, "bench-sender");
    sender.setDaemon(true);
    io.start();
    sender.start();
    log(
        String.format(
            Locale.ROOT,
            "load: %.0f msgs/s from %d clients; warm-up %d s, then a %d s window",
            o.rate,
            o.clients,
            o.warmupSeconds,
            o.durationSeconds));

    waitUntil(windowStart, start, pacer, recorder, io);
    ProcStats.Sample before = ProcStats.sample(pids);
    log("window starts");
    waitUntil(windowEnd, start, pacer, recorder, io);
    ProcStats.Sample after = ProcStats.sample(pids);
    log("window ends; draining");
    sender.join(10_000);

    // Wait for what is in flight: until everything arrived, or nothing arrived for --drain
    // seconds, or --drain-max seconds passed. What is still missing then counts as lost.
    long drainStart = System.nanoTime();
    long hardStop = drainStart + o.drainMaxSeconds * SECOND;
    long lastCount = -1;
    long lastProgress = drainStart;
    long now;
    while ((now = System.nanoTime()) < hardStop && io.closedConnections() < clients.length) {
      long count = recorder.received() + recorder.errors();
      if (count >= pacer.sent()) {
        break;
      }
      if (count != lastCount) {
        lastCount = count;
        lastProgress = now;
      } else if (now - lastProgress >= o.drainSeconds * SECOND) {
        break;
      }
      Thread.sleep(20);
    }
    report.drainSeconds = (System.nanoTime() - drainStart) / 1e9;
    io.stop();

    report.options = o;
    report.clockTicks = clockTicks;
    report.before = before;
    report.after = after;
    report.selfPid = selfPid;
    report.recorder = recorder;
    report.pacer = pacer;
    report.io = io;
    int status = report.print(System.out);
    if (status == 0 && (io.closedConnections() > 0 || recorder.misrouted() > 0)) {
      status = 1;
    }
    return status;
  }

  /** Sleeps until {@code target} (nanoTime), printing progress every 5 s. */
  private static void waitUntil(
      long target, long start, Pacer pacer, Recorder recorder, IoLoop io) {
    long lastReport = System.nanoTime();
    long now;
    while ((now = System.nanoTime()) < target) {
      long nextReport = lastReport + 5 * SECOND;
      LockSupport.parkNanos(Math.min(target, nextReport) - now);
      if (System.nanoTime() >= nextReport && System.nanoTime() < target) {
        lastReport = System.nanoTime();
        log(
            String.format(
                Locale.ROOT,
                "t=%4.0f s sent %d received %d errors %d closed %d",
                (lastReport - start) / 1e9,
                pacer.sent(),
                recorder.received(),
                recorder.errors(),
                io.closedConnections()));
      }
    }
  }

  private static void log(String line) {
    System.err.println("[chatload] " + line);
  }
}
