package io.switchboard.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.switchboard.core.notify.apps.ApiKey;
import io.switchboard.core.notify.auth.Signer;
import io.switchboard.core.notify.message.MessageStore;
import io.switchboard.core.notify.message.NotificationRequest;
import io.switchboard.core.notify.message.Recipient;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.json.packet.JsonPacketExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notification center end to end, over the signed API: one request to three users over in-app,
 * e-mail and webhook — a headline live and at login, the inbox, mail with text and HTML parts in a
 * real SMTP server (GreenMail), a signed webhook that answers 503 once and is retried; a part that
 * fails for good and one that runs out of attempts, listed and replayed; signed status callbacks in
 * status order per part; idempotency and the signature's refusals.
 */
abstract class NotificationScenarios {

  static final String WEBHOOK_SECRET = "webhook-signing-key-0123";
  static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final GreenMailExtension MAIL =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(
              GreenMailConfiguration.aConfig()
                  .withUser("notify@example.org", "notify", "smtp-s3cret"));

  @TempDir Path config;
  TestPlatform platform;
  WebhookReceiver receiver;
  ApiKey key;
  NotifyApi api;
  final HttpClient http = HttpClient.newHttpClient();
  final Signer signer = new Signer(Clock.systemUTC());

  abstract TestPlatform.Mode mode();

