package io.switchboard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Creates the benchmark accounts through the admin HTTP API. */
final class AdminClient {

  private AdminClient() {}

  /**
   * Creates bench-0..n-1 with the given password, a few requests at a time. An account that exists
   * already (409) is fine. Returns how many were created.
   */
  static int createUsers(String baseUrl, String token, int n, String password, int parallel)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    AtomicInteger created = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<?>> futures = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String user = Connection.user(i);
        futures.add(
            pool.submit(
                () -> {
                  create(http, baseUrl, token, user, password, created);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof IOException io) {
            throw io;
          }
          throw new IOException(cause);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return created.get();
  }

  private static void create(
      HttpClient http,
      String baseUrl,
      String token,
      String user,
      String password,
      AtomicInteger created)
      throws IOException, InterruptedException {
    String body = "{\"username\":\"" + user + "\",\"password\":\"" + jsonEscape(password) + "\"}";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/admin/v1/users"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    int status = response.statusCode();
    if (status == 201 || status == 200) {
      created.incrementAndGet();
    } else if (status != 409) {
      throw new IOException(
          "creating " + user + ": HTTP " + status + " " + response.body().strip());
    }
  }

  private static String jsonEscape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
