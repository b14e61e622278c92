package io.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against a stand-in of the admin API on a real socket. */
class UsersCommandTest {

  private static final String TOKEN = "t0ken";

  @TempDir Path data;

  private HttpServer server;
  private String url;
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws IOException {
    Files.writeString(data.resolve("admin-token"), TOKEN + "\n");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/admin/v1/users", this::handle);
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    String query = exchange.getRequestURI().getRawQuery();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    seen.add(method + " " + path + (query == null ? "" : "?" + query) + " " + body);
    if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      problem(exchange, 401, "the bearer token is not the admin token");
      return;
    }
    switch (method + " " + path) {
      case "POST /admin/v1/users" -> {
        if (body.contains("\"taken\"")) {
          problem(exchange, 409, "taken@localhost already exists");
        } else {
          send(exchange, 201, "application/json", "{\"jid\":\"alice@localhost\"}");
        }
      }
      case "GET /admin/v1/users" -> {
        if (query.startsWith("offset=0&")) {
          send(
              exchange,
              200,
              "application/json",
              "{\"users\":[\"alice@localhost\",\"b\\u00f6b@localhost\"],\"total\":3}");
        } else {
          send(exchange, 200, "application/json", "{\"users\":[\"carol@localhost\"],\"total\":3}");
        }
      }
      case "PUT /admin/v1/users/alice/addresses" -> {
        if (body.contains("example.invalid")) {
          send(
              exchange,
              422,
              "application/problem+json",
              "{\"type\":\"https://switchboard.io/problems/invalid-address\",\"status\":422,"
                  + "\"title\":\"Invalid address\",\"detail\":\"no mail to example.invalid\"}");
        } else {
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        }
      }
      case "GET /admin/v1/users/alice/addresses" ->
          send(exchange, 200, "application/json", "{\"email\":\"a@example.com\"}");
      case "PUT /admin/v1/users/al%20ice/password", "DELETE /admin/v1/users/alice" -> {
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
      }
      default -> problem(exchange, 404, "no user ghost@localhost");
    }
  }

  private static void problem(HttpExchange exchange, int status, String detail) throws IOException {
    send(
        exchange,
        status,
        "application/problem+json",
        "{\"type\":\"https://switchboard.io/problems/x\",\"title\":\"T\",\"status\":"
            + status
            + ",\"detail\":\""
            + detail
            + "\"}");
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private int users(String... args) throws UsageException {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--url", url, "--data", data.toString()));
    return UsersCommand.run(
        all,
        Map.of(),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void addSendsTheTokenFromTheDataFolderAndEscapedJson() throws Exception {
    assertThat(users("add", "alice", "p\"w\\d")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("created alice@localhost\n");
    assertThat(seen)
        .containsExactly(
            "POST /admin/v1/users {\"username\":\"alice\",\"password\":\"p\\\"w\\\\d\"}");
  }

  @Test
  void problemsPrintTheirDetailAndExitOne() throws Exception {
    assertThat(users("add", "taken", "pw")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("switchboard: taken@localhost already exists\n");
    err.reset();
    assertThat(users("delete", "ghost")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no user ghost@localhost");
  }

  @Test
  void listFollowsThePagesToTheTotal() throws Exception {
    assertThat(users("list")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("alice@localhost\nb\u00f6b@localhost\ncarol@localhost\n");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("3 users\n");
    assertThat(seen)
        .containsExactly(
            "GET /admin/v1/users?offset=0&limit=1000 ", "GET /admin/v1/users?offset=2&limit=1000 ");
  }

  @Test
  void passwdAndDeleteEncodeTheName() throws Exception {
    assertThat(users("passwd", "al ice", "new")).isZero();
    assertThat(users("delete", "alice")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("changed the password of al ice\ndeleted alice\n");
    assertThat(seen)
        .containsExactly(
            "PUT /admin/v1/users/al%20ice/password {\"password\":\"new\"}",
            "DELETE /admin/v1/users/alice ");
  }

  @Test
  void aWrongTokenIsReportedWithAHint() throws Exception {
    assertThat(users("list", "--token", "wrong")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("not the admin token", "--data or --token");
  }

  @Test
  void aMissingTokenFileOrServerIsExplained() throws Exception {
    Files.delete(data.resolve("admin-token"));
    assertThat(users("list")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no admin token at");
    err.reset();
    server.stop(0);
    assertThat(users("list", "--token", TOKEN)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot reach Switchboard");
  }

  @Test
  void addSetsTheAddressesOnTheAccountTheServerNamed() throws Exception {
    assertThat(users("add", "Alice", "pw", "--webhook", "https://h.example.com/a")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("created alice@localhost\nwebhook  https://h.example.com/a\n");
    assertThat(seen)
        .containsExactly(
            "POST /admin/v1/users {\"username\":\"Alice\",\"password\":\"pw\"}",
            "PUT /admin/v1/users/alice/addresses {\"webhook\":\"https://h.example.com/a\"}");
  }

  @Test
  void addressesTheServerRefusesAreReportedAfterTheAccountWasMade() throws Exception {
    assertThat(users("add", "alice", "pw", "--email", "a@example.invalid")).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("created alice@localhost\n");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith(
            "switchboard: no mail to example.invalid; alice@localhost was created without these"
                + " addresses")
        .contains("switchboard users addresses alice --email");
  }

  @Test
  void addressesKeepTheOnesNotGiven() throws Exception {
    assertThat(users("addresses", "alice", "--phone", "+4930123456")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("email    a@example.com\nphone    +4930123456\n");
    assertThat(seen)
        .containsExactly(
            "GET /admin/v1/users/alice/addresses ",
            "PUT /admin/v1/users/alice/addresses"
                + " {\"email\":\"a@example.com\",\"phone\":\"+4930123456\"}");
  }

  @Test
  void obviouslyBadAddressesAreUsageErrorsBeforeAnyRequest() {
    assertThatThrownBy(() -> users("add", "bob", "pw", "--email", "bob"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--email: not an e-mail address");
    assertThatThrownBy(() -> users("addresses", "bob", "--webhook", "ftp://x"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--webhook: not an http(s) URL");
    assertThatThrownBy(() -> users("delete", "bob", "--email", "b@example.com"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("takes no addresses");
    assertThat(seen).isEmpty();
  }
}