  @BeforeEach
  void start() throws Exception {
    receiver = WebhookReceiver.start(WEBHOOK_SECRET);
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
        metadata: {name: email}
        spec:
          serverRef: t
          type: email
          endpoint: 127.0.0.1:%d
          settings: {from: "Shop <notify@example.org>", starttls: "true"}
          secretRef: {name: email-secret}
          retry: {maxAttempts: 4, initialBackoff: 200ms, maxBackoff: 1s}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: email-secret}
        stringData: {username: notify, password: smtp-s3cret}
        ---
        apiVersion: switchboard.io/v1alpha1
        kind: Channel
        metadata: {name: webhook}
        spec:
          serverRef: t
          type: webhook
          endpoint: %s
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
            - channel: email
              format: markdown
              body: "# Hello {{ name }}\n\nYour order is **ready**."
        ---
        apiVersion: switchboard.io/v1alpha1
        kind: Application
        metadata: {name: shop}
        spec:
          serverRef: t
          callbackUrl: %s
        """
            .formatted(
                MAIL.getSmtp().getPort(),
                receiver.url("/hook"),
                WEBHOOK_SECRET,
                receiver.url(WebhookReceiver.CALLBACKS)));
    platform =
        TestPlatform.start(
            mode(),
            Map.of(
                "switchboard.notify.config-dir",
                config.toString(),
                "switchboard.notify.poll-interval",
                "100ms"));
    api = new NotifyApi(platform);
    platform.createUser("alice", "alice-secret");
    platform.createUser("bob", "bob-secret");
    platform.createUser("carol", "carol-secret");
    // Channel addresses and the key pair, through the admin API as an operator would make them.
    putAddresses("alice", "{\"email\":\"alice@example.org\"}");
    putAddresses(
        "carol",
        "{\"email\":\"carol@example.org\",\"webhook\":\"" + receiver.url("/carol") + "\"}");
    key = api.newKey("shop");
    receiver.applicationKey(key);
  }

  @AfterEach
  void stop() {
    if (platform != null) {
      platform.close();
    }
    receiver.close();
  }

  private void putAddresses(String user, String json) throws Exception {
    api.admin("PUT", "/admin/v1/users/" + user + "/addresses", json, 204);
  }

  HttpResponse<String> call(String method, String pathAndQuery, String body, String idempotencyKey)
      throws Exception {
    return api.call(key, method, pathAndQuery, body, idempotencyKey);
  }

  /** Sends a request and returns the message id from the 202. */
  String accept(String body) throws Exception {
    HttpResponse<String> accepted = call("POST", "/api/v1/messages", body, null);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    return JSON.readTree(accepted.body()).get("id").asText();
  }

  /** The message with its parts, as the API shows it. */
  JsonNode message(String id) throws Exception {
    return api.message(key, id);
  }

  static Map<String, String> statuses(JsonNode message) {
    return NotifyApi.statuses(message);
  }

  static List<String> statusHistory(JsonNode part) {
    return NotifyApi.statusHistory(part);
  }

  /** Every part's callbacks arrive, signed, one per status change and in the history's order. */
  void awaitCallbacksInStatusOrder(String messageId) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              for (JsonNode p : message(messageId).get("parts")) {
                assertThat(receiver.callbackStatuses(p.get("id").asText()))
                    .as("callbacks of %s", p.get("id").asText())
                    .containsExactlyElementsOf(statusHistory(p));
              }
            });
    assertThat(receiver.badSignatures()).isEmpty();
  }

  @Test
  void oneRequestToThreeUsersReachesThemInAppByEmailAndWebhookAndReportsBack() throws Exception {
    List<Message> atAlice = Collections.synchronizedList(new ArrayList<>());
    XMPPTCPConnection alice =
        SmackClients.connect(platform, "alice", "alice-secret", "phone", "SCRAM-SHA-256");
    alice.addSyncStanzaListener(m -> atAlice.add((Message) m), MessageTypeFilter.HEADLINE);
    alice.login();
    await().atMost(Duration.ofSeconds(10)).until(alice::isAuthenticated);
    // Carol's webhook answers 503 once: retried, then delivered.
    receiver.answer("/carol", n -> n == 1 ? 503 : 200);
    String body =
        """
        {"template":"welcome","recipients":["alice","bob","carol"],
         "channels":["inapp","email","webhook"],"data":{"name":"Ann"}}
        """;

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

    // One part per user per channel they have an address for; bob has none but in-app.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(statuses(message(id)))
                    .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                            "alice/inapp", "sent",
                            "alice/email", "delivered",
                            "bob/inapp", "pending",
                            "carol/inapp", "pending",
                            "carol/email", "delivered",
                            "carol/webhook", "delivered")));

    // The webhook: signed, 503 then 200 for the same part.
    List<WebhookReceiver.Delivery> atCarol = receiver.deliveriesTo("/carol");
    assertThat(atCarol).extracting(WebhookReceiver.Delivery::answered).containsExactly(503, 200);
    assertThat(atCarol.get(0).partId()).isEqualTo(atCarol.get(1).partId()).startsWith(id);

    // The e-mails, in a real SMTP server: one each for alice and carol, with text and HTML.
    assertThat(MAIL.waitForIncomingEmail(20_000, 2)).isTrue();
    MimeMessage[] mails = MAIL.getReceivedMessages();
    assertThat(mails).hasSize(2);
    List<String> to = new ArrayList<>();
    for (MimeMessage mail : mails) {
      to.add(mail.getAllRecipients()[0].toString());
      assertThat(mail.getSubject()).isEqualTo("Welcome Ann");
      assertThat(((InternetAddress) mail.getFrom()[0]).getAddress())
          .isEqualTo("notify@example.org");
      Map<String, String> parts = mailParts(mail);
      assertThat(parts.get("text/plain")).contains("# Hello Ann").contains("**ready**");
      assertThat(parts.get("text/html"))
          .contains("<h1>Hello Ann</h1>")
          .contains("<strong>ready</strong>");
    }
    assertThat(to).containsExactlyInAnyOrder("alice@example.org", "carol@example.org");

    // Bob was offline: the part waits, then comes at login, and is in his inbox.
    List<Message> atBob = Collections.synchronizedList(new ArrayList<>());
    XMPPTCPConnection bob =
        SmackClients.connect(platform, "bob", "bob-secret", "laptop", "SCRAM-SHA-256");
    bob.addSyncStanzaListener(m -> atBob.add((Message) m), MessageTypeFilter.HEADLINE);
    bob.login();
    await().atMost(Duration.ofSeconds(20)).until(() -> !atBob.isEmpty());
    assertThat(atBob.get(0).getBody()).isEqualTo("Hello Ann");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(statuses(message(id))).containsEntry("bob/inapp", "sent"));
    JsonNode inbox = JSON.readTree(call("GET", "/api/v1/users/bob/inbox", null, null).body());
    assertThat(inbox.get("unread").asLong()).isEqualTo(1);
    JsonNode item = inbox.get("items").get(0);
    assertThat(item.toString()).contains("Hello Ann");
    String entry = item.get("id").asText();
    assertThat(call("POST", "/api/v1/users/bob/inbox/" + entry + "/read", null, null).statusCode())
        .isEqualTo(200);
    assertThat(
            JSON.readTree(call("GET", "/api/v1/users/bob/inbox", null, null).body())
                .get("unread")
                .asLong())
        .isZero();

    // Callbacks: signed, and per part in status order.
    awaitCallbacksInStatusOrder(id);
    JsonNode carolHook = findPart(message(id), "carol", "webhook");
    assertThat(statusHistory(carolHook))
        .containsExactly("pending", "queued", "retrying", "delivered");
    assertThat(statusHistory(findPart(message(id), "bob", "inapp")))
        .containsExactly("pending", "sent", "read");
    assertThat(receiver.badSignatures()).isEmpty();

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
  void partsThatFailForGoodOrRunOutOfAttemptsAreListedReplayedAndDelivered() throws Exception {
    // Two receivers that refuse until they are fixed: one for good (410), one for now (503).
    AtomicBoolean fixed = new AtomicBoolean();
    receiver.answer("/gone", n -> fixed.get() ? 200 : 410);
    receiver.answer("/down", n -> fixed.get() ? 200 : 503);
    String id =
        accept(
            """
            {"template":"welcome","recipients":[{"webhook":"%s"},{"webhook":"%s"}],
             "channels":["webhook"],"data":{"name":"Dee"}}
            """
                .formatted(receiver.url("/gone"), receiver.url("/down")));

    // 410 fails the part at once; 503 is retried until the Channel's 4 attempts are used up.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(statuses(message(id)))
                    .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                            "webhook:" + receiver.url("/gone") + "/webhook", "failed",
                            "webhook:" + receiver.url("/down") + "/webhook", "dead")));
    assertThat(receiver.deliveriesTo("/gone")).hasSize(1);
    assertThat(receiver.deliveriesTo("/down")).hasSize(4);
    JsonNode dead = onlyPart("dead");
    JsonNode failed = onlyPart("failed");
    assertThat(dead.get("recipient").asText()).isEqualTo("webhook:" + receiver.url("/down"));
    assertThat(dead.get("attempts").asInt()).isEqualTo(4);
    assertThat(failed.get("recipient").asText()).isEqualTo("webhook:" + receiver.url("/gone"));

    // Only dead and failed parts are replayed.
    String deadId = dead.get("id").asText();
    String failedId = failed.get("id").asText();
    fixed.set(true);
    for (String part : List.of(deadId, failedId)) {
      HttpResponse<String> replayed = call("POST", "/api/v1/parts/" + part + "/replay", null, null);
      assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(202);
      assertThat(JSON.readTree(replayed.body()).get("status").asText()).isEqualTo("queued");
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(statuses(message(id)).values()).containsOnly("delivered"));
    HttpResponse<String> again = call("POST", "/api/v1/parts/" + deadId + "/replay", null, null);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(problemType(again)).endsWith("/not-replayable");
    assertThat(
            JSON.readTree(call("GET", "/api/v1/parts?status=dead", null, null).body()).get("items"))
        .isEmpty();

    // Each part reached its receiver once after the replay, and its callbacks came in order.
    assertThat(receiver.acceptedPerPart())
        .containsOnly(Map.entry(deadId, 1L), Map.entry(failedId, 1L));
    awaitCallbacksInStatusOrder(id);
    JsonNode m = message(id);
    assertThat(statusHistory(findPart(m, "webhook:" + receiver.url("/gone"), "webhook")))
        .containsExactly("pending", "queued", "failed", "queued", "delivered");
    assertThat(statusHistory(findPart(m, "webhook:" + receiver.url("/down"), "webhook")))
        .containsExactly(
            "pending", "queued", "retrying", "retrying", "retrying", "dead", "queued", "delivered");
    assertThat(receiver.badSignatures()).isEmpty();
  }

  /** The one part of this application in a state, as {@code GET /api/v1/parts} lists it. */
  private JsonNode onlyPart(String status) throws Exception {
    HttpResponse<String> r = call("GET", "/api/v1/parts?status=" + status, null, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode items = JSON.readTree(r.body()).get("items");
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  static JsonNode findPart(JsonNode message, String recipient, String channel) {
    for (JsonNode p : message.get("parts")) {
      if (p.get("recipient").asText().equals(recipient)
          && p.get("channel").asText().equals(channel)) {
        return p;
      }
    }
    throw new AssertionError("no part " + recipient + "/" + channel + " in " + message);
  }

  private static Map<String, String> mailParts(MimeMessage message) throws Exception {
    assertThat(message.getContentType()).startsWith("multipart/alternative");
    Multipart multipart = (Multipart) message.getContent();
    Map<String, String> byType = new HashMap<>();
    for (int i = 0; i < multipart.getCount(); i++) {
      BodyPart p = multipart.getBodyPart(i);
      byType.put(
          new ContentType(p.getContentType()).getBaseType().toLowerCase(Locale.ROOT),
          ((String) p.getContent()).replace("\r\n", "\n"));
    }
    return byType;
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
        .untilAsserted(
            () -> {
              // The splitter stores the parts first and marks the request split after them.
              assertThat(store.partsOf(id)).hasSize(1);
              assertThat(store.findMessage(id).orElseThrow().getString("state")).isEqualTo("split");
            });
  }

  static String problemType(HttpResponse<String> r) throws Exception {
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
