package io.switchboard.router.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP server on 127.0.0.1 with an ephemeral port, standing in for a vendor: each test gives it
 * a handler that checks requests the way the vendor does and answers the way it does. It records
 * every request, and can be told to hang (never answer until closed) to provoke timeouts.
 */
public final class LocalHttpServer implements AutoCloseable {

  /** One request as received: the raw path and query, headers and body. */
  @SuppressWarnings("ArrayRecordComponent") // test data, never compared or hashed
  public record Request(
      String method, String rawPath, String rawQuery, Headers headers, byte[] body) {

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public JsonNode json() {
      try {
        return ChannelHttp.json().readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public Map<String, List<String>> query() {
      return io.switchboard.core.notify.auth.SigningString.parseQuery(rawQuery);
    }

    public String queryParam(String name) {
      List<String> values = query().get(name);
      return values == null ? null : values.get(0);
    }
  }

  /** An answer. */
  public record Reply(int status, Map<String, String> headers, String body) {
    public static Reply json(int status, String body) {
      return new Reply(status, Map.of("Content-Type", "application/json; charset=utf-8"), body);
    }

    public static Reply text(int status, String body) {
      return new Reply(status, Map.of("Content-Type", "text/plain; charset=utf-8"), body);
    }
  }

  /** Decides the answer to one request. */
  @FunctionalInterface
  public interface Handler {
    Reply handle(Request request) throws Exception;
  }

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final CountDownLatch released = new CountDownLatch(1);
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile Handler handler;
  private volatile boolean hanging;

  private LocalHttpServer(Handler handler) throws IOException {
    this.handler = handler;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(pool);
    server.createContext("/", this::exchange);
    server.start();
  }

  public static LocalHttpServer start(Handler handler) throws IOException {
    return new LocalHttpServer(handler);
  }

  /** {@code http://127.0.0.1:<port>} followed by {@code pathAndQuery}. */
  public String url(String pathAndQuery) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
  }

  public URI uri(String pathAndQuery) {
    return URI.create(url(pathAndQuery));
  }

  public void handler(Handler handler) {
    this.handler = handler;
  }

  /** From now on, requests get no answer until the server closes. */
  public void hang() {
    hanging = true;
  }

  public List<Request> requests() {
    return requests;
  }

  public Request lastRequest() {
    return requests.get(requests.size() - 1);
  }

  private void exchange(HttpExchange exchange) throws IOException {
    try {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      URI uri = exchange.getRequestURI();
      Request request =
          new Request(
              exchange.getRequestMethod(),
              uri.getRawPath(),
              uri.getRawQuery(),
              exchange.getRequestHeaders(),
              body);
      requests.add(request);
      if (hanging) {
        released.await();
        return;
      }
      Reply reply = handler.handle(request);
      byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(out);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    pool.shutdownNow();
  }

  /** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
  public static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
