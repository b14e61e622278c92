package io.switchboard.bench;

import io.switchboard.xmpp.XmlElement;
import java.util.Arrays;
import java.util.BitSet;

/**
 * What the clients received. Written by one thread at a time (the IO thread; or login threads
 * holding the recorder's lock); the few fields that others poll while the run goes on are volatile,
 * everything else is read after the writers have finished.
 *
 * <p>A message body is {@code SEQ NANOTIME}: the sender's sequence number and its {@link
 * System#nanoTime()} when it was written (same JVM, so the difference is the delivery latency).
 */
final class Recorder {

  private static final int MAX_SAMPLES = 50_000_000;

  private final Traffic traffic;
  private final long windowStart;
  private final long windowEnd;

  private final BitSet seen = new BitSet();
  private long[] latencies = new long[1 << 16];
  private int latencyCount;

  /** Distinct messages received (any time); polled by the main thread. */
  private volatile long received;

  /** Messages that came back as errors; polled by the main thread. */
  private volatile long errors;

  private long receivedInWindow;
  private long duplicates;
  private long misrouted;
  private long malformed;
  private long others;
  private String firstError;
  private String firstMalformed;
  private String firstOther;

  /**
   * @param traffic who should receive which message
   * @param windowStart nanoTime where the window starts: messages received inside it, and the
   *     latencies of messages sent inside it, are counted
   * @param windowEnd nanoTime where the window ends
   */
  Recorder(Traffic traffic, long windowStart, long windowEnd) {
    this.traffic = traffic;
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
  }

  /** A {@code <message/>} reached client {@code to} at {@code now} (nanoTime). */
  void message(int to, XmlElement e, long now) {
    if ("error".equals(e.attr("type"))) {
      if (firstError == null) {
        firstError = e.toXml();
      }
      errors++;
      return;
    }
    XmlElement body = e.child("body", "jabber:client");
    String text = body == null ? null : body.text();
    int space = text == null ? -1 : text.indexOf(' ');
    long seq;
    long sentAt;
    try {
      if (space <= 0) {
        throw new NumberFormatException();
      }
      seq = Long.parseLong(text, 0, space, 10);
      sentAt = Long.parseLong(text, space + 1, text.length(), 10);
      if (seq < 0 || seq > Integer.MAX_VALUE) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException ex) {
      malformed++;
      if (firstMalformed == null) {
        firstMalformed = e.toXml();
      }
      return;
    }
    int s = (int) seq;
    if (seen.get(s)) {
      duplicates++;
      return;
    }
    seen.set(s);
    received++;
    if (to != traffic.recipient(seq)) {
      misrouted++;
    }
    if (now >= windowStart && now < windowEnd) {
      receivedInWindow++;
    }
    if (sentAt >= windowStart && sentAt < windowEnd && latencyCount < MAX_SAMPLES) {
      if (latencyCount == latencies.length) {
        latencies = Arrays.copyOf(latencies, latencies.length * 2);
      }
      latencies[latencyCount++] = now - sentAt;
    }
  }

  /** Any other stanza (presence, iq): counted only. */
  void other(XmlElement e) {
    if (firstOther == null) {
      firstOther = e.toXml();
    }
    others++;
  }

  long received() {
    return received;
  }

  long errors() {
    return errors;
  }

  long receivedInWindow() {
    return receivedInWindow;
  }

  long duplicates() {
    return duplicates;
  }

  long misrouted() {
    return misrouted;
  }

  long malformed() {
    return malformed;
  }

  long others() {
    return others;
  }

  String firstError() {
    return firstError;
  }

  String firstMalformed() {
    return firstMalformed;
  }

  String firstOther() {
    return firstOther;
  }

  /** Sequence numbers below {@code upTo} (exclusive) in [from, upTo) never received. */
  long missing(long from, long upTo) {
    long n = 0;
    for (long s = from; s < upTo; s++) {
      if (!seen.get((int) s)) {
        n++;
      }
    }
    return n;
  }

  /** The latencies (ns) of messages sent inside the window, sorted. */
  long[] sortedLatencies() {
    long[] copy = Arrays.copyOf(latencies, latencyCount);
    Arrays.sort(copy);
    return copy;
  }

  /** Nearest-rank percentile of sorted values, or -1 when empty. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
