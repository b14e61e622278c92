package io.switchboard.bench;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The result of one chat run: a human summary and one Markdown table row. */
final class Report {

  static final String TABLE_HEADER =
      "| date (UTC) | mode | clients | offered msgs/s | delivered msgs/s | p50 ms | p99 ms |"
          + " max ms | server CPU ms / 1000 msgs | server RSS MB | lost | dup |\n"
          + "|---|---|---|---|---|---|---|---|---|---|---|---|";

  Options options;
  CpuWindow cpu;
  Recorder recorder;
  Pacer pacer;
  MessageSender sender;
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

    out.println();
    out.printf(
        Locale.ROOT,
        "== chat %s: %d clients, %.0f msgs/s offered, warm-up %d s, window %d s"
            + " (sampled %.2f s)%n",
        o.modeLabel,
        o.clients,
        o.rate,
        o.warmupSeconds,
        o.durationSeconds,
        cpu.seconds());
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
        sender.queuedWrites(),
        sender.sendFailures(),
        pacer.maxBatch());
    printFirsts(out, recorder);
    if (sender.firstFailure() != null) {
      out.println("first send failure: " + sender.firstFailure());
    }
    printClosed(out, io);

    cpu.print(out, delivered, 1000, "msgs");

    out.println();
    out.println(TABLE_HEADER);
    out.printf(
        Locale.ROOT,
        "| %s | %s | %d | %.0f | %.1f | %.2f | %.2f | %.1f | %.1f | %.0f | %d | %d |%n",
        now(),
        o.modeLabel,
        o.clients,
        o.rate,
        delivered / windowS,
        p50,
        p99,
        max,
        cpu.serverMsPer(delivered, 1000),
        cpu.serverRssMb(),
        lost,
        recorder.duplicates());
    out.flush();
    return lost > 0 ? 2 : 0;
  }

  /** The first error reply, malformed message and other stanza a recorder saw, if any. */
  static void printFirsts(PrintStream out, Recorder recorder) {
    if (recorder.firstError() != null) {
      out.println("first error reply: " + recorder.firstError());
    }
    if (recorder.firstMalformed() != null) {
      out.println("first malformed message: " + recorder.firstMalformed());
    }
    if (recorder.firstOther() != null) {
      out.println("first other stanza: " + recorder.firstOther());
    }
  }

  /** Connections the server ended while an IO loop read them, with the first reasons. */
  static void printClosed(PrintStream out, IoLoop io) {
    if (io.closedConnections() > 0) {
      out.println("connections ended by the server during the run: " + io.closedConnections());
      io.closeReasons().forEach(r -> out.println("  " + r));
    }
  }

  /** One line of progress of a message load. */
  static String progress(Pacer pacer, Recorder recorder, IoLoop io) {
    return "sent "
        + pacer.sent()
        + " received "
        + recorder.received()
        + " errors "
        + recorder.errors()
        + " closed "
        + io.closedConnections();
  }

  /** The current time (UTC) as the results tables write it. */
  static String now() {
    return ZonedDateTime.now(ZoneOffset.UTC)
        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
  }

  static double ms(long nanos) {
    return nanos < 0 ? -1 : nanos / 1e6;
  }
}
