package io.switchboard.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.core.notify.apps.ApiKey;
import io.switchboard.core.notify.auth.SbHmacAuthorization;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import java.util.stream.Collectors;

/**
 * The far side of the notification tests, on loopback: webhook endpoints that verify the channel's
 * {@code SB-HMAC-SHA256} signature and answer what a test tells them (by the endpoint's n-th call),
 * and the application's callback endpoint, which verifies the application's signature. It records
 * everything it was sent.
 */
final class WebhookReceiver implements AutoCloseable {

  static final String CALLBACKS = "/callbacks";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One webhook request: where it went, the part it carried, and what it was answered. */
  record Delivery(String path, String partId, int answered) {}

  /** One status callback, with its {@code Idempotency-Key}. */
  record Callback(String idempotencyKey, JsonNode body) {}

  private final HttpServer server;
  private final String channelSecret;
  private final Map<String, IntUnaryOperator> answers = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final List<Callback> callbacks = new CopyOnWriteArrayList<>();
  private final List<String> badSignatures = new CopyOnWriteArrayList<>();
  private volatile ApiKey applicationKey;

  private WebhookReceiver(HttpServer server, String channelSecret) {
    this.server = server;
    this.channelSecret = channelSecret;
  }

  static WebhookReceiver start(String channelSecret) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    WebhookReceiver r = new WebhookReceiver(server, channelSecret);
    server.createContext("/", r::handle);
    server.start();
    return r;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** What the endpoint at {@code path} answers to its n-th call (1-based); 200 by default. */
  void answer(String path, IntUnaryOperator statusForCall) {
    answers.put(path, statusForCall);
  }

  /** The key callbacks must be signed with. */
  void applicationKey(ApiKey key) {
    this.applicationKey = key;
  }

  List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  List<Delivery> deliveriesTo(String path) {
    return deliveries.stream().filter(d -> d.path().equals(path)).toList();
  }

  /** How many times each part was accepted (answered 2xx), by part id. */
  Map<String, Long> acceptedPerPart() {
    return deliveries.stream()
        .filter(d -> d.answered() / 100 == 2)
        .collect(Collectors.groupingBy(Delivery::partId, Collectors.counting()));
  }

  /**
   * The statuses a part's callbacks reported, in the order they arrived; a post repeated under the
   * same {@code Idempotency-Key} (its answer lost) counts once, as a receiver would count it.
   */
  List<String> callbackStatuses(String partId) {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    List<String> statuses = new ArrayList<>();
    for (Callback c : callbacks) {
      if (c.body().path("partId").asText().equals(partId) && seen.add(c.idempotencyKey())) {
        statuses.add(c.body().get("status").asText());
      }
    }
    return statuses;
  }

  /** Requests whose signature did not verify, by what they were ("webhook", "callback"). */
  List<String> badSignatures() {
    return List.copyOf(badSignatures);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      String path = ex.getRequestURI().getRawPath();
      String query = ex.getRequestURI().getRawQuery();
      String header = ex.getRequestHeaders().getFirst("Authorization");
      if (path.equals(CALLBACKS)) {
        ApiKey key = applicationKey;
        if (key == null
            || !verifies(header, key.accessKeyId(), key.secretKey(), path, query, body)) {
          badSignatures.add("callback");
        }
        callbacks.add(
            new Callback(ex.getRequestHeaders().getFirst("Idempotency-Key"), JSON.readTree(body)));
        ex.sendResponseHeaders(204, -1);
        return;
      }
      if (!verifies(header, null, channelSecret, path, query, body)) {
        badSignatures.add("webhook");
      }
      int n = calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      int status = answers.getOrDefault(path, call -> 200).applyAsInt(n);
      deliveries.add(new Delivery(path, JSON.readTree(body).path("partId").asText(), status));
      ex.sendResponseHeaders(status, -1);
    }
  }

  private static boolean verifies(
      String header, String credential, String secret, String path, String query, byte[] body) {
    if (header == null) {
      return false;
    }
    try {
      SbHmacAuthorization auth = SbHmacAuthorization.parse(header);
      return (credential == null || credential.equals(auth.credential()))
          && auth.verify(secret, "POST", path, query, body);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The webhook requests so far, for assertion messages. */
  @Override
  public String toString() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("deliveries", deliveries);
    out.put("callbacks", callbacks.size());
    return out.toString();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
