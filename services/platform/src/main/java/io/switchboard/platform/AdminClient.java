package io.switchboard.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The admin HTTP API ({@code /admin/v1}) as the CLI's commands reach it: the server's address from
 * {@code --url}, the admin token from {@code --token}, {@code $SWITCHBOARD_ADMIN_TOKEN} or the data
 * folder's {@code admin-token}, and refusals printed as their RFC 9457 problem detail. A command
 * gets a client from {@link #run}, which turns an unreachable server into exit status 1.
 */
final class AdminClient {

  /** The options every admin command takes (without dashes). */
  static final Set<String> OPTIONS = Set.of("url", "data", "token");

  static final String OPTIONS_USAGE =
      """
        --url URL      the server's HTTP address (default http://127.0.0.1:8080)
        --data DIR     the server's data folder, where admin-token is (default ./data)
        --token T      the admin token (default: $SWITCHBOARD_ADMIN_TOKEN, then DIR/admin-token)
      """;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a command does with the admin API; returns the exit status. */
  @FunctionalInterface
  interface Call {
    int run(AdminClient admin) throws IOException, InterruptedException, UsageException, Refused;
  }

  /** The server said no: {@link #run} prints the reason and exits with status 1. */
  static final class Refused extends Exception {

    private static final long serialVersionUID = 1L;

    Refused(String reason) {
      super(reason);
    }
  }

  private final HttpClient http;
  private final URI base;
  private final String token;
  private final PrintStream out;
  private final PrintStream err;

  private AdminClient(HttpClient http, URI base, String token, PrintStream out, PrintStream err) {
    this.http = http;
    this.base = base;
    this.token = token;
    this.out = out;
    this.err = err;
  }

  /** Where a command prints its result. */
  PrintStream out() {
    return out;
  }

  /** Where a command prints counts, hints and what went wrong. */
  PrintStream err() {
    return err;
  }

  /**
   * Resolves the server's address and the admin token from {@code cl} and {@code env}, then runs
   * {@code call}, which prints on {@code out} and {@code err}. Returns 1, having said why on {@code
   * err}, when there is no token or the server cannot be reached; a bad {@code --url} is a usage
   * error.
   */
  static int run(
      CommandLine cl, Map<String, String> env, PrintStream out, PrintStream err, Call call)
      throws UsageException {
    URI base = baseUrl(cl);
    String token = cl.option("token");
    if (token == null) {
      token = env.get("SWITCHBOARD_ADMIN_TOKEN");
    }
    if (token == null || token.isBlank()) {
      Path file =
          Path.of(cl.option("data", "./data")).resolve("admin-token").toAbsolutePath().normalize();
      try {
        token = Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (NoSuchFileException e) {
        err.println(
            "switchboard: no admin token at "
                + file
                + ": start the server first (./switchboard run), or pass --data DIR"
                + " (the server's data folder) or --token");
        return 1;
      } catch (IOException e) {
        err.println("switchboard: cannot read the admin token " + file + ": " + e.getMessage());
        return 1;
      }
      if (token.isEmpty()) {
        err.println("switchboard: the admin token file " + file + " is empty");
        return 1;
      }
    }

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    AdminClient admin = new AdminClient(http, base, token.strip(), out, err);
    try {
      return call.run(admin);
    } catch (Refused e) {
      err.println("switchboard: " + e.getMessage());
      return 1;
    } catch (ConnectException | HttpConnectTimeoutException e) {
      err.println(
          "switchboard: cannot reach Switchboard at "
              + base
              + ": is it running? (./switchboard run)");
      return 1;
    } catch (IOException e) {
      err.println("switchboard: request to " + base + " failed: " + Switchboard.describe(e));
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private static URI baseUrl(CommandLine cl) throws UsageException {
    try {
      String url = cl.option("url", "http://127.0.0.1:8080").strip();
      URI base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      if (base.getScheme() == null
          || !(base.getScheme().equals("http") || base.getScheme().equals("https"))
          || base.getHost() == null) {
        throw new IllegalArgumentException();
      }
      return base;
    } catch (IllegalArgumentException e) {
      throw new UsageException("--url must be an http(s) URL such as http://127.0.0.1:8080");
    }
  }

  /**
   * Sends one request with the admin token.
   *
   * @param body serialized as JSON (a Map, say), or null for none
   */
  private HttpResponse<String> send(String method, String path, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json, application/problem+json");
    if (body != null) {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** The answer's JSON object; an IOException (exit 1) when it is not one. */
  static JsonNode object(HttpResponse<String> response) throws IOException {
    JsonNode node = parse(response.body());
    if (node == null || !node.isObject()) {
      throw new IOException("unexpected answer from the server: " + abbreviate(response.body()));
    }
    return node;
  }

  /**
   * Sends one request and returns the answer when its status is one of {@code accepted}; otherwise
   * the server's reason is thrown.
   */
  HttpResponse<String> expect(String method, String path, Object body, int... accepted)
      throws IOException, InterruptedException, Refused {
    HttpResponse<String> response = send(method, path, body);
    for (int status : accepted) {
      if (response.statusCode() == status) {
        return response;
      }
    }
    throw refusal(response);
  }

  /** Why the server refused: the problem's detail, or what there is. */
  static Refused refusal(HttpResponse<String> response) {
    JsonNode problem = parse(response.body());
    String message = null;
    if (problem != null && problem.isObject()) {
      JsonNode detail = problem.hasNonNull("detail") ? problem.get("detail") : problem.get("title");
      if (detail != null && !detail.isNull()) {
        message = detail.asText();
      }
    }
    if (message == null) {
      message = "HTTP " + response.statusCode();
      String body = abbreviate(response.body());
      if (!body.isEmpty()) {
        message += ": " + body;
      }
    }
    if (response.statusCode() == 401) {
      message += " (is --data or --token the server's?)";
    }
    return new Refused(message);
  }

  /** A value as one path segment of a URL. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String abbreviate(String body) {
    String text = body == null ? "" : body.strip();
    return text.length() < 300 ? text : text.substring(0, 300) + "…";
  }
}
