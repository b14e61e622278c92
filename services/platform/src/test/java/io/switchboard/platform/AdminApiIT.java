package io.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.it.TestPlatform;
import io.switchboard.platform.it.TestPlatform.Mode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin HTTP API and the {@code users} CLI against a real local platform. */
class AdminApiIT {

  private static TestPlatform platform;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    platform = TestPlatform.start(Mode.LOCAL, Map.of());
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  private static HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(platform.httpUri().resolve(path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> admin(String method, String path, String body)
      throws Exception {
    return call(method, path, TestPlatform.ADMIN_TOKEN, body);
  }

  private static void assertProblem(HttpResponse<String> r, int status, String slug) {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(r.body())
        .contains("\"type\":\"https://switchboard.io/problems/" + slug + "\"")
        .contains("\"status\":" + status)
        .contains("\"title\":")
        .contains("\"detail\":");
  }

  @Test
  void withoutTheTokenEverythingIsA401Problem() throws Exception {
    HttpResponse<String> none = call("GET", "/admin/v1/users", null, null);
    assertProblem(none, 401, "unauthorized");
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertProblem(call("GET", "/admin/v1/users", "wrong", null), 401, "unauthorized");
    assertProblem(
        call("POST", "/admin/v1/users", "wrong", "{\"username\":\"x\",\"password\":\"y\"}"),
        401,
        "unauthorized");
    assertProblem(call("DELETE", "/admin/v1/users/x", null, null), 401, "unauthorized");
  }

  @Test
  void accountLifecycle() throws Exception {
    HttpResponse<String> created =
        admin("POST", "/admin/v1/users", "{\"username\":\"Erin\",\"password\":\"pw-1\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).isEqualTo("{\"jid\":\"erin@localhost\"}");

    assertProblem(
        admin("POST", "/admin/v1/users", "{\"username\":\"erin\",\"password\":\"other\"}"),
        409,
        "user-exists");

    HttpResponse<String> list = admin("GET", "/admin/v1/users?limit=1000", null);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("\"erin@localhost\"").contains("\"total\":");

    assertThat(
            admin("PUT", "/admin/v1/users/erin/password", "{\"password\":\"pw-2\"}").statusCode())
        .isEqualTo(204);
    assertProblem(
        admin("PUT", "/admin/v1/users/nobody/password", "{\"password\":\"pw\"}"),
        404,
        "user-not-found");

    assertThat(admin("DELETE", "/admin/v1/users/erin", null).statusCode()).isEqualTo(204);
    assertProblem(admin("DELETE", "/admin/v1/users/erin", null), 404, "user-not-found");
    assertThat(admin("GET", "/admin/v1/users?limit=1000", null).body())
        .doesNotContain("erin@localhost");
  }

  @Test
  void anEmptyPageIsAnEmptyArray() throws Exception {
    HttpResponse<String> r = admin("GET", "/admin/v1/users?offset=100000&limit=10", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("{\"users\":[]");
  }

  @Test
  void badInputIsA400Problem() throws Exception {
    assertProblem(
        admin("POST", "/admin/v1/users", "{\"username\":\"a b\",\"password\":\"pw\"}"),
        400,
        "invalid-user");
    assertProblem(
        admin("POST", "/admin/v1/users", "{\"username\":\"frank\",\"password\":\"\"}"),
        400,
        "bad-request");
    assertProblem(
        admin("POST", "/admin/v1/users", "{\"username\":\"frank\""), 400, "malformed-json");
    assertProblem(admin("POST", "/admin/v1/users", "[1,2]"), 400, "bad-request");
    assertProblem(admin("POST", "/admin/v1/users", null), 400, "bad-request");
    assertProblem(admin("GET", "/admin/v1/users?limit=0", null), 400, "bad-request");
    assertProblem(admin("GET", "/admin/v1/users?limit=1001", null), 400, "bad-request");
    assertProblem(admin("GET", "/admin/v1/users?offset=x", null), 400, "bad-request");
    assertProblem(admin("PUT", "/admin/v1/users/frank/password", "{}"), 400, "bad-request");
  }

  @Test
  void passwordsAreNeverEchoed() throws Exception {
    String secret = "Very-Secret-Password-42";
    HttpResponse<String> bad =
        admin("POST", "/admin/v1/users", "{\"username\":\"a b\",\"password\":\"" + secret + "\"}");
    HttpResponse<String> ok =
        admin("POST", "/admin/v1/users", "{\"username\":\"gina\",\"password\":\"" + secret + "\"}");
    assertThat(bad.body()).doesNotContain(secret);
    assertThat(ok.body()).doesNotContain(secret);
  }

  @Test
  void theUsersCommandDrivesTheApi() throws Exception {
    String url = platform.httpUri().toString();
    Cli add = cli("users", "add", "heidi", "pw", "--url", url, "--token", TestPlatform.ADMIN_TOKEN);
    assertThat(add.status()).isZero();
    assertThat(add.out()).isEqualTo("created heidi@localhost\n");

    Cli again =
        cli("users", "add", "heidi", "pw", "--url", url, "--token", TestPlatform.ADMIN_TOKEN);
    assertThat(again.status()).isEqualTo(1);
    assertThat(again.err()).contains("heidi@localhost already exists");

    Cli list = cli("users", "list", "--url", url, "--token", TestPlatform.ADMIN_TOKEN);
    assertThat(list.status()).isZero();
    assertThat(list.out()).contains("heidi@localhost\n");

    Cli delete = cli("users", "delete", "heidi", "--url", url, "--token", TestPlatform.ADMIN_TOKEN);
    assertThat(delete.status()).isZero();
    Cli gone = cli("users", "delete", "heidi", "--url", url, "--token", TestPlatform.ADMIN_TOKEN);
    assertThat(gone.status()).isEqualTo(1);
    assertThat(gone.err()).contains("no user heidi@localhost");
  }

  @Test
  void withoutAConfiguredTokenOneIsGeneratedIntoTheDataFolderForTheCli() throws Exception {
    try (TestPlatform own = TestPlatform.start(Mode.LOCAL, Map.of("switchboard.admin.token", ""))) {
      Path file = own.dataDir().resolve("admin-token");
      assertThat(file).exists();
      String token = Files.readString(file).strip();
      assertThat(token).matches("[0-9a-f]{64}");
      URI uri = own.httpUri();
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(uri.resolve("/admin/v1/users"))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      Cli add =
          cli(
              "users",
              "add",
              "ivan",
              "pw",
              "--url",
              uri.toString(),
              "--data",
              own.dataDir().toString());
      assertThat(add.status()).isZero();
      assertThat(add.out()).isEqualTo("created ivan@localhost\n");
    }
  }

  @Test
  void healthAndPrometheusAreOpen() throws Exception {
    HttpResponse<String> health = call("GET", "/health", null, null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"");
    HttpResponse<String> metrics = call("GET", "/prometheus", null, null);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("# TYPE");
  }

  private static Cli cli(String... args) {
    return Cli.run(args);
  }
}
