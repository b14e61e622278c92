package io.switchboard.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.core.notify.apps.ApiKey;
import io.switchboard.core.notify.apps.ApiKeyStore;
import io.switchboard.core.notify.auth.Signer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The notification API of a test platform as the scenario ITs call it: signed requests with an
 * application's key pair, the admin API with the test admin token, and readings of what {@code GET
 * /api/v1/messages/{id}} shows.
 */
final class NotifyApi {

  static final ObjectMapper JSON = new ObjectMapper();

  private final TestPlatform platform;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Signer signer = new Signer(Clock.systemUTC());

  NotifyApi(TestPlatform platform) {
    this.platform = platform;
  }

  /** An admin API call that must answer {@code expected}; returns the body. */
  String admin(String method, String path, String body, int expected) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(platform.httpUri().resolve(path))
                .header("Authorization", "Bearer " + TestPlatform.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
    return r.body();
  }

  /**
   * A new key pair of {@code application}, made through the admin API as an operator would; the
   * secret key the API showed once is the one the store decrypts.
   */
  ApiKey newKey(String application) throws Exception {
    JsonNode pair =
        JSON.readTree(admin("POST", "/admin/v1/apps/" + application + "/keys", null, 201));
    ApiKey key =
        platform
            .accessContext()
            .getBean(ApiKeyStore.class)
            .find(pair.get("accessKeyId").asText())
            .orElseThrow();
    assertThat(key.secretKey()).isEqualTo(pair.get("secretKey").asText());
    return key;
  }

  /** A request signed with {@code key}; {@code idempotencyKey} may be null. */
  HttpResponse<String> call(
      ApiKey key, String method, String pathAndQuery, String body, String idempotencyKey)
      throws Exception {
    URI uri = platform.httpUri().resolve(pathAndQuery);
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .header(
                "Authorization",
                signer.authorization(key.accessKeyId(), key.secretKey(), method, uri, bytes))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The message with its parts, as the API shows it to the application of {@code key}. */
  JsonNode message(ApiKey key, String id) throws Exception {
    HttpResponse<String> r = call(key, "GET", "/api/v1/messages/" + id, null, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** Part statuses by recipient and channel ({@code "carol/webhook" -> "delivered"}). */
  static Map<String, String> statuses(JsonNode message) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode p : message.get("parts")) {
      out.put(
          p.get("recipient").asText() + "/" + p.get("channel").asText(), p.get("status").asText());
    }
    return out;
  }

  /** The status changes in a part's history, oldest first (callback attempts left out). */
  static List<String> statusHistory(JsonNode part) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : part.get("history")) {
      if (e.get("kind").asText().equals("status")) {
        out.add(e.get("status").asText());
      }
    }
    return out;
  }
}
