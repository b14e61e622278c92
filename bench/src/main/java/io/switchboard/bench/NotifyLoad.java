package io.switchboard.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Notification API load: signed {@code POST /api/v1/messages} at a fixed open-loop rate, each to
 * one direct webhook address (this driver's receiver) on the {@code webhook} channel, so that every
 * request is one part through the whole pipeline: access (signature, validation, made durable,
 * 202), processor (stored, split, rendered, handed on), router (claimed, POSTed, recorded). At most
 * {@code --max-in-flight} requests wait for their answer; a request due while that many wait is not
 * sent and counted as skipped (a saturated server shows up there, not as a growing queue in the
 * driver). Measured: 202s per second and their latency, 202 → webhook latency, lost (accepted,
 * never arrived after the drain), duplicates (a part delivered twice) and server CPU per
 * notification over the window.
 */
final class NotifyLoad extends LoadScenario {

  static final String TABLE_HEADER =
      "| date (UTC) | mode | offered req/s | accepted req/s | 202 p50 ms | 202 p99 ms |"
          + " delivered/s | 202→webhook p50 ms | p95 ms | p99 ms | max ms |"
          + " server CPU ms / notification | server RSS MB | errors | skipped | lost | dup |\n"
          + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

  static final String MESSAGES = "/api/v1/messages";

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final AtomicInteger inFlight = new AtomicInteger();

  NotifyLoad(Options options, Bench.Log log) {
    super(options, log);
  }

  @Override
  int run() throws Exception {
    if (o.http == null || o.token == null) {
      throw new IllegalArgumentException("notify needs --http and --token (the admin API)");
    }
    noteShortWindow(o.durationSeconds, "a window");
    String[] key = createKey();
    log.line("application " + o.app + ": access key " + key[0]);
    int capacity = (int) Math.ceil(o.rate * (o.warmupSeconds + o.durationSeconds + 2)) + 16;
    NotifyLedger ledger = new NotifyLedger(capacity);
    long clockTicks = ProcStats.clockTicks();
    try (NotifyReceiver receiver =
        NotifyReceiver.start(o.receiverPort, o.receiverThreads, ledger, o.webhookSecret)) {
      NotifySigner signer = new NotifySigner(key[0], key[1]);
      URI uri = URI.create(o.http + MESSAGES);
      String runId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
      probe(signer, uri, runId, receiver);

      long start = System.nanoTime() + SECOND / 5;
      long windowStart = start + o.warmupSeconds * SECOND;
      long windowEnd = windowStart + o.durationSeconds * SECOND;
      Pacer pacer =
          new Pacer(
              o.rate,
              start,
              windowStart,
              windowEnd,
              capacity,
              (seq, nanos) -> send(signer, uri, runId, receiver.url(), ledger, seq, nanos));
      pacer.startThread("notify-pacer");
      log.line(
          String.format(
              Locale.ROOT,
              "load: %.0f requests/s, at most %d in flight; warm-up %d s, then a %d s window",
              o.rate,
              o.maxInFlight,
              o.warmupSeconds,
              o.durationSeconds));
      Bench.waitUntil(windowStart, start, () -> progress(pacer, ledger), log);
      ProcStats.Sample before = CpuWindow.begin(o);
      log.line("window starts");
      Bench.waitUntil(windowEnd, start, () -> progress(pacer, ledger), log);
      CpuWindow cpu = CpuWindow.end(o, clockTicks, before);
      while (!pacer.finished()) {
        LockSupport.parkNanos(SECOND / 100);
      }
      log.line("window ends; waiting for the answers and the webhooks in flight");
      double drainSeconds = drain(pacer, ledger, start);
      return print(System.out, pacer, ledger, receiver, cpu, windowStart, windowEnd, drainSeconds);
    }
  }

  /** {@code POST /admin/v1/apps/APP/keys}: the access key id and the secret key. */
  private String[] createKey() throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(o.http + "/admin/v1/apps/" + o.app + "/keys"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + o.token)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    String id = jsonString(r.body(), "accessKeyId");
    String secret = jsonString(r.body(), "secretKey");
    if (r.statusCode() != 201 || id == null || secret == null) {
      throw new IOException(
          "creating a key for " + o.app + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return new String[] {id, secret};
  }

  /** One request before the load, that must arrive: fails fast on a misconfigured platform. */
  private void probe(NotifySigner signer, URI uri, String runId, NotifyReceiver receiver)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            request(signer, uri, runId + "-probe-0000", receiver.url(), -1),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 202) {
      throw new IOException("the probe request was answered " + r.statusCode() + " " + r.body());
    }
    if (!receiver.awaitProbe(60)) {
      throw new IOException(
          "the probe request (message " + jsonString(r.body(), "id") + ") did not arrive in 60 s");
    }
    log.line("probe request delivered");
  }

  private HttpRequest request(NotifySigner signer, URI uri, String nonce, String hook, long seq) {
    byte[] body =
        ("{\"template\":\""
                + o.template
                + "\",\"channels\":[\"webhook\"],\"recipients\":[{\"webhook\":\""
                + hook
                + "\"}],\"data\":{\"seq\":"
                + seq
                + "}}")
            .getBytes(StandardCharsets.UTF_8);
    long timestamp = System.currentTimeMillis() / 1000;
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(o.requestTimeoutSeconds))
        .header("Authorization", signer.authorization("POST", MESSAGES, timestamp, nonce, body))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  /** Sends request {@code seq} (on the pacing thread), unless too many are in flight. */
  private void send(
      NotifySigner signer,
      URI uri,
      String runId,
      String hook,
      NotifyLedger ledger,
      long seq,
      long nanos) {
    if (inFlight.get() >= o.maxInFlight) {
      ledger.skipped();
      return;
    }
    inFlight.incrementAndGet();
    HttpRequest request = request(signer, uri, runId + "-" + seq + "-nonce", hook, seq);
    ledger.sent(seq, nanos);
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (r, e) -> {
              long now = System.nanoTime();
              inFlight.decrementAndGet();
              if (e != null) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                ledger.failed(cause.getClass().getSimpleName(), cause.getMessage());
              } else if (r.statusCode() == 202) {
                ledger.accepted(seq, now, jsonString(r.body(), "id"));
              } else {
                ledger.failed("HTTP " + r.statusCode(), r.body());
              }
            });
  }

  /**
   * Waits for the answers in flight, then for every accepted request's webhook, until nothing
   * arrived for {@code --drain} seconds or {@code --drain-max} passed. Returns its length (s).
   */
  private double drain(Pacer pacer, NotifyLedger ledger, long start) {
    long begin = System.nanoTime();
    long deadline = begin + o.drainMaxSeconds * SECOND;
    long lastProgress = begin;
    long lastArrived = -1;
    long lastReport = begin;
    while (System.nanoTime() < deadline) {
      long arrived = ledger.arrivedCount();
      if (inFlight.get() == 0 && ledger.missing(pacer.sent()) == 0) {
        break;
      }
      long now = System.nanoTime();
      if (arrived != lastArrived || inFlight.get() > 0) {
        lastArrived = arrived;
        lastProgress = now;
      } else if (now - lastProgress > o.drainSeconds * SECOND) {
        log.line("nothing arrived for " + o.drainSeconds + " s: the rest counts as lost");
        break;
      }
      if (now - lastReport > 5 * SECOND) {
        lastReport = now;
        log.line(
            String.format(Locale.ROOT, "t=%4.0f s ", (now - start) / 1e9)
                + "draining: "
                + progress(pacer, ledger));
      }
      LockSupport.parkNanos(SECOND / 5);
    }
    return (System.nanoTime() - begin) / 1e9;
  }

  private String progress(Pacer pacer, NotifyLedger ledger) {
    return "sent "
        + (pacer.sent() - ledger.skippedCount())
        + " accepted "
        + ledger.acceptedCount()
        + " delivered "
        + ledger.arrivedCount()
        + " in flight "
        + inFlight.get()
        + " skipped "
        + ledger.skippedCount()
        + " errors "
        + ledger.errorCount();
  }

  private int print(
      PrintStream out,
      Pacer pacer,
      NotifyLedger ledger,
      NotifyReceiver receiver,
      CpuWindow cpu,
      long ws,
      long we,
      double drainSeconds) {
    double windowS = o.durationSeconds;
    long first = pacer.windowFirstSeq();
    long end = pacer.windowEndSeq();
    long sent = pacer.sent();
    long acceptedInWindow = ledger.acceptedBetween(ws, we);
    long deliveredInWindow = ledger.arrivedBetween(ws, we);
    long lost = ledger.missing(sent);
    NotifyLedger.Latencies lat = ledger.latencies(first, end);
    out.println();
    out.printf(
        Locale.ROOT,
        "== notify %s: %.0f requests/s offered (1 webhook part each), at most %d in flight,"
            + " warm-up %d s, window %d s (sampled %.2f s)%n",
        o.modeLabel,
        o.rate,
        o.maxInFlight,
        o.warmupSeconds,
        o.durationSeconds,
        cpu.seconds());
    out.printf(
        Locale.ROOT,
        "window: due %d (%.1f/s), accepted %d (%.1f/s), delivered %d (%.1f/s)%n",
        end - first,
        (end - first) / windowS,
        acceptedInWindow,
        acceptedInWindow / windowS,
        deliveredInWindow,
        deliveredInWindow / windowS);
    printLatency(out, "request → 202 (durable)", lat.accept());
    printLatency(out, "202 → webhook arrived  ", lat.delivery());
    printLatency(out, "request → webhook      ", lat.endToEnd());
    if (lat.deliveredFirst() > 0) {
      out.printf(
          "  (%d webhooks arrived before the driver had read their 202: counted as 0 ms)%n",
          lat.deliveredFirst());
    }
    out.printf(
        Locale.ROOT,
        "whole run (after a drain of %.1f s): due %d, skipped at the in-flight limit %d,"
            + " accepted %d, delivered %d, lost %d, duplicates %d, extra parts %d, delivered"
            + " without a 202 %d, message id mismatches %d, unrecognised webhooks %d%n",
        drainSeconds,
        sent,
        ledger.skippedCount(),
        ledger.acceptedCount(),
        ledger.arrivedCount(),
        lost,
        ledger.duplicates(),
        ledger.extraParts(),
        ledger.arrivedUnacknowledged(sent),
        ledger.mismatched(sent),
        receiver.unrecognised());
    if (receiver.firstUnrecognised() != null) {
      out.println("first unrecognised webhook: " + receiver.firstUnrecognised());
    }
    out.printf(
        "webhook signatures checked: %d, bad: %d%n",
        receiver.checkedSignatures(), receiver.badSignatures());
    ledger.errorSummary().forEach((k, v) -> out.println("error " + k + ": " + v));
    out.println("largest batch per tick " + pacer.maxBatch());
    cpu.print(out, deliveredInWindow, 1, "notification");
    out.printf(
        Locale.ROOT,
        "  server CPU per accepted request: %.2f ms%n",
        cpu.serverMsPer(acceptedInWindow, 1));
    out.println();
    out.println(TABLE_HEADER);
    out.printf(
        Locale.ROOT,
        "| %s | %s | %.0f | %.1f | %.2f | %.2f | %.1f | %.2f | %.2f | %.2f | %.1f | %.2f | %.0f |"
            + " %d | %d | %d | %d |%n",
        Report.now(),
        o.modeLabel,
        o.rate,
        acceptedInWindow / windowS,
        pct(lat.accept(), 50),
        pct(lat.accept(), 99),
        deliveredInWindow / windowS,
        pct(lat.delivery(), 50),
        pct(lat.delivery(), 95),
        pct(lat.delivery(), 99),
        pct(lat.delivery(), 100),
        cpu.serverMsPer(deliveredInWindow, 1),
        cpu.serverRssMb(),
        ledger.errorCount(),
        ledger.skippedCount(),
        lost,
        ledger.duplicates());
    out.flush();
    if (lost > 0) {
      return 2;
    }
    boolean clean =
        ledger.errorCount() == 0
            && ledger.duplicates() == 0
            && ledger.extraParts() == 0
            && ledger.mismatched(sent) == 0
            && receiver.unrecognised() == 0
            && receiver.badSignatures() == 0;
    return clean ? 0 : 1;
  }

  private static void printLatency(PrintStream out, String what, long[] sorted) {
    out.printf(
        Locale.ROOT,
        "%s (%d in the window): p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        what,
        sorted.length,
        pct(sorted, 50),
        pct(sorted, 95),
        pct(sorted, 99),
        pct(sorted, 100));
  }

  private static double pct(long[] sorted, double p) {
    return Report.ms(Recorder.percentile(sorted, p));
  }

  /** The string value of {@code "field":"..."} in a flat JSON document (no escapes), or null. */
  static String jsonString(String json, String field) {
    if (json == null) {
      return null;
    }
    int at = json.indexOf("\"" + field + "\"");
    if (at < 0) {
      return null;
    }
    int colon = json.indexOf(':', at + field.length() + 2);
    int open = colon < 0 ? -1 : json.indexOf('"', colon);
    int close = open < 0 ? -1 : json.indexOf('"', open + 1);
    return close < 0 ? null : json.substring(open + 1, close);
  }
}
