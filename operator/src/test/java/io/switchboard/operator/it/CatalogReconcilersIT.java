package io.switchboard.operator.it;

import static io.switchboard.operator.it.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoDatabase;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.switchboard.core.notify.apps.ApiKey;
import io.switchboard.core.notify.apps.ApiKeyStore;
import io.switchboard.core.notify.apps.SecretCipher;
import io.switchboard.core.notify.catalog.Catalog;
import io.switchboard.core.notify.catalog.CatalogStore;
import io.switchboard.core.store.EmbeddedMongo;
import io.switchboard.crds.Application;
import io.switchboard.crds.Channel;
import io.switchboard.crds.MessagingServer;
import io.switchboard.crds.SwitchboardApi;
import io.switchboard.crds.Template;
import io.switchboard.operator.OperatorSettings;
import io.switchboard.operator.catalog.CatalogResources;
import io.switchboard.operator.model.MasterKey;
import io.switchboard.operator.reconciler.ServerStores;
import io.switchboard.operator.status.Conditions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Channel, Template and Application reconcilers against Fabric8's mock API server (CRUD mode)
 * and a real MongoDB-wire server over TCP (the embedded one the services use): what lands in the
 * store, what the status says, and what deletion removes.
 */
@EnableKubernetesMockClient(crud = true)
class CatalogReconcilersIT {

  static final Duration TIMEOUT = Duration.ofSeconds(20);
  static final String DATABASE = CatalogOperator.DATABASE;

  KubernetesClient client;
  @TempDir Path data;
  EmbeddedMongo mongo;
  CatalogOperator catalog;
  MongoDatabase db;
  ServerStores stores;

  @BeforeEach
  void start() throws Exception {
    catalog = new CatalogOperator(client, data, OperatorSettings.forMockServer());
    mongo = catalog.mongo;
    db = catalog.db;
    stores = catalog.stores;
  }

  @AfterEach
  void stop() {
    catalog.close();
  }

  /** A MessagingServer whose MongoDB is the embedded one, by a URI Secret. */
  void createServer(String name) {
    create(
        new SecretBuilder()
            .withNewMetadata()
            .withName(name + "-mongodb-uri")
            .withNamespace(NAMESPACE)
            .endMetadata()
            .withStringData(Map.of("uri", mongo.connectionString()))
            .build());
    create(
        """
        apiVersion: switchboard.io/v1alpha1
        kind: MessagingServer
        metadata: {name: %s}
        spec:
          domains: [chat.example.com]
          nats: {url: "nats://nats:4222"}
          mongodb:
            uriSecretRef: {name: %s-mongodb-uri}
            database: %s
        """
            .formatted(name, name, DATABASE),
        MessagingServer.class);
  }

  <T extends HasMetadata> T create(String yaml, Class<T> kind) {
    T resource = client.getKubernetesSerialization().unmarshal(yaml, kind);
    resource.getMetadata().setNamespace(NAMESPACE);
    return client.resource(resource).create();
  }

  void create(Secret secret) {
    client.secrets().inNamespace(NAMESPACE).resource(secret).create();
  }

  Catalog stored() {
    return new CatalogStore(db, Clock.systemUTC()).read();
  }

  <R extends CustomResource<?, ?>> R get(Class<R> kind, String name) {
    return client.resources(kind).inNamespace(NAMESPACE).withName(name).get();
  }

  /** The Ready condition, or an empty one (no status, no reason) while there is none. */
  <R extends CustomResource<?, ?>> Condition ready(
      Class<R> kind, String name, Function<R, List<Condition>> conditions) {
    R r = get(kind, name);
    Condition ready =
        r == null || r.getStatus() == null
            ? null
            : Conditions.find(conditions.apply(r), Conditions.READY);
    return ready == null ? new Condition() : ready;
  }

  Condition channelReady(String name) {
    return ready(Channel.class, name, c -> c.getStatus().getConditions());
  }

  Condition templateReady(String name) {
    return ready(Template.class, name, t -> t.getStatus().getConditions());
  }

  Condition applicationReady(String name) {
    return ready(Application.class, name, a -> a.getStatus().getConditions());
  }

