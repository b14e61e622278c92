package io.switchboard.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The logins of a run: their timings and their failures (thread-safe). */
final class LoginStats {

  private final List<LoginTiming> done = new ArrayList<>();
  private final Map<String, Integer> failuresByStep = new TreeMap<>();
  private final List<String> firstFailures = new ArrayList<>();
  private int failed;

  synchronized void completed(LoginTiming t) {
    done.add(t);
  }

  /** A login that failed; {@code reason} starts with its step ("bind: ..."). */
  synchronized void failed(String reason) {
    failed++;
    int colon = reason.indexOf(':');
    failuresByStep.merge(colon > 0 ? reason.substring(0, colon) : reason, 1, Integer::sum);
    if (firstFailures.size() < 5) {
      firstFailures.add(reason);
    }
  }

  synchronized int completed() {
    return done.size();
  }

  synchronized int failed() {
    return failed;
  }

  /** Logins completed (echo received) inside [from, to). */
  synchronized long completedBetween(long from, long to) {
    return done.stream().filter(t -> t.echoed() >= from && t.echoed() < to).count();
  }

  /** Logins started inside [from, to) and completed. */
  synchronized List<LoginTiming> startedBetween(long from, long to) {
    return done.stream().filter(t -> t.start() >= from && t.start() < to).toList();
  }

  /**
   * Prints the latency of the logins started in [from, to): total, per step, and how late they
   * started against the schedule; then the failures. Returns the totals, sorted (ns).
   */
  long[] print(PrintStream out, long from, long to) {
    List<LoginTiming> sample = startedBetween(from, to);
    long[] totals = sorted(sample, -1);
    out.printf(
        Locale.ROOT,
        "login latency, connect to presence echo (%d logins started in the window): p50 %.2f ms,"
            + " p95 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        totals.length,
        pct(totals, 50),
        pct(totals, 95),
        pct(totals, 99),
        pct(totals, 100));
    StringBuilder steps = new StringBuilder("  per step p50 / p95 ms:");
    for (int i = 0; i < LoginTiming.STEPS.length; i++) {
      long[] s = sorted(sample, i);
      steps.append(
          String.format(
              Locale.ROOT, " %s %.2f / %.2f;", LoginTiming.STEPS[i], pct(s, 50), pct(s, 95)));
    }
    out.println(steps.substring(0, steps.length() - 1));
    long[] lag = sorted(sample, -2);
    out.printf(
        Locale.ROOT,
        "  start lag behind the schedule (driver saturation): p99 %.2f ms, max %.2f ms%n",
        pct(lag, 99),
        pct(lag, 100));
    printFailures(out);
    return totals;
  }

  /** The failures: how many, by step, and the first few reasons. */
  synchronized void printFailures(PrintStream out) {
    out.printf(Locale.ROOT, "failed logins (whole run): %d %s%n", failed, failuresByStep);
    firstFailures.forEach(f -> out.println("  " + f));
  }

  /** Totals (-1), lags (-2) or step i, sorted. */
  private static long[] sorted(List<LoginTiming> sample, int what) {
    long[] v = new long[sample.size()];
    for (int i = 0; i < v.length; i++) {
      LoginTiming t = sample.get(i);
      v[i] = what == -1 ? t.total() : what == -2 ? t.lag() : t.step(what);
    }
    java.util.Arrays.sort(v);
    return v;
  }

  /** Percentile in ms of sorted nanos (-1 when empty). */
  static double pct(long[] sorted, double p) {
    return Report.ms(Recorder.percentile(sorted, p));
  }
}
