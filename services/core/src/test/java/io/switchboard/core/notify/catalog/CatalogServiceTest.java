package io.switchboard.core.notify.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.switchboard.crds.ChannelType;
import io.switchboard.crds.Template;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog from manifests and from the store, through the real driver. */
class CatalogServiceTest {

  static final Path LOCAL_EXAMPLES = Path.of("../../examples/local");

  private MongoServer server;
  private MongoClient client;
  private MongoDatabase db;
  private CatalogService service;

  @BeforeEach
  void start() {
    server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
    db = client.getDatabase("catalog-test");
  }

  @AfterEach
  void stop() {
    if (service != null) {
      service.stop();
    }
    client.close();
    server.shutdown();
  }

  @Test
  void readsTheLocalExampleSet() {
    Catalog catalog = ManifestReader.readFolder(LOCAL_EXAMPLES);
    assertThat(catalog.channels()).containsKeys("inapp", "email", "webhook");
    assertThat(catalog.channel("email").orElseThrow().getSpec().getType())
        .isEqualTo(ChannelType.EMAIL);
    assertThat(catalog.secretsOf(catalog.channel("email").orElseThrow()).orElseThrow())
        .containsKeys("username", "password");
    assertThat(catalog.template("welcome").orElseThrow().getSpec().getVariants()).hasSize(3);
    assertThat(catalog.application("demo-app").orElseThrow().getSpec().getAllowedTemplates())
        .containsExactly("welcome");
  }

  @Test
  void secretsDecodeFromDataAndStringData() throws Exception {
    String yaml =
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: s}
        data: {a: aGVsbG8=}
        stringData: {b: world}
        ---
        apiVersion: switchboard.io/v1alpha1
        kind: Channel
        metadata: {name: c}
        spec: {serverRef: x, type: slack, secretRef: {name: missing}}
        """;
    Catalog catalog =
        new ManifestReader()
            .read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test")
            .build();
    assertThat(catalog.secrets().get("s")).containsEntry("a", "hello").containsEntry("b", "world");
    assertThat(catalog.secretsOf(catalog.channel("c").orElseThrow())).isEmpty();
  }

  @Test
  void aBrokenManifestNamesItsFile(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("bad.yaml"),
        "apiVersion: switchboard.io/v1alpha1\nkind: Channel\nmetadata: {name: x}\nspec: {type: pigeon}\n");
    assertThatThrownBy(() -> ManifestReader.readFolder(dir)).hasMessageContaining("bad.yaml");
  }

  @Test
  void picksUpFolderAndStoreChangesWithoutARestartAndKeepsTheLastGoodOne(@TempDir Path dir)
      throws Exception {
    Files.copy(LOCAL_EXAMPLES.resolve("templates.yaml"), dir.resolve("templates.yaml"));
    CatalogStore store = new CatalogStore(db, Clock.systemUTC());
    service =
        new CatalogService(
            new CatalogService.NotifyCatalogConfig(dir.toString(), Duration.ofMillis(100)), store);
    assertThat(service.get().templates()).containsOnlyKeys("welcome");

    // The operator writes a template into the store; the store wins over the folder.
    Template fromStore = service.get().template("welcome").orElseThrow();
    fromStore.getSpec().setSubject("From the store");
    store.put(fromStore);
    store.putSecret("k", Map.of("secret", "v"));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(service.get().template("welcome").orElseThrow().getSpec().getSubject())
                  .isEqualTo("From the store");
              assertThat(service.get().secrets()).containsKey("k");
            });

    // A new file appears; then a broken one, which does not wipe what was there.
    Files.copy(LOCAL_EXAMPLES.resolve("channels.yaml"), dir.resolve("channels.yaml"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> service.get().channels().containsKey("webhook"));
    Files.writeString(
        dir.resolve("zz-broken.yaml"),
        "kind: Channel\napiVersion: switchboard.io/v1alpha1\nmetadata: {name: q}\nspec: [");
    service.refresh();
    assertThat(service.get().channels()).containsKey("webhook");

    assertThat(store.delete("Template", "welcome")).isTrue();
    Files.delete(dir.resolve("zz-broken.yaml"));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(service.get().template("welcome").orElseThrow().getSpec().getSubject())
                    .isEqualTo("Welcome, {{ name }}"));
  }
}