  List<String> eventReasons(String name) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(Event::getReason)
        .toList();
  }

  @Test
  void aChannelWaitsForItsSecretAndIsStoredWithIt() {
    createServer("demo");
    create(
        """
        apiVersion: switchboard.io/v1alpha1
        kind: Channel
        metadata: {name: hook}
        spec:
          serverRef: demo
          type: webhook
          endpoint: https://hooks.example.com/in
          secretRef: {name: hook-secret}
        """,
        Channel.class);

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Condition ready = channelReady("hook");
              assertThat(ready.getStatus()).isEqualTo("False");
              assertThat(ready.getReason()).isEqualTo("SecretNotFound");
            });
    assertThat(stored().channel("hook")).isEmpty();
    assertThat(get(Channel.class, "hook").getMetadata().getFinalizers())
        .contains("channels.switchboard.io/finalizer");

    // The Secret appears later: the Secret informer makes the Channel ready, no retry needed.
    create(
        new SecretBuilder()
            .withNewMetadata()
            .withName("hook-secret")
            .withNamespace(NAMESPACE)
            .endMetadata()
            .withStringData(Map.of("signingKey", "k-0123456789"))
            .build());
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Condition ready = channelReady("hook");
              assertThat(ready.getStatus()).isEqualTo("True");
              assertThat(ready.getReason()).isEqualTo("Stored");
              assertThat(ready.getObservedGeneration()).isEqualTo(1L);
            });
    Catalog catalog = stored();
    assertThat(catalog.channel("hook").orElseThrow().getSpec().getEndpoint())
        .isEqualTo("https://hooks.example.com/in");
    assertThat(catalog.secrets().get("hook-secret")).containsEntry("signingKey", "k-0123456789");
    assertThat(get(Channel.class, "hook").getStatus().getObservedGeneration()).isEqualTo(1L);
    assertThat(eventReasons("hook")).contains("SecretNotFound", "Stored");

    // Deleting removes the Channel and its (no longer used) Secret values from the store.
    client.resource(get(Channel.class, "hook")).delete();
    await().atMost(TIMEOUT).until(() -> get(Channel.class, "hook") == null);
    assertThat(stored().channel("hook")).isEmpty();
    assertThat(stored().secrets()).doesNotContainKey("hook-secret");
  }

  @Test
  void aChannelOfAMissingServerIsNotReadyUntilTheServerExists() {
    create(
        """
        apiVersion: switchboard.io/v1alpha1
        kind: Channel
        metadata: {name: inapp}
        spec: {serverRef: later, type: inApp}
        """,
        Channel.class);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> assertThat(channelReady("inapp").getReason()).isEqualTo("ServerNotFound"));

    createServer("later");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(channelReady("inapp").getStatus()).isEqualTo("True"));
    assertThat(stored().channel("inapp")).isPresent();
    assertThat(stores.isOpen(NAMESPACE, "later")).isTrue();
  }

  @Test
  void anInvalidChannelIsRefusedWithTheProblem() {
    createServer("demo");
    create(
        """
        apiVersion: switchboard.io/v1alpha1
        kind: Channel
        metadata: {name: mail}
        spec: {serverRef: demo, type: email, endpoint: "smtp.example.com:25"}
        """,
        Channel.class);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Condition ready = channelReady("mail");
              assertThat(ready.getReason()).isEqualTo("InvalidSpec");
              assertThat(ready.getMessage())
                  .isEqualTo("spec.settings.from is required for an email channel");
            });
    assertThat(stored().channel("mail")).isEmpty();
  }

  @Test
  void aTemplateWithASyntaxErrorReportsItsLineAndAFixedOneIsStored() {
    createServer("demo");
    create(
        """
        apiVersion: switchboard.io/v1alpha1
        kind: Template
        metadata: {name: welcome}
        spec:
          serverRef: demo
          variables: [{name: name}]
          variants:
            - format: text
              body: "Hello {{ name }}"
            - format: markdown
              channel: slack
              body: |
                first line
                {{ name }
        """,
        Template.class);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Condition ready = templateReady("welcome");
              assertThat(ready.getStatus()).isEqualTo("False");
              assertThat(ready.getReason()).isEqualTo("TemplateInvalid");
            });
    Template invalid = get(Template.class, "welcome");
    assertThat(invalid.getStatus().getError().getVariant()).isEqualTo(1);
    assertThat(invalid.getStatus().getError().getLine()).isEqualTo(2);
    assertThat(invalid.getStatus().getError().getMessage()).startsWith("variants[1].body");
    assertThat(stored().template("welcome")).isEmpty();
    assertThat(eventReasons("welcome")).contains("TemplateInvalid");

    OperatorHarness.edit(
        client,
        Template.class,
        "welcome",
        t -> {
          t.getSpec().getVariants().get(1).setBody("first line\n{{ name }}\n");
          return t;
        });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(templateReady("welcome").getStatus()).isEqualTo("True"));
    assertThat(get(Template.class, "welcome").getStatus().getError()).isNull();
    assertThat(stored().template("welcome").orElseThrow().getSpec().getVariants()).hasSize(2);

    client.resource(get(Template.class, "welcome")).delete();
    await().atMost(TIMEOUT).until(() -> get(Template.class, "welcome") == null);
    assertThat(stored().template("welcome")).isEmpty();
  }

  @Test
  void anApplicationGetsAStableKeyInAnOwnedSecretThatTheStoreDecrypts() {
    createServer("demo");
    create(
        """
        apiVersion: switchboard.io/v1alpha1
        kind: Application
        metadata: {name: shop}
        spec: {serverRef: demo, displayName: Shop, allowedChannels: [inapp]}
        """,
        Application.class);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(applicationReady("shop").getStatus()).isEqualTo("True"));
    Application app = get(Application.class, "shop");
    String accessKeyId = app.getStatus().getAccessKeyId();
    assertThat(accessKeyId).startsWith("SB");
    assertThat(app.getStatus().getSecretName()).isEqualTo("shop-api-key");

    Secret keySecret = client.secrets().inNamespace(NAMESPACE).withName("shop-api-key").get();
    assertThat(CatalogResources.ownedBy(keySecret, app)).isTrue();
    String secretKey =
        io.switchboard.operator.catalog.ApplicationKeys.read(keySecret).orElseThrow().secretKey();
    Secret master = client.secrets().inNamespace(NAMESPACE).withName("demo-api-master-key").get();
    assertThat(master.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(r -> assertThat(r.getKind()).isEqualTo("MessagingServer"));

    // The services' store, opened with the server's master key, decrypts the same secret key.
    ApiKeyStore keys =
        new ApiKeyStore(
            db, new SecretCipher(MasterKey.read(master).orElseThrow()), Clock.systemUTC());
    ApiKey key = keys.find(accessKeyId).orElseThrow();
    assertThat(key.secretKey()).isEqualTo(secretKey);
    assertThat(key.application()).isEqualTo("shop");
    assertThat(stored().application("shop").orElseThrow().getSpec().getAllowedChannels())
        .containsExactly("inapp");

    // A change to the spec re-reconciles; the key stays.
    OperatorHarness.edit(
        client,
        Application.class,
        "shop",
        a -> {
          a.getSpec().setDisplayName("Web shop");
          return a;
        });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(stored().application("shop").orElseThrow().getSpec().getDisplayName())
                    .isEqualTo("Web shop"));
    assertThat(get(Application.class, "shop").getStatus().getAccessKeyId()).isEqualTo(accessKeyId);
    assertThat(keys.list()).extracting(ApiKey::accessKeyId).containsExactly(accessKeyId);

    // Deleting removes its keys and the Application from the store.
    client.resource(get(Application.class, "shop")).delete();
    await().atMost(TIMEOUT).until(() -> get(Application.class, "shop") == null);
    assertThat(keys.list()).isEmpty();
    assertThat(stored().application("shop")).isEmpty();
  }

  @Test
  void pausedResourcesAreLeftAloneAndResumeWhenTheAnnotationGoes() {
    createServer("demo");
    Template paused =
        create(
            """
            apiVersion: switchboard.io/v1alpha1
            kind: Template
            metadata:
              name: quiet
              annotations: {"switchboard.io/pause-reconciliation": "true"}
            spec:
              serverRef: demo
              variants: [{format: text, body: hi}]
            """,
            Template.class);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Template t = get(Template.class, "quiet");
              assertThat(t.getStatus()).isNotNull();
              assertThat(Conditions.isTrue(t.getStatus().getConditions(), Conditions.PAUSED))
                  .isTrue();
            });
    assertThat(stored().template("quiet")).isEmpty();
    assertThat(paused.getMetadata().getName()).isEqualTo("quiet");

    OperatorHarness.edit(
        client,
        Template.class,
        "quiet",
        t -> {
          t.getMetadata().getAnnotations().remove(SwitchboardApi.PAUSE_ANNOTATION);
          return t;
        });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Template t = get(Template.class, "quiet");
              assertThat(Conditions.find(t.getStatus().getConditions(), Conditions.PAUSED))
                  .isNull();
              assertThat(templateReady("quiet").getStatus()).isEqualTo("True");
            });
    assertThat(stored().template("quiet")).isPresent();
    assertThat(eventReasons("quiet")).contains("ReconciliationPaused", "ReconciliationResumed");
  }
}
