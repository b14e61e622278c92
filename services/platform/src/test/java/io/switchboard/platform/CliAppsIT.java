package io.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.core.notify.auth.Signer;
import io.switchboard.platform.it.TestPlatform;
import io.switchboard.platform.it.TestPlatform.Mode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchboard apps} and the addresses of {@code switchboard users} against a real local
 * platform: the printed key pair signs calls the notification API accepts, until the application is
 * disabled; addresses given on the command line are what the admin API then shows.
 */
class CliAppsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Signer SIGNER = new Signer(Clock.systemUTC());
  private static final Pattern KEY_ID = Pattern.compile("(?m)^access key id: (\\S+)$");
  private static final Pattern SECRET = Pattern.compile("(?m)^secret key: +(\\S+)$");

  @TempDir static Path config;
  private static TestPlatform platform;

  @BeforeAll
  static void start() throws Exception {
    try (InputStream manifests = CliAppsIT.class.getResourceAsStream("cli-apps-notify.yaml")) {
      Files.copy(manifests, config.resolve("notify.yaml"));
    }
    platform =
        TestPlatform.start(Mode.LOCAL, Map.of("switchboard.notify.config-dir", config.toString()));
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  /** The command line against the test platform, with its URL and admin token. */
  private static Cli cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of("--url", platform.httpUri().toString(), "--token", TestPlatform.ADMIN_TOKEN));
    return Cli.run(all.toArray(String[]::new));
  }

  private static String group(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    assertThat(m.find()).as("%s in:%n%s", pattern, text).isTrue();
    return m.group(1);
  }

  private static HttpResponse<String> signedSend(String keyId, String secret) throws Exception {
    URI uri = platform.httpUri().resolve("/api/v1/messages");
    byte[] body =
        "{\"template\":\"hello\",\"recipients\":[\"dora\"],\"channels\":[\"inapp\"],\"data\":{\"name\":\"Dora\"}}"
            .getBytes(StandardCharsets.UTF_8);
    return HTTP.send(
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", SIGNER.authorization(keyId, secret, "POST", uri, body))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode addressesOf(String user) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    platform.httpUri().resolve("/admin/v1/users/" + user + "/addresses"))
                .header("Authorization", "Bearer " + TestPlatform.ADMIN_TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void theKeyPairPrintedOnceSignsRequestsUntilTheApplicationIsDisabled() throws Exception {
    Cli created = cli("apps", "create", "crm");
    assertThat(created.status()).as(created.err()).isZero();
    assertThat(created.out()).startsWith("application:   crm\n");
    assertThat(created.err()).contains("not shown again");
    String keyId = group(KEY_ID, created.out());
    String secret = group(SECRET, created.out());
    assertThat(secret).matches("[0-9a-f]{64}");

    HttpResponse<String> accepted = signedSend(keyId, secret);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    assertThat(JSON.readTree(accepted.body()).path("id").asText()).isNotEmpty();

    Cli list = cli("apps", "list");
    assertThat(list.status()).as(list.err()).isZero();
    assertThat(list.out())
        .startsWith("APPLICATION  ACCESS KEY ID")
        .containsPattern("(?m)^crm +" + keyId + " +enabled +\\d{4}-\\d\\d-\\d\\dT")
        .doesNotContain(secret);
    assertThat(list.err()).doesNotContain(secret);

    Cli disabled = cli("apps", "disable", "crm");
    assertThat(disabled.status()).as(disabled.err()).isZero();
    assertThat(disabled.out()).isEqualTo("disabled 1 key of crm\n");
    assertThat(cli("apps", "list").out()).containsPattern("(?m)^crm +" + keyId + " +disabled ");

    HttpResponse<String> refused = signedSend(keyId, secret);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(refused.body()).path("type").asText()).endsWith("/disabled-key");

    Cli again = cli("apps", "disable", "crm");
    assertThat(again.status()).isZero();
    assertThat(again.out()).isEqualTo("crm's keys were already disabled\n");
  }

  @Test
  void disablingAnUnknownApplicationFailsWithTheServersReason() {
    Cli ghost = cli("apps", "disable", "ghost");
    assertThat(ghost.status()).isEqualTo(1);
    assertThat(ghost.err()).isEqualTo("switchboard: no keys for ghost\n");
    assertThat(ghost.out()).isEmpty();
  }

  @Test
  void usageErrorsExitTwoWithoutCallingTheServer() {
    Cli missing = cli("apps", "create");
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err()).contains("usage: switchboard apps create NAME", "apps list");

    Cli badName = cli("apps", "create", "Not An App");
    assertThat(badName.status()).isEqualTo(2);
    assertThat(badName.err()).contains("lower-case letters, digits and '-'");

    Cli badPhone = cli("users", "add", "eve", "pw", "--phone", "030 123456");
    assertThat(badPhone.status()).isEqualTo(2);
    assertThat(badPhone.err()).contains("--phone: not an E.164 phone number");
    assertThat(cli("users", "list").out()).doesNotContain("eve@");
  }

  @Test
  void usersAddSetsTheChannelAddressesTheAdminApiThenShows() throws Exception {
    Cli add =
        cli(
            "users",
            "add",
            "Dora",
            "dora-pw",
            "--email",
            "dora@example.com",
            "--phone",
            "+4930123456");
    assertThat(add.status()).as(add.err()).isZero();
    assertThat(add.out())
        .isEqualTo("created dora@localhost\nemail    dora@example.com\nphone    +4930123456\n");
    JsonNode stored = addressesOf("dora");
    assertThat(stored.path("email").asText()).isEqualTo("dora@example.com");
    assertThat(stored.path("phone").asText()).isEqualTo("+4930123456");

    Cli more = cli("users", "addresses", "dora", "--webhook", "https://hooks.example.com/dora");
    assertThat(more.status()).as(more.err()).isZero();
    assertThat(addressesOf("dora").size()).isEqualTo(3);
    Cli shown = cli("users", "addresses", "dora");
    assertThat(shown.out())
        .isEqualTo(
            "email    dora@example.com\nphone    +4930123456\n"
                + "webhook  https://hooks.example.com/dora\n");

    Cli replaced = cli("users", "addresses", "dora", "--clear", "--email", "d@example.org");
    assertThat(replaced.status()).as(replaced.err()).isZero();
    assertThat(replaced.out()).isEqualTo("email    d@example.org\n");
    assertThat(addressesOf("dora").size()).isEqualTo(1);

    Cli cleared = cli("users", "addresses", "dora", "--clear");
    assertThat(cleared.status()).isZero();
    assertThat(cleared.err()).isEqualTo("dora has no channel addresses\n");
    assertThat(addressesOf("dora").isEmpty()).isTrue();

    // Names are normalized as accounts are; addresses of an account that does not exist are not
    // stored at all.
    assertThat(cli("users", "addresses", "DORA@localhost", "--email", "x@example.org").status())
        .isZero();
    assertThat(addressesOf("dora").path("email").asText()).isEqualTo("x@example.org");
    Cli ghost = cli("users", "addresses", "ghost", "--email", "g@example.org");
    assertThat(ghost.status()).isEqualTo(1);
    assertThat(ghost.err()).contains("no user ghost@localhost");
    Cli foreign = cli("users", "addresses", "dora@elsewhere.example", "--email", "g@example.org");
    assertThat(foreign.status()).isEqualTo(1);
    assertThat(foreign.err()).contains("not an account of localhost");
  }
}
