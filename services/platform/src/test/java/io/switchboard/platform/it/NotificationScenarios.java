package io.switchboard.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.core.notify.apps.ApiKey;
import io.switchboard.core.notify.apps.ApiKeyStore;
import io.switchboard.core.notify.auth.SbHmacAuthorization;
import io.switchboard.core.notify.auth.Signer;
import io.switchboard.core.notify.message.MessageStore;
import io.switchboard.core.notify.message.NotificationRequest;
import io.switchboard.core.notify.message.Recipient;
import java.net.InetSocketAddress;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.json.packet.JsonPacketExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notification center end to end, over the signed API: a request to an online user, an offline
 * user and a direct webhook; in-app headlines live and at login; the inbox; a webhook that answers
 * 503 once and is retried; signed status callbacks in status order; idempotency and the signature's
 * refusals.
 */
abstract class NotificationScenarios {

  static final String WEBHOOK_SECRET = "webhook-signing-key-0123";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path config;
  TestPlatform platform;
  HttpServer receiver;
  final List<String> webhookBodies = new CopyOnWriteArrayList<>();
  final AtomicInteger webhookCalls = new AtomicInteger();
  final List<JsonNode> callbacks = new CopyOnWriteArrayList<>();
  final List<String> badSignatures = new CopyOnWriteArrayList<>();
  ApiKey key;
  final HttpClient http = HttpClient.newHttpClient();
  final Signer signer = new Signer(Clock.systemUTC());

  abstract TestPlatform.Mode mode();

