package io.switchboard.operator.it;

import static io.switchboard.operator.it.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.switchboard.core.notify.auth.SbHmacAuthorization;
import io.switchboard.core.notify.auth.Signer;
import io.switchboard.core.store.EmbeddedMongo;
import io.switchboard.crds.Application;
import io.switchboard.crds.Channel;
import io.switchboard.crds.Template;
import io.switchboard.operator.OperatorSettings;
import io.switchboard.operator.SwitchboardOperator;
import io.switchboard.operator.catalog.ApplicationKeys;
import io.switchboard.operator.model.MasterKey;
import io.switchboard.operator.reconciler.ServerStores;
import io.switchboard.operator.status.Conditions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator wired to a running local platform: a Channel (webhook), a Template and an
 * Application applied to the mock API server are reconciled into the platform's store, and a
 * request signed with the key the operator generated is delivered to a local webhook receiver,
 * without restarting the platform.
 *
 * <p>The platform runs in this JVM from its main classes (the access stage's application context,
 * as {@code switchboard run} starts it in local mode), because the operator module cannot see the
 * platform's test harness; its store is an embedded MongoDB-wire server over TCP, which the
 * MessagingServer names by a URI Secret exactly as an external MongoDB.
 */
@EnableKubernetesMockClient(crud = true)
class CatalogPlatformIT {

  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final String SIGNING_KEY = "hook-signing-key-0123";

  KubernetesClient client;
  @TempDir Path data;
  EmbeddedMongo mongo;
  EmbeddedServer platform;
  ServerStores stores;
  Operator operator;
  HttpServer receiver;
  final List<String> delivered = new CopyOnWriteArrayList<>();
  final List<String> badSignatures = new CopyOnWriteArrayList<>();
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          String authorization = ex.getRequestHeaders().getFirst("Authorization");
          if (authorization == null
              || !SbHmacAuthorization.parse(authorization)
                  .verify(
                      SIGNING_KEY,
                      "POST",
                      ex.getRequestURI().getRawPath(),
                      ex.getRequestURI().getRawQuery(),
                      body)) {
            badSignatures.add(String.valueOf(authorization));
          }
          delivered.add(new String(body, StandardCharsets.UTF_8));
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    receiver.start();

    mongo = EmbeddedMongo.start(data.resolve("store"), 0);
    String masterKey = MasterKey.generate(new SecureRandom());
    Map<String, Object> props = new HashMap<>();
    props.put("deployment.type", "local");
    props.put("switchboard.domain", "localhost");
    props.put("switchboard.data-dir", data.resolve("platform").toString());
    props.put("switchboard.node-id", "local-node");
    props.put("switchboard.admin.token", "test-admin-token-0123456789");
    props.put("switchboard.xmpp.port", 0);
    props.put("switchboard.xmpp.direct-tls-port", 0);
    props.put("micronaut.server.port", -1);
    props.put("micronaut.server.host", "127.0.0.1");
    props.put("switchboard.mongo.uri", mongo.connectionString());
    props.put("switchboard.api.master-key", masterKey);
    props.put("switchboard.notify.refresh-interval", "200ms");
    props.put("switchboard.notify.poll-interval", "100ms");
    platform = ApplicationContext.run(EmbeddedServer.class, props);

