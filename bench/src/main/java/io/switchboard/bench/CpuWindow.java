package io.switchboard.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * CPU time and memory of the server processes over a measured window, from two /proc samples: the
 * way TARGETS.md reads its CPU figures (utime + stime at the start and the end of a steady window,
 * the difference divided by the work done in it). Also the driver's own CPU and every other
 * process's, since they share the machine.
 */
final class CpuWindow {

  private final List<Long> serverPids;
  private final List<Long> storePids;
  private final long selfPid;
  private final long clockTicks;
  private final ProcStats.Sample before;
  private final ProcStats.Sample after;

  private CpuWindow(Options o, long clockTicks, ProcStats.Sample before, ProcStats.Sample after) {
    this.serverPids = o.serverPids;
    this.storePids = o.storePids;
    this.selfPid = ProcessHandle.current().pid();
    this.clockTicks = clockTicks;
    this.before = before;
    this.after = after;
  }

  /** The start of a window: a sample of the server, store and driver processes. */
  static ProcStats.Sample begin(Options o) {
    return ProcStats.sample(pids(o));
  }

  /** The end of a window that began with {@code before}. */
  static CpuWindow end(Options o, long clockTicks, ProcStats.Sample before) {
    return new CpuWindow(o, clockTicks, before, ProcStats.sample(pids(o)));
  }

  private static List<Long> pids(Options o) {
    List<Long> pids = new ArrayList<>(o.serverPids);
    pids.addAll(o.storePids);
    pids.add(ProcessHandle.current().pid());
    return pids;
  }

  /** Length of the window as sampled, in seconds. */
  double seconds() {
    return (after.nanos() - before.nanos()) / 1e9;
  }

  /** CPU ms of the server processes (summed), or -1 if any could not be read. */
  double serverMs() {
    return cpuMs(serverPids);
  }

  /** Server CPU ms per {@code per} units of work, or -1 when unknown. */
  double serverMsPer(long done, int per) {
    double ms = serverMs();
    return done > 0 && ms >= 0 ? ms / done * per : -1;
  }

  /** VmRSS of the server processes at the end of the window, summed, in MB (-1 if unreadable). */
  double serverRssMb() {
    long kb = 0;
    for (long pid : serverPids) {
      long v = after.rssKb().getOrDefault(pid, -1L);
      if (v < 0) {
        return -1;
      }
      kb += v;
    }
    return kb / 1024.0;
  }

  /**
   * Prints the CPU of every process, per {@code per} {@code unit} of the {@code done} units of work
   * in the window (e.g. 1000 "msgs", 1 "login"), the server sum and the other processes.
   */
  void print(PrintStream out, long done, int per, String unit) {
    String perUnit = per == 1 ? unit : per + " " + unit;
    out.println("CPU in the window (utime+stime, CLK_TCK " + clockTicks + "):");
    for (long pid : serverPids) {
      process(out, "server", pid, done, per, perUnit);
    }
    for (long pid : storePids) {
      process(out, "store (not in the sum)", pid, done, per, perUnit);
    }
    process(out, "driver (this JVM)", selfPid, done, per, perUnit);
    double serverMs = serverMs();
    out.printf(
        Locale.ROOT,
        "  server sum: %.0f ms = %.2f cores = %.2f ms per %s; RSS %.1f MB at the end%n",
        serverMs,
        serverMs / (seconds() * 1000),
        serverMsPer(done, per),
        perUnit,
        serverRssMb());
    others(out);
  }

  private void process(PrintStream out, String role, long pid, long done, int per, String unit) {
    double ms = cpuMs(List.of(pid));
    out.printf(
        Locale.ROOT,
        "  %-22s pid %-7d %-10s %8.0f ms = %.2f cores, %7.2f ms/%s, RSS %.1f MB"
            + " (peak %.1f MB)  %s%n",
        role,
        pid,
        ProcStats.name(pid),
        ms,
        ms / (seconds() * 1000),
        done > 0 ? ms / done * per : -1,
        unit,
        after.rssKb().getOrDefault(pid, -1L) / 1024.0,
        ProcStats.peakRssKb(pid) / 1024.0,
        ProcStats.commandLine(pid));
  }

  /**
   * What all other processes (alive at the end of the window) used, and the ones that used at least
   * 2% of a core, busiest first: the driver and the server share the machine with them.
   */
  private void others(PrintStream out) {
    double seconds = seconds();
    Set<Long> ours = new HashSet<>(serverPids);
    ours.addAll(storePids);
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
}
