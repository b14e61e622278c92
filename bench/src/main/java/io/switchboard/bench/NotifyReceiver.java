package io.switchboard.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The webhook receiver on loopback: answers every POST with 200 at once, and tells the {@link
 * NotifyLedger} which request arrived when. A request is recognised by the {@code seq} of its
 * {@code data} (the webhook document carries the request's data: {@code "data":{"seq":N}}), its
 * part by the {@code Idempotency-Key} header (the part id). The first {@value #VERIFIED}
 * deliveries' signatures are checked with the channel's signing key (checking every one would put
 * the driver's CPU into the figures for nothing).
 *
 * <p>JDK {@code HttpServer} with a pool of threads: on loopback it answers tens of thousands of
 * requests per second on these machines, far more than the pipeline delivers; the driver's own CPU
 * is printed with the result.
 */
final class NotifyReceiver implements AutoCloseable {

  static final String PATH = "/hook";
  private static final int VERIFIED = 50;
  private static final byte[] SEQ = "\"seq\":".getBytes(StandardCharsets.US_ASCII);

  private final HttpServer server;
  private final ExecutorService pool;
  private final NotifyLedger ledger;
  private final NotifySigner verifier;
  private final CountDownLatch probe = new CountDownLatch(1);
  private final AtomicLong checked = new AtomicLong();
  private final AtomicLong badSignatures = new AtomicLong();
  private final AtomicLong unrecognised = new AtomicLong();
  private volatile String firstUnrecognised;

  private NotifyReceiver(
      HttpServer server, ExecutorService pool, NotifyLedger ledger, NotifySigner verifier) {
    this.server = server;
    this.pool = pool;
    this.ledger = ledger;
    this.verifier = verifier;
  }

  /**
   * Listens on 127.0.0.1:{@code port} (0: any free port).
   *
   * @param signingKey the webhook channel's signing key, or null not to check signatures
   */
  static NotifyReceiver start(int port, int threads, NotifyLedger ledger, String signingKey)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    NotifySigner verifier = signingKey == null ? null : new NotifySigner("webhook", signingKey);
    NotifyReceiver r = new NotifyReceiver(server, pool, ledger, verifier);
    server.createContext("/", r::handle);
    server.setExecutor(pool);
    server.start();
    return r;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
  }

  /** Waits for the probe request (seq -1) to arrive. */
  boolean awaitProbe(long seconds) throws InterruptedException {
    return probe.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
  }

  long checkedSignatures() {
    return checked.get();
  }

  long badSignatures() {
    return badSignatures.get();
  }

  /** Requests that carried no {@code seq}, or one the run never sent. */
  long unrecognised() {
    return unrecognised.get();
  }

  String firstUnrecognised() {
    return firstUnrecognised;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      long now = System.nanoTime();
      ex.sendResponseHeaders(200, -1);
      String partId = ex.getRequestHeaders().getFirst("Idempotency-Key");
      if (verifier != null && checked.get() < VERIFIED) {
        checked.incrementAndGet();
        boolean ok;
        synchronized (verifier) {
          ok =
              verifier.verifies(
                  ex.getRequestHeaders().getFirst("Authorization"),
                  "POST",
                  ex.getRequestURI().getRawPath(),
                  body);
        }
        if (!ok) {
          badSignatures.incrementAndGet();
        }
      }
      long seq = seq(body);
      if (seq == -1) {
        probe.countDown();
      } else if (seq < 0 || !ledger.arrived(seq, partId, now)) {
        unrecognised.incrementAndGet();
        if (firstUnrecognised == null) {
          firstUnrecognised =
              new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
        }
      }
    }
  }

  /** The number after {@code "seq":} in the body; -2 when there is none. */
  static long seq(byte[] body) {
    int at = indexOf(body, SEQ);
    if (at < 0) {
      return -2;
    }
    int i = at + SEQ.length;
    while (i < body.length && body[i] == ' ') {
      i++;
    }
    boolean negative = i < body.length && body[i] == '-';
    if (negative) {
      i++;
    }
    long v = 0;
    int digits = 0;
    while (i < body.length && body[i] >= '0' && body[i] <= '9' && digits < 18) {
      v = v * 10 + (body[i] - '0');
      i++;
      digits++;
    }
    return digits == 0 ? -2 : negative ? -v : v;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