    // The cluster side: the server's MongoDB URI and master key Secrets, as a platform team (URI)
    // and the MessagingServer reconciler (master key) would have made them.
    OperatorHarness.registerCrds(client);
    createSecret("demo-mongodb-uri", Map.of("uri", mongo.connectionString()));
    createSecret("demo-api-master-key", Map.of(MasterKey.KEY, masterKey));
    create(
        """
        apiVersion: switchboard.io/v1alpha1
        kind: MessagingServer
        metadata: {name: demo}
        spec:
          domains: [localhost]
          nats: {url: "nats://nats:4222"}
          mongodb:
            uriSecretRef: {name: demo-mongodb-uri}
            database: switchboard
        """);
    stores = new ServerStores(Clock.systemUTC(), Duration.ofSeconds(3));
    operator =
        SwitchboardOperator.create(
            client,
            OperatorSettings.forMockServer(),
            new SimpleMeterRegistry(),
            Clock.systemUTC(),
            stores);
    operator.start();
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.stop();
    }
    if (stores != null) {
      stores.close();
    }
    if (platform != null) {
      platform.close();
    }
    if (mongo != null) {
      mongo.close();
    }
    receiver.stop(0);
  }

  void createSecret(String name, Map<String, String> values) {
    client
        .secrets()
        .inNamespace(NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withStringData(values)
                .build())
        .create();
  }

  void create(String yaml) {
    HasMetadata resource = client.getKubernetesSerialization().unmarshal(yaml, HasMetadata.class);
    resource.getMetadata().setNamespace(NAMESPACE);
    client.resource(resource).create();
  }

  boolean ready(Class<? extends HasMetadata> kind, String name) {
    HasMetadata r = client.resources(kind).inNamespace(NAMESPACE).withName(name).get();
    if (r instanceof Channel c && c.getStatus() != null) {
      return Conditions.isTrue(c.getStatus().getConditions(), Conditions.READY);
    }
    if (r instanceof Template t && t.getStatus() != null) {
      return Conditions.isTrue(t.getStatus().getConditions(), Conditions.READY);
    }
    if (r instanceof Application a && a.getStatus() != null) {
      return Conditions.isTrue(a.getStatus().getConditions(), Conditions.READY);
    }
    return false;
  }

  @Test
  void resourcesAppliedToTheApiServerBecomeUsableForSendingWithoutARestart() throws Exception {
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    createSecret("hook-secret", Map.of("signingKey", SIGNING_KEY));
    create(
        """
        apiVersion: switchboard.io/v1alpha1
        kind: Channel
        metadata: {name: hook}
        spec:
          serverRef: demo
          type: webhook
          endpoint: %s
          secretRef: {name: hook-secret}
        """
            .formatted(hook));
    create(
        """
        apiVersion: switchboard.io/v1alpha1
        kind: Template
        metadata: {name: welcome}
        spec:
          serverRef: demo
          subject: "Welcome {{ name }}"
          variables: [{name: name}]
          variants:
            - format: text
              body: "Hello {{ name }} from the operator"
        """);
    create(
        """
        apiVersion: switchboard.io/v1alpha1
        kind: Application
        metadata: {name: shop}
        spec:
          serverRef: demo
          allowedChannels: [hook]
          allowedTemplates: [welcome]
        """);
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                ready(Channel.class, "hook")
                    && ready(Template.class, "welcome")
                    && ready(Application.class, "shop"));

    Secret keySecret = client.secrets().inNamespace(NAMESPACE).withName("shop-api-key").get();
    ApplicationKeys.KeyPair pair = ApplicationKeys.read(keySecret).orElseThrow();
    Application shop =
        client.resources(Application.class).inNamespace(NAMESPACE).withName("shop").get();
    assertThat(shop.getStatus().getAccessKeyId()).isEqualTo(pair.accessKeyId());

    String body =
        """
        {"template":"welcome","recipients":[{"webhook":"%s"}],"channels":["hook"],
         "data":{"name":"Ann"}}
        """
            .formatted(hook);
    URI uri = platform.getURI().resolve("/api/v1/messages");
    Signer signer = new Signer(Clock.systemUTC());
    // The platform reads the store every 200 ms: until it has, the request may be refused.
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
              HttpResponse<String> r =
                  http.send(
                      HttpRequest.newBuilder(uri)
                          .header(
                              "Authorization",
                              signer.authorization(
                                  pair.accessKeyId(), pair.secretKey(), "POST", uri, bytes))
                          .header("Content-Type", "application/json")
                          .header("Idempotency-Key", "operator-it-1")
                          .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            });

    await().atMost(TIMEOUT).until(() -> !delivered.isEmpty());
    assertThat(delivered.get(0)).contains("Hello Ann from the operator");
    assertThat(badSignatures).isEmpty();
  }
}
