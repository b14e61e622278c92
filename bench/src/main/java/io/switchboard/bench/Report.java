package io.switchboard.bench;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The result of one run: a human summary and one Markdown table row. */
final class Report {

  static final String TABLE_HEADER =
      "| date (UTC) | mode | clients | offered msgs/s | delivered msgs/s | p50 ms | p99 ms |"
          + " max ms | server CPU ms / 1000 msgs | server RSS MB | lost | dup |\n"
          + "|---|---|---|---|---|---|---|---|---|---|---|---|";

  Options options;
  long clockTicks;
  ProcStats.Sample before;
  ProcStats.Sample after;
  long selfPid;
  Recorder recorder;
  Pacer pacer;
  IoLoop io;
  long loginP50Nanos;
  long loginP95Nanos;
  double loginSeconds;
  double drainSeconds;

  /** Prints everything and returns the exit status: 0 when nothing was lost, 2 otherwise. */
  int print(PrintStream out) {
    Options o = options;
    double windowS = o.durationSeconds;
    long sent = pacer.sent();
    long sentInWindow = pacer.windowEndSeq() - pacer.windowFirstSeq();
    long delivered = recorder.receivedInWindow();
    long lost = recorder.missing(0, sent);
    long lostInWindow = recorder.missing(pacer.windowFirstSeq(), pacer.windowEndSeq());
    long[] lat = recorder.sortedLatencies();
    double p50 = ms(Recorder.percentile(lat, 50));
    double p99 = ms(Recorder.percentile(lat, 99));
    double p999 = ms(Recorder.percentile(lat, 99.9));
    double max = ms(lat.length == 0 ? -1 : lat[lat.length - 1]);
    double sampledS = (after.nanos() - before.nanos()) / 1e9;

    double serverMs = cpuMs(o.serverPids);
    double storeMs = cpuMs(o.storePids);
    double driverMs = cpuMs(List.of(selfPid));
    double perThousand = delivered > 0 && serverMs >= 0 ? serverMs / delivered * 1000 : -1;
    long serverRssKb = 0;
    for (long pid : o.serverPids) {
      long kb = after.rssKb().getOrDefault(pid, -1L);
      serverRssKb = kb < 0 || serverRssKb < 0 ? -1 : serverRssKb + kb;
    }

    out.println();
    out.printf(
        Locale.ROOT,
        "== ChatLoad %s: %d clients, %.0f msgs/s offered, warm-up %d s, window %d s"
            + " (sampled %.2f s)%n",
        o.modeLabel,
        o.clients,
        o.rate,
        o.warmupSeconds,
        o.durationSeconds,
        sampledS);
    out.printf(
        Locale.ROOT,
        "logins: %d in %.1f s, p50 %.1f ms, p95 %.1f ms (%d at a time)%n",
        o.clients,
        loginSeconds,
        ms(loginP50Nanos),
        ms(loginP95Nanos),
        o.loginThreads);
    out.printf(
        Locale.ROOT,
        "window: sent %d (%.1f/s), delivered %d (%.1f/s)%n",
        sentInWindow,
        sentInWindow / windowS,
        delivered,
        delivered / windowS);
    out.printf(
        Locale.ROOT,
        "latency of messages sent in the window (%d samples): p50 %.3f ms, p99 %.3f ms,"
            + " p99.9 %.3f ms, max %.3f ms%n",
        lat.length,
        p50,
        p99,
        p999,
        max);
    out.printf(
        Locale.ROOT,
        "whole run (after a drain of %.1f s): sent %d, received %d, lost %d (in the window: %d),"
            + " duplicates %d, error replies %d, misrouted %d, malformed %d, other stanzas %d%n",
        drainSeconds,
        sent,
        recorder.received(),
        lost,
        lostInWindow,
        recorder.duplicates(),
        recorder.errors(),
        recorder.misrouted(),
        recorder.malformed(),
        recorder.others());
    out.printf(
        Locale.ROOT,
        "sender: %d writes queued (socket full), %d failed, largest batch per tick %d%n",
        pacer.queuedWrites(),
        pacer.sendFailures(),
        pacer.maxBatch());
    if (recorder.firstError() != null) {
      out.println("first error reply: " + recorder.firstError());
    }
    if (recorder.firstMalformed() != null) {
      out.println("first malformed message: " + recorder.firstMalformed());
    }
    if (recorder.firstOther() != null) {
      out.println("first other stanza: " + recorder.firstOther());
    }
    if (pacer.firstFailure() != null) {
      out.println("first send failure: " + pacer.firstFailure());
    }
    if (io.closedConnections() > 0) {
      out.println("connections ended by the server during the run: " + io.closedConnections());
      io.closeReasons().forEach(r -> out.println("  " + r));
    }

    out.println("CPU in the window (utime+stime, CLK_TCK " + clockTicks + "):");
    for (long pid : o.serverPids) {
      process(out, "server", pid, delivered);
    }
    for (long pid : o.storePids) {
      process(out, "store (not in the sum)", pid, delivered);
    }
    process(out, "driver (this JVM)", selfPid, delivered);
    out.printf(
        Locale.ROOT,
        "  server sum: %.0f ms = %.2f cores = %.1f ms per 1000 delivered messages;"
            + " RSS %.1f MB at the end of the window%n",
        serverMs,
        serverMs / (sampledS * 1000),
        perThousand,
        serverRssKb / 1024.0);
    others(out, sampledS);

    out.println();
    out.println(TABLE_HEADER);
    out.printf(
        Locale.ROOT,
        "| %s | %s | %d | %.0f | %.1f | %.2f | %.2f | %.1f | %.1f | %.0f | %d | %d |%n",
        ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")),
        o.modeLabel,
        o.clients,
        o.rate,
        delivered / windowS,
        p50,
        p99,
        max,
        perThousand,
        serverRssKb / 1024.0,
        lost,
        recorder.duplicates());
    out.flush();
    return lost > 0 ? 2 : 0;
  }

