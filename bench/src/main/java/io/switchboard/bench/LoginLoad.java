package io.switchboard.bench;

import io.switchboard.xmpp.XmlElement;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Login storm: {@code --rate} new logins per second (connect, SASL PLAIN, bind, roster get, initial
 * presence until the server echoes it), accounts {@code bench-0..N-1} round-robin, each with a
 * resource of its own; every session stays online {@code --hold} seconds, then ends its stream.
 * Measured over the window: logins completed per second, login latency, server CPU per login (as
 * TARGETS.md reads it: CPU over the window / logins in the window; in a steady state every login is
 * matched by a logout, so the figure includes the logout) and failures.
 */
final class LoginLoad extends LoadScenario {

  static final String TABLE_HEADER =
      "| date (UTC) | mode | accounts | offered logins/s | completed logins/s | p50 ms | p95 ms |"
          + " p99 ms | max ms | server CPU ms / login | server RSS MB | failed |\n"
          + "|---|---|---|---|---|---|---|---|---|---|---|---|";

  LoginLoad(Options options, Bench.Log log) {
    super(options, log);
  }

  @Override
  int run() throws Exception {
    noteShortWindow(o.durationSeconds, "a window");
    if (o.holdSeconds + 1 >= o.clients / o.rate) {
      log.line(
          "note: accounts come round again before their last session ended: some accounts have"
              + " two sessions at a time (distinct resources, so they do not conflict)");
    }
    Bench.createUsers(o, o.clients, log);
    long clockTicks = ProcStats.clockTicks();
    ScheduledExecutorService logouts = Executors.newScheduledThreadPool(2);
    long start = System.nanoTime() + SECOND / 5;
    long windowStart = start + o.warmupSeconds * SECOND;
    long windowEnd = windowStart + o.durationSeconds * SECOND;
    LoginStorm storm =
        new LoginStorm(
            o, o.rate, start, windowStart, windowEnd, Long.MAX_VALUE, seq -> visit(seq, logouts));
    storm.start();
    log.line(
        String.format(
            Locale.ROOT,
            "load: %.0f logins/s over %d accounts, sessions held %d s; warm-up %d s, then a %d s"
                + " window",
            o.rate,
            o.clients,
            o.holdSeconds,
            o.warmupSeconds,
            o.durationSeconds));
    Bench.waitUntil(windowStart, start, storm::progress, log);
    ProcStats.Sample before = CpuWindow.begin(o);
    log.line("window starts");
    Bench.waitUntil(windowEnd, start, storm::progress, log);
    CpuWindow cpu = CpuWindow.end(o, clockTicks, before);
    log.line("window ends; waiting for the logins in flight and the held sessions");
    boolean finished = storm.awaitDone(OnlineClients.LOGIN_TIMEOUT_MS / 1000 + 30);
    logouts.shutdown(); // the logouts already scheduled still run
    boolean loggedOut = logouts.awaitTermination(o.holdSeconds + 60L, TimeUnit.SECONDS);
    if (!finished || !loggedOut) {
      log.line("logins or logouts did not finish in time");
    }
    return print(storm, cpu, windowStart, windowEnd, finished && loggedOut);
  }

  private LoginStorm.Visit visit(long seq, ScheduledExecutorService logouts) {
    int account = (int) (seq % o.clients);
    return new LoginStorm.Visit() {
      @Override
      public int account() {
        return account;
      }

      @Override
      public String resource() {
        return "s" + seq;
      }

      @Override
      public void early(XmlElement stanza, long nanos) {
        // nothing is expected besides the replies: the accounts have empty rosters
      }

      @Override
      public void online(Connection c, LoginTiming timing) {
        if (o.holdSeconds == 0) {
          c.logout();
        } else {
          Future<?> unused = logouts.schedule(c::logout, o.holdSeconds, TimeUnit.SECONDS);
        }
      }
    };
  }

  private int print(LoginStorm storm, CpuWindow cpu, long ws, long we, boolean finished) {
    var out = System.out;
    LoginStats stats = storm.stats();
    Pacer pacer = storm.pacer();
    long inWindow = stats.completedBetween(ws, we);
    long startedInWindow = pacer.windowEndSeq() - pacer.windowFirstSeq();
    out.println();
    out.printf(
        Locale.ROOT,
        "== login %s: %.0f logins/s offered over %d accounts, held %d s, warm-up %d s, window %d s"
            + " (sampled %.2f s)%n",
        o.modeLabel,
        o.rate,
        o.clients,
        o.holdSeconds,
        o.warmupSeconds,
        o.durationSeconds,
        cpu.seconds());
    out.printf(
        Locale.ROOT,
        "window: started %d (%.1f/s), completed %d (%.1f/s); whole run: started %d, completed %d,"
            + " failed %d; largest batch per tick %d%n",
        startedInWindow,
        startedInWindow / (double) o.durationSeconds,
        inWindow,
        inWindow / (double) o.durationSeconds,
        pacer.sent(),
        stats.completed(),
        stats.failed(),
        pacer.maxBatch());
    long[] totals = stats.print(out, ws, we);
    cpu.print(out, inWindow, 1, "login");
    out.println();
    out.println(TABLE_HEADER);
    out.printf(
        Locale.ROOT,
        "| %s | %s | %d | %.0f | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f | %d |%n",
        Report.now(),
        o.modeLabel,
        o.clients,
        o.rate,
        inWindow / (double) o.durationSeconds,
        LoginStats.pct(totals, 50),
        LoginStats.pct(totals, 95),
        LoginStats.pct(totals, 99),
        LoginStats.pct(totals, 100),
        cpu.serverMsPer(inWindow, 1),
        cpu.serverRssMb(),
        stats.failed());
    out.flush();
    return stats.failed() == 0 && finished ? 0 : 1;
  }
}
