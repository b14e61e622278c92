package io.switchboard.operator.it;

import static io.switchboard.operator.it.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoDatabase;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.switchboard.core.notify.quota.QuotaPeriods;
import io.switchboard.core.notify.quota.QuotaStore;
import io.switchboard.core.store.EmbeddedMongo;
import io.switchboard.crds.Channel;
import io.switchboard.crds.MessagingServer;
import io.switchboard.crds.QuotaPeriod;
import io.switchboard.crds.QuotaSpec;
import io.switchboard.crds.QuotaStatus;
import io.switchboard.operator.OperatorSettings;
import io.switchboard.operator.reconciler.ServerStores;
import io.switchboard.operator.status.Conditions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Channel's {@code status.quota} against Fabric8's mock API server and the embedded MongoDB-wire
 * server: the usage the routers count in {@code notify_quota} shows up, and is re-read on the
 * refresh interval without any Kubernetes event.
 */
@EnableKubernetesMockClient(crud = true)
class ChannelQuotaIT {

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
    catalog =
        new CatalogOperator(
            client,
            data,
            OperatorSettings.forMockServer().withQuotaRefreshInterval(Duration.ofMillis(300)));
    mongo = catalog.mongo;
    db = catalog.db;
    stores = catalog.stores;
    client
        .secrets()
        .inNamespace(NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("demo-mongodb-uri")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withStringData(Map.of("uri", mongo.connectionString()))
                .build())
        .create();
    create(
        """
        apiVersion: switchboard.io/v1alpha1
        kind: MessagingServer
        metadata: {name: demo}
        spec:
          domains: [chat.example.com]
          nats: {url: "nats://nats:4222"}
          mongodb:
            uriSecretRef: {name: demo-mongodb-uri}
            database: %s
        """
            .formatted(DATABASE),
        MessagingServer.class);
  }

  @AfterEach
  void stop() {
    catalog.close();
  }

  <T extends HasMetadata> void create(String yaml, Class<T> kind) {
    T resource = client.getKubernetesSerialization().unmarshal(yaml, kind);
    resource.getMetadata().setNamespace(NAMESPACE);
    client.resource(resource).create();
  }

  Channel channel(String name) {
    return client.resources(Channel.class).inNamespace(NAMESPACE).withName(name).get();
  }

  QuotaStatus quota(String name) {
    Channel c = channel(name);
    return c == null || c.getStatus() == null ? null : c.getStatus().getQuota();
  }

  static QuotaSpec spec(long limit) {
    QuotaSpec spec = new QuotaSpec();
    spec.setLimit(limit);
    spec.setPeriod(QuotaPeriod.HOUR);
    return spec;
  }

  @Test
  void theStatusShowsTheCountersAndFollowsThemWithoutAnEvent() {
    QuotaStore counters = new QuotaStore(db);
    for (int i = 0; i < 3; i++) {
      assertThat(counters.take("alerts", spec(10), Instant.now()).granted()).isTrue();
    }
    create(
        """
        apiVersion: switchboard.io/v1alpha1
        kind: Channel
        metadata: {name: alerts}
        spec:
          serverRef: demo
          type: inApp
          quota: {limit: 10, period: hour}
        """,
        Channel.class);

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              QuotaStatus quota = quota("alerts");
              assertThat(quota).isNotNull();
              assertThat(quota.getUsed()).isEqualTo(3);
              assertThat(quota.getLimit()).isEqualTo(10);
              assertThat(quota.getRemaining()).isEqualTo(7);
            });
    Instant start = QuotaPeriods.start(QuotaPeriod.HOUR, Instant.now());
    QuotaStatus shown = quota("alerts");
    assertThat(Instant.parse(shown.getPeriodStart())).isEqualTo(start);
    assertThat(Instant.parse(shown.getPeriodEnd()))
        .isEqualTo(QuotaPeriods.end(QuotaPeriod.HOUR, start));
    assertThat(Conditions.isTrue(channel("alerts").getStatus().getConditions(), Conditions.READY))
        .isTrue();

    // The routers count on; nothing changes in Kubernetes, the refresh picks it up.
    for (int i = 0; i < 7; i++) {
      counters.take("alerts", spec(10), Instant.now());
    }
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(quota("alerts").getUsed()).isEqualTo(10);
              assertThat(quota("alerts").getRemaining()).isZero();
            });
    assertThat(counters.take("alerts", spec(10), Instant.now()).granted()).isFalse();
  }

  @Test
  void takingTheQuotaOffTheSpecTakesItOffTheStatus() {
    create(
        """
        apiVersion: switchboard.io/v1alpha1
        kind: Channel
        metadata: {name: alerts}
        spec:
          serverRef: demo
          type: inApp
          quota: {limit: 5}
        """,
        Channel.class);
    await().atMost(TIMEOUT).until(() -> quota("alerts") != null);
    assertThat(quota("alerts").getUsed()).isZero();
    assertThat(quota("alerts").getRemaining()).isEqualTo(5);

    // The quota is taken off the spec: so is the usage from the status.
    OperatorHarness.edit(
        client,
        Channel.class,
        "alerts",
        c -> {
          c.getSpec().setQuota(null);
          return c;
        });
    await().atMost(TIMEOUT).until(() -> quota("alerts") == null);
    assertThat(Conditions.isTrue(channel("alerts").getStatus().getConditions(), Conditions.READY))
        .isTrue();
  }
}