  private void process(PrintStream out, String role, long pid, long delivered) {
    double ms = cpuMs(List.of(pid));
    double s = (after.nanos() - before.nanos()) / 1e9;
    out.printf(
        Locale.ROOT,
        "  %-22s pid %-7d %-10s %8.0f ms = %.2f cores, %6.1f ms/1000 msgs, RSS %.1f MB"
            + " (peak %.1f MB)  %s%n",
        role,
        pid,
        ProcStats.name(pid),
        ms,
        ms / (s * 1000),
        delivered > 0 ? ms / delivered * 1000 : -1,
        after.rssKb().getOrDefault(pid, -1L) / 1024.0,
        ProcStats.peakRssKb(pid) / 1024.0,
        ProcStats.commandLine(pid));
  }

  /**
   * What all other processes (alive at the end of the window) used, and the ones that used at least
   * 2% of a core, busiest first: the driver and the server share the machine with them.
   */
  private void others(PrintStream out, double seconds) {
    Set<Long> ours = new HashSet<>(options.serverPids);
    ours.addAll(options.storePids);
    ours.add(selfPid);
    List<long[]> busy = new ArrayList<>();
    long total = 0;
    for (Map.Entry<Long, Long> e : after.everyone().entrySet()) {
      if (ours.contains(e.getKey())) {
        continue;
      }
      Long was = before.everyone().get(e.getKey());
      long delta = e.getValue() - (was == null ? 0 : was);
      total += delta;
      if (delta * 1000.0 / clockTicks > 20 * seconds) {
        busy.add(new long[] {e.getKey(), delta});
      }
    }
    out.printf(
        Locale.ROOT,
        "  other processes on this %d-CPU machine used %.2f cores during the window%n",
        Runtime.getRuntime().availableProcessors(),
        total * 1000.0 / clockTicks / (seconds * 1000));
    busy.sort((a, b) -> Long.compare(b[1], a[1]));
    for (long[] p : busy.subList(0, Math.min(5, busy.size()))) {
      out.printf(
          Locale.ROOT,
          "    other: pid %d used %.2f cores: %s%n",
          p[0],
          p[1] * 1000.0 / clockTicks / (seconds * 1000),
          ProcStats.commandLine(p[0]));
    }
  }

  /** CPU ms of the pids between the two samples, or -1 if any could not be read. */
  private double cpuMs(List<Long> pids) {
    long ticks = 0;
    for (long pid : pids) {
      Long a = before.ticks().get(pid);
      Long b = after.ticks().get(pid);
      if (a == null || b == null || a < 0 || b < 0) {
        return -1;
      }
      ticks += b - a;
    }
    return ticks * 1000.0 / clockTicks;
  }

  private static double ms(long nanos) {
    return nanos < 0 ? -1 : nanos / 1e6;
  }
}
