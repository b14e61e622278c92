package io.switchboard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** CPU time and resident memory of processes, read from Linux's /proc. */
final class ProcStats {

  /**
   * One reading: CPU ticks and VmRSS (kB) per process (-1 when unreadable), and the CPU ticks of
   * every process that exists (to tell who else used the machine).
   */
  record Sample(
      long nanos, Map<Long, Long> ticks, Map<Long, Long> rssKb, Map<Long, Long> everyone) {}

  private ProcStats() {}

  /** Clock ticks per second of the /proc CPU figures ({@code getconf CLK_TCK}, else 100). */
  static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      try (InputStream in = p.getInputStream()) {
        String out = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
          long v = Long.parseLong(out);
          if (v > 0) {
            return v;
          }
        }
      }
    } catch (IOException | NumberFormatException e) {
      // fall through to the default
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 100;
  }

  static Sample sample(List<Long> pids) {
    long now = System.nanoTime();
    Map<Long, Long> ticks = new LinkedHashMap<>();
    for (long pid : pids) {
      ticks.put(pid, cpuTicks(pid));
    }
    Map<Long, Long> rss = new LinkedHashMap<>();
    for (long pid : pids) {
      rss.put(pid, rssKb(pid));
    }
    return new Sample(now, ticks, rss, everyone());
  }

  /** CPU ticks of every process in /proc (to tell who else used the machine). */
  private static Map<Long, Long> everyone() {
    Map<Long, Long> all = new HashMap<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"))) {
      for (Path d : dirs) {
        String name = d.getFileName().toString();
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
          long pid = Long.parseLong(name);
          long t = cpuTicks(pid);
          if (t >= 0) {
            all.put(pid, t);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // best effort
    }
    return all;
  }

  /** utime + stime of a process in clock ticks, or -1 if it cannot be read. */
  static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // comm (field 2) is in parentheses and may contain spaces: split after the last ')'.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** VmRSS of a process in kB, or -1. */
  static long rssKb(long pid) {
    return statusKb(pid, "VmRSS:");
  }

  /** VmHWM (peak resident set) of a process in kB, or -1. */
  static long peakRssKb(long pid) {
    return statusKb(pid, "VmHWM:");
  }

  private static long statusKb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return -1;
  }

  /** The process name (comm) of a pid, or "?". */
  static String name(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
    } catch (IOException e) {
      return "?";
    }
  }

  /** The command line of a pid, abbreviated, or "?". */
  static String commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      String s = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
      return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    } catch (IOException e) {
      return "?";
    }
  }
}
