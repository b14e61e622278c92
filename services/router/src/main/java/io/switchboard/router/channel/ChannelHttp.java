package io.switchboard.router.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one HTTP client of the HTTP channel adapters (webhook, chat bots). Each call is bounded by
 * the channel's timeout from connect to the last byte of the answer; redirects are not followed;
 * answers are read up to {@value #MAX_ANSWER_BYTES} bytes.
 */
@Singleton
public class ChannelHttp {

  /** How much of an answer is kept; vendors answer with a few hundred bytes of JSON. */
  public static final int MAX_ANSWER_BYTES = 64 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client;

  @Inject
  public ChannelHttp() {
    this(
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(30))
            .build());
  }

  public ChannelHttp(HttpClient client) {
    this.client = client;
  }

  /** Jackson, shared: thread-safe once configured. */
  public static ObjectMapper json() {
    return JSON;
  }

  /**
   * An absolute {@code http} or {@code https} URI with a host, or null when {@code value} is not
   * one.
   */
  public static URI httpUri(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      URI uri = new URI(value.strip());
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null) {
        return null;
      }
      return uri;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** What the far side answered. */
  public record Answer(int status, HttpHeaders headers, String body) {

    /** The body as a JSON object, or null when it is not one. */
    public JsonNode jsonObject() {
      try {
        JsonNode node = JSON.readTree(body);
        return node != null && node.isObject() ? node : null;
      } catch (IOException e) {
        return null;
      }
    }
  }

  /**
   * POSTs {@code body} and waits at most {@code timeout} for the whole answer.
   *
   * @throws HttpTimeoutException when the timeout passes
   * @throws IOException when the far side cannot be reached or the exchange breaks
   * @throws InterruptedException when interrupted; the exchange is cancelled
   */
  public Answer post(URI uri, byte[] body, Map<String, String> headers, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("User-Agent", "Switchboard")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    CompletableFuture<HttpResponse<InputStream>> sent =
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    CompletableFuture<Answer> exchange = sent.thenApply(ChannelHttp::read);
    try {
      return exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      abandon(sent, exchange);
      throw new HttpTimeoutException("no answer within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      abandon(sent, exchange);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(cause);
    }
  }

  /** Cancels the exchange; closes a body still being read, which ends the read. */
  private static void abandon(
      CompletableFuture<HttpResponse<InputStream>> sent, CompletableFuture<Answer> exchange) {
    sent.cancel(true);
    exchange.cancel(true);
    if (sent.isDone() && !sent.isCompletedExceptionally()) {
      try {
        sent.join().body().close();
      } catch (IOException | RuntimeException ignored) {
        // Closing is best effort: the exchange is abandoned either way.
      }
    }
  }

  /** POSTs a JSON document. */
  public Answer postJson(URI uri, Object document, Map<String, String> headers, Duration timeout)
      throws IOException, InterruptedException {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.putIfAbsent("Content-Type", "application/json; charset=utf-8");
    return post(uri, JSON.writeValueAsBytes(document), all, timeout);
  }

  /** How an adapter reads the far side's answer. */
  public interface Classifier {
    DeliveryOutcome classify(Answer answer);
  }

  /**
   * POSTs a JSON document and classifies the answer; a far side that cannot be reached, or does not
   * answer in time, is {@linkplain HttpOutcomes#unreachable retried}.
   */
  public DeliveryOutcome sendJson(URI uri, Object document, Duration timeout, Classifier classifier)
      throws InterruptedException {
    Answer answer;
    try {
      answer = postJson(uri, document, Map.of(), timeout);
    } catch (IOException e) {
      return HttpOutcomes.unreachable(e);
    }
    return classifier.classify(answer);
  }

  private static Answer read(HttpResponse<InputStream> response) {
    try (InputStream in = response.body()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while (out.size() < MAX_ANSWER_BYTES && (n = in.read(buf)) >= 0) {
        out.write(buf, 0, Math.min(n, MAX_ANSWER_BYTES - out.size()));
      }
      return new Answer(
          response.statusCode(), response.headers(), out.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
