package io.switchboard.operator.it;

import static io.switchboard.operator.it.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.switchboard.crds.MessagingServer;
import io.switchboard.crds.MessagingServerSpec;
import io.switchboard.crds.NatsSpec;
import io.switchboard.crds.StageSpec;
import io.switchboard.crds.StagesSpec;
import io.switchboard.crds.SwitchboardApi;
import io.switchboard.operator.model.AdminToken;
import io.switchboard.operator.model.ServerResources;
import io.switchboard.operator.model.ServiceConfiguration;
import io.switchboard.operator.model.Stage;
import io.switchboard.operator.status.Conditions;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The MessagingServer reconciler against Fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class MessagingServerIT {

  static final Duration TIMEOUT = Duration.ofSeconds(20);

  KubernetesClient client;
  OperatorHarness harness;

  @BeforeEach
  void startOperator() throws Exception {
    harness = new OperatorHarness(client);
  }

  @AfterEach
  void stopOperator() {
    harness.close();
  }

  @Test
  void minimalExampleBecomesTheExpectedObjects() throws Exception {
    MessagingServer server = harness.createExample("messagingserver-minimal.yaml");
    harness.awaitDeployments("demo");
    await().atMost(TIMEOUT).until(() -> statusCondition("demo", Conditions.READY) != null);

    ConfigMap config = client.configMaps().inNamespace(NAMESPACE).withName("demo-config").get();
    String shared = config.getData().get("application.properties");
    assertThat(shared)
        .contains("deployment.type=distributed")
        .contains("switchboard.domain=chat.example.com")
        .contains("switchboard.nats.url=nats://demo-nats.test.svc:4222")
        .doesNotContain("switchboard.mongo.uri");
    assertThat(config.getData().get("router.properties"))
        .contains("switchboard.stages.router.enabled=true")
        .contains("switchboard.stages.access.enabled=false");
    String checksum = ServiceConfiguration.checksum(config.getData());

    for (Stage stage : Stage.values()) {
      Deployment d = harness.deployment("demo", stage);
      assertOwned(d, server);
      assertThat(d.getSpec().getReplicas()).isEqualTo(1);
      assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
          .containsEntry(ServerResources.CONFIG_CHECKSUM_ANNOTATION, checksum);
      Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(c.getEnv())
          .anySatisfy(
              e -> {
                assertThat(e.getName()).isEqualTo("SWITCHBOARD_ROLE");
                assertThat(e.getValue()).isEqualTo(stage.role());
              });
      assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
      assertThat(c.getPorts())
          .anySatisfy(
              p -> {
                assertThat(p.getName()).isEqualTo("http");
                assertThat(p.getContainerPort()).isEqualTo(8080);
              });
      assertOwned(service("demo-" + stage.role()), server);
      assertOwned(
          client
              .policy()
              .v1()
              .podDisruptionBudget()
              .inNamespace(NAMESPACE)
              .withName("demo-" + stage.role())
              .get(),
          server);
    }
    // One admin token for the server, in a Secret it owns, given to the access stage.
    Secret adminToken = client.secrets().inNamespace(NAMESPACE).withName("demo-admin-token").get();
    assertOwned(adminToken, server);
    assertThat(AdminToken.read(adminToken)).hasValueSatisfying(t -> assertThat(t).hasSize(64));
    assertThat(
            harness
                .deployment("demo", Stage.ACCESS)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo(AdminToken.ENV);
              assertThat(e.getValueFrom().getSecretKeyRef().getName())
                  .isEqualTo("demo-admin-token");
            });
    assertThat(service("demo-xmpp").getSpec().getPorts().get(0).getPort()).isEqualTo(5222);
    assertThat(service("demo-http").getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(service("demo-xmpps")).isNull();
    assertThat(
            client
                .autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace(NAMESPACE)
                .list()
                .getItems())
        .isEmpty();
    assertThat(client.network().v1().ingresses().inNamespace(NAMESPACE).list().getItems())
        .isEmpty();
    assertThat(client.network().v1().networkPolicies().inNamespace(NAMESPACE).list().getItems())
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("demo-stages", "demo-access", "demo-nats", "demo-mongodb");
    StatefulSet nats =
        client.apps().statefulSets().inNamespace(NAMESPACE).withName("demo-nats").get();
    assertOwned(nats, server);
    assertThat(nats.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .contains("--jetstream");
    StatefulSet mongo =
        client.apps().statefulSets().inNamespace(NAMESPACE).withName("demo-mongodb").get();
    assertThat(
            mongo.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests())
        .containsKey("storage");

    MessagingServer reconciled = harness.server("demo");
    assertThat(reconciled.getStatus().getObservedGeneration())
        .isEqualTo(reconciled.getMetadata().getGeneration());
    assertThat(statusCondition("demo", Conditions.READY).getReason())
        .isEqualTo("WaitingForReplicas");
    assertThat(statusCondition("demo", Conditions.PROGRESSING).getStatus()).isEqualTo("True");
    assertThat(statusCondition("demo", Conditions.DEGRADED).getStatus()).isEqualTo("False");
    assertThat(reconciled.getStatus().getEndpoints().getXmpp())
        .isEqualTo("demo-xmpp.test.svc:5222");
    assertThat(events("demo")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Created"));
  }

  @Test
  void readyOnceEveryDeploymentReportsItsReplicas() throws Exception {
    harness.createExample("messagingserver-minimal.yaml");
    harness.awaitDeployments("demo");
    await().atMost(TIMEOUT).until(() -> statusCondition("demo", Conditions.READY) != null);
    assertThat(statusCondition("demo", Conditions.READY).getStatus()).isEqualTo("False");

    harness.markReady("demo");

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(statusCondition("demo", Conditions.READY).getStatus()).isEqualTo("True");
              assertThat(statusCondition("demo", Conditions.PROGRESSING).getStatus())
                  .isEqualTo("False");
            });
    MessagingServer server = harness.server("demo");
    assertThat(server.getStatus().getStages()).hasSize(4);
    assertThat(server.getStatus().getStages().get("router").getReadyReplicas()).isEqualTo(1);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(events("demo"))
                    .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Ready")));
  }

  @Test
  void scalingOneStageChangesOnlyThatDeployment() throws Exception {
    harness.createExample("messagingserver-minimal.yaml");
    harness.awaitDeployments("demo");
    await().atMost(TIMEOUT).until(() -> statusCondition("demo", Conditions.READY) != null);
    Map<Stage, String> versions = resourceVersions();
    String configVersion = configMap().getMetadata().getResourceVersion();

    editSpec(
        "demo",
        s -> {
          StagesSpec stages = s.getStages() != null ? s.getStages() : new StagesSpec();
          StageSpec parser = new StageSpec();
          parser.setReplicas(3);
          stages.setParser(parser);
          s.setStages(stages);
        });

    await()
        .atMost(TIMEOUT)
        .until(() -> harness.deployment("demo", Stage.PARSER).getSpec().getReplicas() == 3);
    String parserVersion =
        harness.deployment("demo", Stage.PARSER).getMetadata().getResourceVersion();
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              Map<Stage, String> now = resourceVersions();
              for (Stage stage : Stage.values()) {
                if (stage != Stage.PARSER) {
                  assertThat(now.get(stage)).as(stage.role()).isEqualTo(versions.get(stage));
                }
              }
              assertThat(configMap().getMetadata().getResourceVersion()).isEqualTo(configVersion);
              Deployment parser = harness.deployment("demo", Stage.PARSER);
              assertThat(parser.getMetadata().getResourceVersion())
                  .as("the scaled Deployment is written once, not again and again")
                  .isEqualTo(parserVersion);
              assertThat(parser.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
            });
    await()
        .atMost(TIMEOUT)
        .until(
            () -> harness.server("demo").getStatus().getStages().get("parser").getReplicas() == 3);
  }

  @Test
  void configurationChangeChangesTheChecksum() throws Exception {
    harness.createExample("messagingserver-minimal.yaml");
    harness.awaitDeployments("demo");
    String before = checksum(Stage.ROUTER);

    editSpec("demo", s -> s.setConfig(Map.of("switchboard.xmpp.max-stanza-bytes", "65536")));

    await().atMost(TIMEOUT).until(() -> !checksum(Stage.ROUTER).equals(before));
    assertThat(configMap().getData().get("application.properties"))
        .contains("switchboard.xmpp.max-stanza-bytes=65536");
    String after = ServiceConfiguration.checksum(configMap().getData());
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              for (Stage stage : Stage.values()) {
                assertThat(checksum(stage)).isEqualTo(after);
              }
            });
  }

  @Test
  void deletedDeploymentIsRecreated() throws Exception {
    harness.createExample("messagingserver-minimal.yaml");
    harness.awaitDeployments("demo");
    String uid = harness.deployment("demo", Stage.ROUTER).getMetadata().getUid();

    client.apps().deployments().inNamespace(NAMESPACE).withName("demo-router").delete();

    await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              Deployment d = harness.deployment("demo", Stage.ROUTER);
              return d != null && !d.getMetadata().getUid().equals(uid);
            });
  }

  @Test
  void invalidSpecIsDegradedWithAReason() throws Exception {
    MessagingServer server = harness.createExample("messagingserver-minimal.yaml");
    // The schema's CEL rule refuses this on a real API server; the mock server has no CEL, so
    // the operator's own check must catch it.
    editSpec("demo", s -> s.getNats().setUrl("nats://elsewhere:4222"));
    assertThat(server).isNotNull();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              var degraded = statusCondition("demo", Conditions.DEGRADED);
              assertThat(degraded).isNotNull();
              assertThat(degraded.getStatus()).isEqualTo("True");
              assertThat(degraded.getReason()).isEqualTo("InvalidSpec");
              assertThat(degraded.getMessage()).contains("spec.nats");
              assertThat(statusCondition("demo", Conditions.READY).getStatus()).isEqualTo("False");
            });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(events("demo"))
                    .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("InvalidSpec")));

    editSpec(
        "demo",
        s -> {
          NatsSpec nats = s.getNats();
          nats.setUrl(null);
        });
    await()
        .atMost(TIMEOUT)
        .until(() -> "False".equals(statusCondition("demo", Conditions.DEGRADED).getStatus()));
  }

  @Test
  void pauseAndResume() throws Exception {
    harness.createExample("messagingserver-minimal.yaml");
    harness.awaitDeployments("demo");
    OperatorHarness.edit(
        client,
        MessagingServer.class,
        "demo",
        s -> {
          s.getMetadata().getAnnotations().put(SwitchboardApi.PAUSE_ANNOTATION, "true");
          return s;
        });
    await().atMost(TIMEOUT).until(() -> statusCondition("demo", Conditions.PAUSED) != null);

    editSpec(
        "demo",
        s -> {
          StagesSpec stages = new StagesSpec();
          StageSpec router = new StageSpec();
          router.setReplicas(2);
          stages.setRouter(router);
          s.setStages(stages);
        });
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(() -> harness.deployment("demo", Stage.ROUTER).getSpec().getReplicas() == 1);

    OperatorHarness.edit(
        client,
        MessagingServer.class,
        "demo",
        s -> {
          s.getMetadata().getAnnotations().remove(SwitchboardApi.PAUSE_ANNOTATION);
          return s;
        });
    await()
        .atMost(TIMEOUT)
        .until(() -> harness.deployment("demo", Stage.ROUTER).getSpec().getReplicas() == 2);
    await().atMost(TIMEOUT).until(() -> statusCondition("demo", Conditions.PAUSED) == null);
  }

  @Test
  void productionExampleBecomesAutoscaledTlsAndIngress() throws Exception {
    MessagingServer server = harness.createExample("messagingserver-production.yaml");
    harness.awaitDeployments("production");

    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client
                        .autoscaling()
                        .v2()
                        .horizontalPodAutoscalers()
                        .inNamespace(NAMESPACE)
                        .list()
                        .getItems()
                        .size()
                    == 2);
    HorizontalPodAutoscaler hpa =
        client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace(NAMESPACE)
            .withName("production-access")
            .get();
    assertOwned(hpa, server);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("production-access");
    assertThat(harness.deployment("production", Stage.ACCESS).getSpec().getReplicas()).isNull();
    assertThat(harness.deployment("production", Stage.ROUTER).getSpec().getReplicas()).isEqualTo(2);

    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client
                        .network()
                        .v1()
                        .ingresses()
                        .inNamespace(NAMESPACE)
                        .withName("production")
                        .get()
                    != null);
    Ingress ingress =
        client.network().v1().ingresses().inNamespace(NAMESPACE).withName("production").get();
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths())
        .extracting(p -> p.getPath())
        .containsExactly("/api", "/xmpp-websocket");
    assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("chat-example-com-tls");

    await().atMost(TIMEOUT).until(() -> service("production-xmpps") != null);
    assertThat(service("production-xmpps").getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(client.apps().statefulSets().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    Container access =
        harness
            .deployment("production", Stage.ACCESS)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(access.getImage()).isEqualTo("registry.example.com/switchboard/switchboard:0.1.0");
    assertThat(access.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("SWITCHBOARD_MONGO_URI");
              assertThat(e.getValueFrom().getSecretKeyRef().getName())
                  .isEqualTo("switchboard-mongodb");
            });
    List<NetworkPolicy> policies =
        client.network().v1().networkPolicies().inNamespace(NAMESPACE).list().getItems();
    assertThat(policies)
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("production-stages", "production-access");

    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                harness.server("production").getStatus() != null
                    && harness.server("production").getStatus().getEndpoints() != null);
    assertThat(harness.server("production").getStatus().getEndpoints().getHttp())
        .isEqualTo("https://chat.example.com/api");

    // Autoscaling off for the access stage: its HPA goes, the Deployment gets replicas back.
    editSpec("production", s -> s.getStages().getAccess().setAutoscaling(null));
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client
                        .autoscaling()
                        .v2()
                        .horizontalPodAutoscalers()
                        .inNamespace(NAMESPACE)
                        .withName("production-access")
                        .get()
                    == null);
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                Integer.valueOf(1)
                    .equals(
                        harness.deployment("production", Stage.ACCESS).getSpec().getReplicas()));
  }

  // ---- helpers

  private void editSpec(String name, Consumer<MessagingServerSpec> change) {
    OperatorHarness.edit(
        client,
        MessagingServer.class,
        name,
        s -> {
          change.accept(s.getSpec());
          return s;
        });
  }

  private Condition statusCondition(String name, String type) {
    MessagingServer server = harness.server(name);
    return server == null || server.getStatus() == null
        ? null
        : Conditions.find(server.getStatus().getConditions(), type);
  }

  private Service service(String name) {
    return client.services().inNamespace(NAMESPACE).withName(name).get();
  }

  private ConfigMap configMap() {
    return client.configMaps().inNamespace(NAMESPACE).withName("demo-config").get();
  }

  private String checksum(Stage stage) {
    return harness
        .deployment("demo", stage)
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(ServerResources.CONFIG_CHECKSUM_ANNOTATION);
  }

  private Map<Stage, String> resourceVersions() {
    Map<Stage, String> versions = new EnumMap<>(Stage.class);
    for (Stage stage : Stage.values()) {
      versions.put(stage, harness.deployment("demo", stage).getMetadata().getResourceVersion());
    }
    return versions;
  }

  private List<Event> events(String name) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private static void assertOwned(HasMetadata object, MessagingServer server) {
    assertThat(object).isNotNull();
    assertThat(object.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("MessagingServer");
              assertThat(o.getName()).isEqualTo(server.getMetadata().getName());
              assertThat(o.getUid()).isEqualTo(server.getMetadata().getUid());
              assertThat(o.getController()).isTrue();
            });
  }
}
