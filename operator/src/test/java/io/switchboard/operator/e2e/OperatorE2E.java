package io.switchboard.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.crds.MessagingServer;
import io.switchboard.operator.OperatorSettings;
import io.switchboard.operator.SwitchboardOperator;
import io.switchboard.operator.model.ServerResources;
import io.switchboard.operator.model.Stage;
import io.switchboard.operator.status.Conditions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The CRDs and the operator (in this JVM, with server-side apply) against a real API server: k3s in
 * a container. Skipped where there is no container engine.
 *
 * <p>Readiness needs the stage image to be pullable by k3s: set {@code SWITCHBOARD_E2E_IMAGE} to an
 * image built from the root Dockerfile and pushed to a registry k3s reaches; without it the test
 * stops once every object exists and the status reports the rollout.
 */
@Testcontainers(disabledWithoutDocker = true)
class OperatorE2E {

  static final String NAMESPACE = "e2e";
  static final Path CRDS = Path.of("../crds/generated");
  static final Path EXAMPLES = Path.of("../examples");

  @Container
  static final K3sContainer K3S =
      new K3sContainer(DockerImageName.parse("rancher/k3s:v1.30.4-k3s1"));

  @Test
  void minimalExampleIsReconciledAndGarbageCollected() throws Exception {
    String image = System.getenv("SWITCHBOARD_E2E_IMAGE");
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml()))
            .build()) {
      installCrds(client);
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
          .create();

      MessagingServer invalid = example(client, "messagingserver-minimal.yaml");
      invalid.getMetadata().setName("invalid");
      invalid.getSpec().getNats().setUrl("nats://elsewhere:4222");
      assertThatThrownBy(() -> client.resource(invalid).create())
          .isInstanceOf(KubernetesClientException.class)
          .hasMessageContaining("set exactly one of url and managed");

      OperatorSettings settings =
          new OperatorSettings(
              Set.of(),
              image != null ? image : OperatorSettings.DEFAULT_IMAGE,
              true,
              false,
              "switchboard-operator",
              null,
              false,
              0,
              Duration.ofSeconds(5));
      Operator operator =
          SwitchboardOperator.create(
              client, settings, new SimpleMeterRegistry(), Clock.systemUTC());
      operator.start();
      try {
        MessagingServer server =
            client.resource(example(client, "messagingserver-minimal.yaml")).create();

        await()
            .atMost(Duration.ofMinutes(2))
            .untilAsserted(
                () -> {
                  for (Stage stage : Stage.values()) {
                    Deployment d = deployment(client, stage);
                    assertThat(d).as(stage.role()).isNotNull();
                    assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
                        .containsKey(ServerResources.CONFIG_CHECKSUM_ANNOTATION);
                  }
                  MessagingServer current = current(client);
                  assertThat(current.getStatus()).isNotNull();
                  assertThat(current.getStatus().getObservedGeneration())
                      .isEqualTo(current.getMetadata().getGeneration());
                  assertThat(Conditions.find(current.getStatus().getConditions(), Conditions.READY))
                      .isNotNull();
                });
        assertThat(client.apps().statefulSets().inNamespace(NAMESPACE).withName("demo-nats").get())
            .isNotNull();

        if (image != null) {
          await()
              .atMost(Duration.ofMinutes(5))
              .until(
                  () ->
                      Conditions.isTrue(
                          current(client).getStatus().getConditions(), Conditions.READY));
        }

        // A real cluster has a garbage collector: owner references take everything with the server.
        client.resource(server).delete();
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    client
                        .apps()
                        .deployments()
                        .inNamespace(NAMESPACE)
                        .withLabelSelector(ServerResources.ownedSelector("demo"))
                        .list()
                        .getItems()
                        .isEmpty());
      } finally {
        operator.stop();
      }
    }
  }

  private static void installCrds(KubernetesClient client) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(CRDS, "*.yml")) {
      for (Path file : files) {
        try (InputStream in = Files.newInputStream(file)) {
          CustomResourceDefinition crd =
              client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
          client.resource(crd).serverSideApply();
          client
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName(crd.getMetadata().getName())
              .waitUntilCondition(
                  c ->
                      c.getStatus() != null
                          && c.getStatus().getConditions().stream()
                              .anyMatch(
                                  x ->
                                      "Established".equals(x.getType())
                                          && "True".equals(x.getStatus())),
                  1,
                  TimeUnit.MINUTES);
        }
      }
    }
  }

  private static MessagingServer example(KubernetesClient client, String file) throws IOException {
    try (InputStream in = Files.newInputStream(EXAMPLES.resolve(file))) {
      MessagingServer server =
          client.getKubernetesSerialization().unmarshal(in, MessagingServer.class);
      server.getMetadata().setNamespace(NAMESPACE);
      return server;
    }
  }

  private static MessagingServer current(KubernetesClient client) {
    return client.resources(MessagingServer.class).inNamespace(NAMESPACE).withName("demo").get();
  }

  private static Deployment deployment(KubernetesClient client, Stage stage) {
    return client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName(ServerResources.deploymentName("demo", stage))
        .get();
  }
}