  @BeforeEach
  void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          SbHmacAuthorization auth =
              SbHmacAuthorization.parse(ex.getRequestHeaders().getFirst("Authorization"));
          boolean ok =
              auth.verify(
                  WEBHOOK_SECRET,
                  "POST",
                  ex.getRequestURI().getRawPath(),
                  ex.getRequestURI().getRawQuery(),
                  body);
          if (!ok) {
            badSignatures.add("webhook");
          }
          int n = webhookCalls.incrementAndGet();
          webhookBodies.add(new String(body, StandardCharsets.UTF_8));
          int status = n == 1 ? 503 : 200;
          ex.sendResponseHeaders(status, -1);
          ex.close();
        });
    receiver.createContext(
        "/callbacks",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          SbHmacAuthorization auth =
              SbHmacAuthorization.parse(ex.getRequestHeaders().getFirst("Authorization"));
          if (key == null
              || !auth.credential().equals(key.accessKeyId())
              || !auth.verify(
                  key.secretKey(), "POST", ex.getRequestURI().getRawPath(), null, body)) {
            badSignatures.add("callback");
          }
          callbacks.add(JSON.readTree(body));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    receiver.start();
    String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
    Files.writeString(
        config.resolve("notify.yaml"),
        """
        apiVersion: switchboard.io/v1alpha1
        kind: Channel
        metadata: {name: inapp}
        spec: {serverRef: t, type: inApp}
        ---
        apiVersion: switchboard.io/v1alpha1
        kind: Channel
        metadata: {name: webhook}
        spec:
          serverRef: t
          type: webhook
          endpoint: %s/hook
          secretRef: {name: webhook-secret}
          retry: {maxAttempts: 4, initialBackoff: 200ms, maxBackoff: 1s}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: webhook-secret}
        stringData: {signingKey: %s}
        ---
        apiVersion: switchboard.io/v1alpha1
        kind: Template
        metadata: {name: welcome}
        spec:
          serverRef: t
          subject: "Welcome {{ name }}"
          variables: [{name: name}]
          variants:
            - format: text
              body: "Hello {{ name }}"
        ---
        apiVersion: switchboard.io/v1alpha1
        kind: Application
        metadata: {name: shop}
        spec:
          serverRef: t
          callbackUrl: %s/callbacks
        """
            .formatted(base, WEBHOOK_SECRET, base));
    platform =
        TestPlatform.start(
            mode(),
            Map.of(
                "switchboard.notify.config-dir",
                config.toString(),
                "switchboard.notify.poll-interval",
                "100ms"));
    platform.createUser("alice", "alice-secret");
    platform.createUser("bob", "bob-secret");
    // The key pair, through the admin API as an operator would make it.
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(platform.httpUri().resolve("/admin/v1/apps/shop/keys"))
                .header("Authorization", "Bearer " + TestPlatform.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode pair = JSON.readTree(created.body());
    key =
        platform
            .accessContext()
            .getBean(ApiKeyStore.class)
            .find(pair.get("accessKeyId").asText())
            .orElseThrow();
    assertThat(key.secretKey()).isEqualTo(pair.get("secretKey").asText());
  }

  @AfterEach
  void stop() {
    if (platform != null) {
      platform.close();
    }
    receiver.stop(0);
  }

  HttpResponse<String> call(String method, String pathAndQuery, String body, String idempotencyKey)
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

  @Test
  void oneRequestReachesAnOnlineUserAnOfflineUserAndAWebhookAndReportsBack() throws Exception {
    List<Message> atAlice = Collections.synchronizedList(new ArrayList<>());
    XMPPTCPConnection alice =
        SmackClients.connect(platform, "alice", "alice-secret", "phone", "SCRAM-SHA-256");
    alice.addSyncStanzaListener(m -> atAlice.add((Message) m), MessageTypeFilter.HEADLINE);
    alice.login();
    await().atMost(Duration.ofSeconds(10)).until(() -> alice.isAuthenticated());
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    String body =
        """
        {"template":"welcome","recipients":["alice","bob",{"webhook":"%s"}],
         "channels":["inapp","webhook"],"data":{"name":"Ann"}}
        """
            .formatted(hook);

    HttpResponse<String> accepted = call("POST", "/api/v1/messages", body, "order-1");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String id = JSON.readTree(accepted.body()).get("id").asText();

    // Alice is online: the headline arrives live, with the JSON payload.
    await().atMost(Duration.ofSeconds(20)).until(() -> !atAlice.isEmpty());
    Message live = atAlice.get(0);
    assertThat(live.getBody()).isEqualTo("Hello Ann");
    assertThat(live.getSubject()).isEqualTo("Welcome Ann");
    JsonPacketExtension json =
        (JsonPacketExtension) live.getExtensionElement("json", "urn:xmpp:json:0");
    assertThat(JSON.readTree(json.getJson()).get("messageId").asText()).isEqualTo(id);

    // The webhook failed once with 503, then was delivered; every request was signed.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode m = JSON.readTree(call("GET", "/api/v1/messages/" + id, null, null).body());
              assertThat(m.get("parts")).hasSize(3);
              for (JsonNode p : m.get("parts")) {
                String expected =
                    "webhook".equals(p.get("type").asText())
                        ? "delivered"
                        : p.get("recipient").asText().equals("alice") ? "sent" : "pending";
                assertThat(p.get("status").asText()).as(p.toString()).isEqualTo(expected);
              }
            });
    assertThat(webhookCalls.get()).isEqualTo(2);
    assertThat(JSON.readTree(webhookBodies.get(0)).get("partId").asText())
        .isEqualTo(JSON.readTree(webhookBodies.get(1)).get("partId").asText());

    // Bob was offline: the part waits, then comes at login, and is in his inbox.
    List<Message> atBob = Collections.synchronizedList(new ArrayList<>());
    XMPPTCPConnection bob =
        SmackClients.connect(platform, "bob", "bob-secret", "laptop", "SCRAM-SHA-256");
    bob.addSyncStanzaListener(m -> atBob.add((Message) m), MessageTypeFilter.HEADLINE);
    bob.login();
    await().atMost(Duration.ofSeconds(20)).until(() -> !atBob.isEmpty());
    assertThat(atBob.get(0).getBody()).isEqualTo("Hello Ann");
    JsonNode inbox = JSON.readTree(call("GET", "/api/v1/users/bob/inbox", null, null).body());
    assertThat(inbox.get("unread").asLong()).isEqualTo(1);
    String entry = inbox.get("items").get(0).get("id").asText();
    assertThat(call("POST", "/api/v1/users/bob/inbox/" + entry + "/read", null, null).statusCode())
        .isEqualTo(200);
    assertThat(
            JSON.readTree(call("GET", "/api/v1/users/bob/inbox", null, null).body())
                .get("unread")
                .asLong())
        .isZero();

    // Callbacks: signed, and per part in status order.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              List<String> webhookStatuses =
                  callbacks.stream()
                      .filter(c -> c.get("channel").asText().equals("webhook"))
                      .map(c -> c.get("status").asText())
                      .toList();
              assertThat(webhookStatuses)
                  .containsExactly("pending", "queued", "retrying", "delivered");
            });
    assertThat(badSignatures).isEmpty();

    // The same request with the same key: the same message; a different body: 409.
    HttpResponse<String> again = call("POST", "/api/v1/messages", body, "order-1");
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(again.body()).get("id").asText()).isEqualTo(id);
    HttpResponse<String> conflict =
        call("POST", "/api/v1/messages", body.replace("Ann", "Bo"), "order-1");
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(conflict.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    alice.disconnect();
    bob.disconnect();
  }

  @Test
  void theSameIdempotencyKeySentTwiceAtOnceGivesOneMessage() throws Exception {
    String body = "{\"template\":\"welcome\",\"recipients\":[\"alice\"],\"data\":{\"name\":\"X\"}}";
    CompletableFuture<HttpResponse<String>> a =
        CompletableFuture.supplyAsync(
            () -> unchecked(() -> call("POST", "/api/v1/messages", body, "same")));
    CompletableFuture<HttpResponse<String>> b =
        CompletableFuture.supplyAsync(
            () -> unchecked(() -> call("POST", "/api/v1/messages", body, "same")));
    assertThat(a.get().statusCode()).isEqualTo(202);
    assertThat(b.get().statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(a.get().body()).get("id"))
        .isEqualTo(JSON.readTree(b.get().body()).get("id"));
  }

  @Test
  void badRequestsAreRefusedWithTheirReason() throws Exception {
    assertThat(
            problemType(
                call(
                    "POST",
                    "/api/v1/messages",
                    "{\"template\":\"nope\",\"recipients\":[\"alice\"]}",
                    null)))
        .endsWith("/unknown-template");
    assertThat(
            problemType(
                call(
                    "POST",
                    "/api/v1/messages",
                    "{\"template\":\"welcome\",\"recipients\":[\"alice\"]}",
                    null)))
        .endsWith("/missing-variables");
    assertThat(
            problemType(
                call(
                    "POST",
                    "/api/v1/messages",
                    "{\"template\":\"welcome\",\"recipients\":[],\"data\":{\"name\":\"x\"}}",
                    null)))
        .endsWith("/no-recipients");
    assertThat(problemType(call("POST", "/api/v1/messages", "{not json", null)))
        .endsWith("/invalid-json");

    URI uri = platform.httpUri().resolve("/api/v1/messages?limit=5");
    String auth = signer.authorization(key.accessKeyId(), key.secretKey(), "GET", uri, new byte[0]);
    HttpResponse<String> first =
        http.send(
            HttpRequest.newBuilder(uri).header("Authorization", auth).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(first.statusCode()).isEqualTo(200);
    HttpResponse<String> replayed =
        http.send(
            HttpRequest.newBuilder(uri).header("Authorization", auth).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(problemType(replayed)).endsWith("/replayed-nonce");
    String wrong =
        signer.authorization(key.accessKeyId(), "not-the-secret", "GET", uri, new byte[0]);
    assertThat(
            problemType(
                http.send(
                    HttpRequest.newBuilder(uri).header("Authorization", wrong).GET().build(),
                    HttpResponse.BodyHandlers.ofString())))
        .endsWith("/bad-signature");
    String unknown = signer.authorization("SBNOSUCHKEY", key.secretKey(), "GET", uri, new byte[0]);
    assertThat(
            problemType(
                http.send(
                    HttpRequest.newBuilder(uri).header("Authorization", unknown).GET().build(),
                    HttpResponse.BodyHandlers.ofString())))
        .endsWith("/unknown-key");
    Signer skewed = new Signer(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)));
    String late = skewed.authorization(key.accessKeyId(), key.secretKey(), "GET", uri, new byte[0]);
    assertThat(
            problemType(
                http.send(
                    HttpRequest.newBuilder(uri).header("Authorization", late).GET().build(),
                    HttpResponse.BodyHandlers.ofString())))
        .endsWith("/stale-timestamp");
  }

  @Test
  void aRequestAcceptedButNeverSplitIsPickedUpFromTheStore() throws Exception {
    // As if the process had died between the 202 and the split (local mode's in-memory hand-over).
    MessageStore store = platform.accessContext().getBean(MessageStore.class);
    String id = store.newMessageId();
    store.insertRequest(
        new NotificationRequest(
            id,
            "shop",
            "welcome",
            List.of(new Recipient("user", "bob")),
            List.of("inapp"),
            Map.of("name", "Late"),
            null,
            null,
            null,
            null,
            java.time.Instant.now().minusSeconds(120)));
    await()
        .atMost(Duration.ofSeconds(40))
        .untilAsserted(() -> assertThat(store.partsOf(id)).hasSize(1));
    assertThat(store.findMessage(id).orElseThrow().getString("state")).isEqualTo("split");
  }

  private static String problemType(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
    return JSON.readTree(r.body()).get("type").asText();
  }

  interface Call<T> {
    T run() throws Exception;
  }

  static <T> T unchecked(Call<T> c) {
    try {
      return c.run();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
