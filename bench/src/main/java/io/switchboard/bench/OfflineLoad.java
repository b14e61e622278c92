package io.switchboard.bench;

import io.switchboard.xmpp.XmlElement;
import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Offline storage (XEP-0160): {@code --senders} online clients send {@code --per-recipient}
 * messages to each of N accounts that are offline, at {@code --rate} messages per second; then the
 * recipients log in at {@code --login-rate} per second and get their stored messages; then (unless
 * {@code --skip-recheck}) they log in once more, and must get nothing.
 *
 * <p>Measured: the store rate and the server CPU per 1000 stored messages over the store window
 * (the sending after the warm-up, until the server's stored counter has caught up); the flush at
 * login, from the initial presence sent to the last stored message read (TARGETS.md: "offline flush
 * at login (10 stored messages) p95"), the drain rate and the server CPU per login with its flush;
 * and every message by its sequence number: lost, duplicated, misdelivered, refused.
 */
final class OfflineLoad extends LoadScenario {

  static final String TABLE_HEADER =
      "| date (UTC) | mode | recipients × msgs | offered msgs/s | stored msgs/s |"
          + " server CPU ms / 1000 stored | drain logins/s | drained msgs/s | flush p50 ms |"
          + " flush p95 ms | flush p99 ms | login+flush p95 ms | server CPU ms / login+flush |"
          + " lost | dup |\n"
          + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

  static final String STORED_SERIES = "switchboard_offline_stored_total";
  private final Traffic traffic;
  private final long total;

  /** What the recipients received (written by login threads under its lock). */
  private final Recorder inbox;

  // the drain
  private final List<long[]> flushes = new ArrayList<>(); // {flush, login + flush} ns
  private final AtomicLong incomplete = new AtomicLong();
  private String firstIncomplete;

  // the recheck
  private final AtomicLong redelivered = new AtomicLong();
  private String firstRedelivered;

  OfflineLoad(Options options, Bench.Log log) {
    super(options, log);
    this.traffic = new Traffic.Offline(o.senders, o.clients, o.domain);
    this.total = o.offlineMessages();
    this.inbox = new Recorder(traffic, 0, 0); // no window: store-to-login times mean nothing
  }

  /** What the store phase measured. */
  private record Stored(CpuWindow cpu, long sentInWindow, long storedInWindow, double catchUpS) {}

  @Override
  int run() throws Exception {
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many messages: " + total);
    }
    Bench.createUsers(o, o.senders + o.clients, log);
    OnlineClients senders = OnlineClients.login(o, o.senders, log);
    if (senders == null) {
      return 1;
    }
    Recorder replies = new Recorder(traffic, 0, 0); // what the senders get back: error replies
    IoLoop io = new IoLoop(senders.clients, replies);
    io.start();
    try {
      long clockTicks = ProcStats.clockTicks();
      MessageSender messages = new MessageSender(senders.clients, traffic);
      Stored stored = store(messages, replies, io, clockTicks);
      if (stored == null) {
        return 1;
      }
      log.line(
          String.format(
              Locale.ROOT,
              "drain: %d recipients log in at %.0f/s and wait for their %d messages",
              o.clients,
              o.loginRate,
              o.perRecipient));
      LoginStorm drain = logins(this::drainVisit);
      ProcStats.Sample before = CpuWindow.begin(o);
      drain.start();
      boolean drained = finish(drain);
      CpuWindow drainCpu = CpuWindow.end(o, clockTicks, before);
      LoginStorm recheck = null;
      if (o.recheck) {
        log.line("recheck: every recipient logs in again and must get nothing");
        recheck = logins(this::recheckVisit);
        recheck.start();
        drained &= finish(recheck);
      }
      return print(stored, messages, replies, io, drain, drainCpu, recheck, drained);
    } finally {
      senders.closeAll();
      io.stop();
    }
  }

  // ------------------------------------------------------------------ store

  private Stored store(MessageSender messages, Recorder replies, IoLoop io, long clockTicks)
      throws Exception {
    ServerMetrics counter = o.metrics == null ? null : new ServerMetrics(o.metrics, STORED_SERIES);
    long storedBefore = counter == null ? 0 : counter.read();
    long start = System.nanoTime() + SECOND / 5;
    long windowStart = start + o.warmupSeconds * SECOND;
    Pacer pacer = new Pacer(o.rate, start, windowStart, Long.MAX_VALUE, total, messages);
    long sendEnd = pacer.dueAt(total);
    if (sendEnd <= windowStart) {
      log.line("--warmup covers all the sending: no store window; use more --clients or --rate");
      return null;
    }
    noteShortWindow((sendEnd - windowStart) / 1e9, "a store window");
    if (counter == null) {
      log.line("note: no --metrics, so stores are not counted: sent is taken for stored");
    }
    Thread sender = pacer.startThread("bench-sender");
    log.line(
        String.format(
            Locale.ROOT,
            "store: %d messages (%d to each of %d offline recipients) from %d senders at %.0f/s;"
                + " warm-up %d s, then a %.0f s window",
            total,
            o.perRecipient,
            o.clients,
            o.senders,
            o.rate,
            o.warmupSeconds,
            (sendEnd - windowStart) / 1e9));
    Bench.waitUntil(windowStart, start, () -> Report.progress(pacer, replies, io), log);
    ProcStats.Sample before = CpuWindow.begin(o);
    long storedAtStart = counter == null ? pacer.sent() : counter.read() - storedBefore;
    log.line("window starts");
    Bench.waitUntil(sendEnd, start, () -> Report.progress(pacer, replies, io), log);
    sender.join(10_000);
    // Until the server has stored what was sent (or refused it): its counter says when.
    long storedNow = pacer.sent();
    long lastProgress = System.nanoTime();
    long hardStop = lastProgress + o.drainMaxSeconds * SECOND;
    if (counter != null) {
      storedNow = counter.read() - storedBefore;
      while (storedNow + replies.errors() < pacer.sent() && System.nanoTime() < hardStop) {
        Thread.sleep(100);
        long n = counter.read() - storedBefore;
        if (n != storedNow) {
          storedNow = n;
          lastProgress = System.nanoTime();
        } else if (System.nanoTime() - lastProgress >= o.drainSeconds * SECOND) {
          break;
        }
      }
    }
    CpuWindow cpu = CpuWindow.end(o, clockTicks, before);
    double catchUp = Math.max(0, (System.nanoTime() - sendEnd) / 1e9);
    log.line(
        String.format(
            Locale.ROOT,
            "window ends: %d of %d stored (%.2f s after the last send), %d refused",
            storedNow,
            pacer.sent(),
            catchUp,
            replies.errors()));
    return new Stored(
        cpu, pacer.sent() - pacer.windowFirstSeq(), storedNow - storedAtStart, catchUp);
  }

  // ------------------------------------------------------------------ drain and recheck

  private LoginStorm logins(java.util.function.LongFunction<LoginStorm.Visit> visits) {
    long start = System.nanoTime() + SECOND / 5;
    return new LoginStorm(o, o.loginRate, start, start, Long.MAX_VALUE, o.clients, visits);
  }

  /** Waits for a storm's logins, with progress; returns whether all finished in time. */
  private boolean finish(LoginStorm storm) throws InterruptedException {
    long start = System.nanoTime();
    Bench.waitUntil(storm.pacer().dueAt(o.clients), start, storm::progress, log);
    boolean done =
        storm.awaitDone(OnlineClients.LOGIN_TIMEOUT_MS / 1000 + o.flushTimeoutSeconds + 30);
    if (!done) {
      log.line("logins did not finish in time");
    }
    return done;
  }

  /** A recipient's first login: its stored messages, all of them, timed. */
  private LoginStorm.Visit drainVisit(long seq) {
    return new Recipient(seq) {
      @Override
      public void online(Connection c, LoginTiming timing) throws IOException {
        long deadline = timing.presenceSent() + o.flushTimeoutSeconds * SECOND;
        try {
          while (messages.size() < o.perRecipient) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
              throw new SocketTimeoutException();
            }
            c.readTimeout((int) left);
            early(c.next(), System.nanoTime());
          }
          long last = arrivals[o.perRecipient - 1];
          synchronized (flushes) {
            flushes.add(new long[] {last - timing.presenceSent(), last - timing.start()});
          }
        } catch (SocketTimeoutException e) {
          incomplete.incrementAndGet();
          synchronized (flushes) {
            if (firstIncomplete == null) {
              firstIncomplete =
                  Connection.user(c.index) + " got " + messages.size() + " of " + o.perRecipient;
            }
          }
        } finally {
          record(c);
          c.logout();
        }
      }
    };
  }

  /** A recipient's second login: a ping after the presence echo, and nothing stored left. */
  private LoginStorm.Visit recheckVisit(long seq) {
    return new Recipient(seq) {
      @Override
      public void online(Connection c, LoginTiming timing) throws IOException {
        try {
          c.ping(e -> early(e, System.nanoTime()));
        } finally {
          if (!messages.isEmpty()) {
            redelivered.addAndGet(messages.size());
            synchronized (flushes) {
              if (firstRedelivered == null) {
                firstRedelivered = Connection.user(c.index) + ": " + messages.get(0).toXml();
              }
            }
          }
          record(c);
          c.logout();
        }
      }
    };
  }

  /** A login of recipient {@code seq}: collects the messages it gets. */
  private abstract class Recipient implements LoginStorm.Visit {
    private final int account;
    final List<XmlElement> messages = new ArrayList<>();
    final long[] arrivals = new long[o.perRecipient];
    private final List<XmlElement> others = new ArrayList<>();

    Recipient(long seq) {
      this.account = o.senders + (int) seq;
    }

    @Override
    public int account() {
      return account;
    }

    @Override
    public String resource() {
      return Connection.RESOURCE;
    }

    @Override
    public void early(XmlElement e, long nanos) {
      if ("message".equals(e.name())) {
        if (messages.size() < arrivals.length) {
          arrivals[messages.size()] = nanos;
        }
        messages.add(e);
      } else {
        others.add(e);
      }
    }

    /** Hands what arrived to the inbox recorder (which tells lost, duplicate, misrouted). */
    void record(Connection c) {
      synchronized (inbox) {
        for (XmlElement m : messages) {
          inbox.message(c.index, m, 0);
        }
        others.forEach(inbox::other);
      }
    }
  }

  // ------------------------------------------------------------------ report

  private int print(
      Stored stored,
      MessageSender messages,
      Recorder replies,
      IoLoop io,
      LoginStorm drain,
      CpuWindow drainCpu,
      LoginStorm recheck,
      boolean finished) {
    PrintStream out = System.out;
    double storeS = stored.cpu().seconds();
    double storedPerS = stored.storedInWindow() / storeS;
    double drainS = drainCpu.seconds();
    long[] flush;
    long[] loginFlush;
    synchronized (flushes) {
      flush = flushes.stream().mapToLong(f -> f[0]).sorted().toArray();
      loginFlush = flushes.stream().mapToLong(f -> f[1]).sorted().toArray();
    }
    long lost;
    long dup;
    long misrouted;
    long malformed;
    long received;
    synchronized (inbox) {
      lost = inbox.missing(0, total);
      dup = inbox.duplicates();
      misrouted = inbox.misrouted();
      malformed = inbox.malformed();
      received = inbox.received();
    }
    LoginStats logins = drain.stats();

    out.println();
    out.printf(
        Locale.ROOT,
        "== offline %s: %d senders, %d offline recipients x %d messages = %d, sent at %.0f/s,"
            + " drained at %.0f logins/s%n",
        o.modeLabel,
        o.senders,
        o.clients,
        o.perRecipient,
        total,
        o.rate,
        o.loginRate);
    out.printf(
        Locale.ROOT,
        "store window (%.2f s, after a %d s warm-up, until the stored count caught up %.2f s after"
            + " the last send): sent %d, stored %d = %.1f msgs/s; refused (error replies) %d,"
            + " send failures %d, writes queued %d%n",
        storeS,
        o.warmupSeconds,
        stored.catchUpS(),
        stored.sentInWindow(),
        stored.storedInWindow(),
        storedPerS,
        replies.errors(),
        messages.sendFailures(),
        messages.queuedWrites());
    if (replies.firstError() != null) {
      out.println("first error reply: " + replies.firstError());
    }
    Report.printClosed(out, io);
    stored.cpu().print(out, stored.storedInWindow(), 1000, "stored msgs");

    out.println();
    out.printf(
        Locale.ROOT,
        "drain (%.2f s): %d logins = %.1f/s, %d messages received = %.1f msgs/s%n",
        drainS,
        logins.completed(),
        logins.completed() / drainS,
        received,
        received / drainS);
    out.printf(
        Locale.ROOT,
        "flush, presence sent to the %dth stored message read (%d recipients): p50 %.2f ms,"
            + " p95 %.2f ms, p99 %.2f ms, max %.2f ms; login + flush: p50 %.2f ms, p95 %.2f ms,"
            + " p99 %.2f ms%n",
        o.perRecipient,
        flush.length,
        LoginStats.pct(flush, 50),
        LoginStats.pct(flush, 95),
        LoginStats.pct(flush, 99),
        LoginStats.pct(flush, 100),
        LoginStats.pct(loginFlush, 50),
        LoginStats.pct(loginFlush, 95),
        LoginStats.pct(loginFlush, 99));
    if (incomplete.get() > 0) {
      out.println(
          "recipients that did not get all their messages within --flush-timeout: "
              + incomplete.get()
              + " (first: "
              + firstIncomplete
              + ")");
    }
    logins.print(out, Long.MIN_VALUE, Long.MAX_VALUE);
    drainCpu.print(out, logins.completed(), 1, "login with flush");
    if (drainS < 30) {
      out.println("  (the drain is shorter than 30 s: its CPU figure is indicative)");
    }

    out.println();
    out.printf(
        Locale.ROOT,
        "every message (%d): received %d, lost %d, duplicates %d, misrouted %d, malformed %d,"
            + " refused %d%n",
        total,
        received,
        lost,
        dup,
        misrouted,
        malformed,
        replies.errors());
    Report.printFirsts(out, inbox);
    if (recheck != null) {
      out.printf(
          Locale.ROOT,
          "recheck: %d logins, %d failed; messages delivered again: %d%s%n",
          recheck.stats().completed(),
          recheck.stats().failed(),
          redelivered.get(),
          firstRedelivered == null ? "" : " (first: " + firstRedelivered + ")");
      if (recheck.stats().failed() > 0) {
        recheck.stats().printFailures(out);
      }
    }

    out.println();
    out.println(TABLE_HEADER);
    out.printf(
        Locale.ROOT,
        "| %s | %s | %d × %d | %.0f | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | %.2f | %.2f |"
            + " %.2f | %d | %d |%n",
        Report.now(),
        o.modeLabel,
        o.clients,
        o.perRecipient,
        o.rate,
        storedPerS,
        stored.cpu().serverMsPer(stored.storedInWindow(), 1000),
        logins.completed() / drainS,
        received / drainS,
        LoginStats.pct(flush, 50),
        LoginStats.pct(flush, 95),
        LoginStats.pct(flush, 99),
        LoginStats.pct(loginFlush, 95),
        drainCpu.serverMsPer(logins.completed(), 1),
        lost,
        dup);
    out.flush();
    if (lost > 0) {
      return 2;
    }
    boolean clean =
        finished
            && dup == 0
            && misrouted == 0
            && malformed == 0
            && replies.errors() == 0
            && messages.sendFailures() == 0
            && io.closedConnections() == 0
            && logins.failed() == 0
            && incomplete.get() == 0
            && redelivered.get() == 0
            && (recheck == null || recheck.stats().failed() == 0);
    return clean ? 0 : 1;
  }
}
