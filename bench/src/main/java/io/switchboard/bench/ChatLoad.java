package io.switchboard.bench;

import java.util.Locale;

/**
 * 1:1 chat load: N real XMPP clients on loopback (plain TCP, SASL PLAIN, resource {@code r}), a
 * paced aggregate message rate, delivery latency measured end to end in this JVM, and the server
 * processes' CPU time and memory over a steady window read from /proc. See bench/README.md.
 *
 * <p>Threads: a few login threads at first, then exactly two: one sender ({@link Pacer} with a
 * {@link MessageSender}) and one selector thread that reads every socket ({@link IoLoop}).
 */
final class ChatLoad extends LoadScenario {

  ChatLoad(Options options, Bench.Log log) {
    super(options, log);
  }

  @Override
  int run() throws Exception {
    noteShortWindow(o.durationSeconds, "a window");
    Bench.createUsers(o, o.clients, log);
    OnlineClients online = OnlineClients.login(o, o.clients, log);
    if (online == null) {
      return 1;
    }
    Report report = new Report();
    report.loginSeconds = online.seconds;
    report.loginP50Nanos = online.p50Nanos;
    report.loginP95Nanos = online.p95Nanos;
    try {
      return load(online.clients, report);
    } finally {
      online.closeAll();
    }
  }

  private int load(Connection[] clients, Report report) throws Exception {
    long clockTicks = ProcStats.clockTicks();
    long start = System.nanoTime() + SECOND / 5;
    long windowStart = start + o.warmupSeconds * SECOND;
    long windowEnd = windowStart + o.durationSeconds * SECOND;
    Traffic traffic = new Traffic.Chat(o.clients, o.domain);
    Recorder recorder = new Recorder(traffic, windowStart, windowEnd);
    IoLoop io = new IoLoop(clients, recorder);
    MessageSender messages = new MessageSender(clients, traffic);
    Pacer pacer = new Pacer(o.rate, start, windowStart, windowEnd, Long.MAX_VALUE, messages);
    io.start();
    Thread sender = pacer.startThread("bench-sender");
    log.line(
        String.format(
            Locale.ROOT,
            "load: %.0f msgs/s from %d clients; warm-up %d s, then a %d s window",
            o.rate,
            o.clients,
            o.warmupSeconds,
            o.durationSeconds));

    Bench.waitUntil(windowStart, start, () -> Report.progress(pacer, recorder, io), log);
    ProcStats.Sample before = CpuWindow.begin(o);
    log.line("window starts");
    Bench.waitUntil(windowEnd, start, () -> Report.progress(pacer, recorder, io), log);
    CpuWindow cpu = CpuWindow.end(o, clockTicks, before);
    log.line("window ends; draining");
    sender.join(10_000);

    report.drainSeconds = drain(recorder, pacer.sent(), io, clients.length);
    io.stop();

    report.options = o;
    report.cpu = cpu;
    report.recorder = recorder;
    report.pacer = pacer;
    report.sender = messages;
    report.io = io;
    int status = report.print(System.out);
    if (status == 0 && (io.closedConnections() > 0 || recorder.misrouted() > 0)) {
      status = 1;
    }
    return status;
  }

  /**
   * Waits for what is in flight: until all {@code sent} messages arrived (or came back as errors),
   * or nothing arrived for --drain seconds, or --drain-max seconds passed, or every connection
   * ended. What is still missing then counts as lost. Returns the seconds waited.
   */
  private double drain(Recorder recorder, long sent, IoLoop io, int connections)
      throws InterruptedException {
    long drainStart = System.nanoTime();
    long hardStop = drainStart + o.drainMaxSeconds * SECOND;
    long lastCount = -1;
    long lastProgress = drainStart;
    long now;
    while ((now = System.nanoTime()) < hardStop && io.closedConnections() < connections) {
      long count = recorder.received() + recorder.errors();
      if (count >= sent) {
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
    return (System.nanoTime() - drainStart) / 1e9;
  }
}
