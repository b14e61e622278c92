package io.switchboard.operator.it;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.crds.MessagingServer;
import io.switchboard.operator.CustomResourceDefinitions;
import io.switchboard.operator.OperatorSettings;
import io.switchboard.operator.SwitchboardOperator;
import io.switchboard.operator.model.ServerResources;
import io.switchboard.operator.model.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** Starts the operator against the Fabric8 mock API server (CRUD mode) with the CRDs registered. */
final class OperatorHarness implements AutoCloseable {

  static final String NAMESPACE = "test";
  static final Path EXAMPLES = Path.of("../examples");

  final KubernetesClient client;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Operator operator;

  OperatorHarness(KubernetesClient client) throws IOException {
    this(client, OperatorSettings.forMockServer());
  }

  OperatorHarness(KubernetesClient client, OperatorSettings settings) throws IOException {
    this.client = client;
    registerCrds(client);
    operator = SwitchboardOperator.create(client, settings, registry, Clock.systemUTC());
    operator.start();
  }

  /** Registers the generated CRDs, without which the mock server ignores the status subresource. */
  static void registerCrds(KubernetesClient client) {
    CustomResourceDefinitions.register(client);
  }

  /**
   * Edits a resource as {@code kubectl edit} would, reading it again and retrying when the operator
   * wrote it in between (409 Conflict on the resource version).
   */
  static <T extends HasMetadata> T edit(
      KubernetesClient client, Class<T> kind, String name, UnaryOperator<T> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return client.resources(kind).inNamespace(NAMESPACE).withName(name).edit(change);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 10) {
          throw e;
        }
      }
    }
  }

  /** Loads an example and creates it in the test namespace. */
  MessagingServer createExample(String file) throws IOException {
    try (InputStream in = Files.newInputStream(EXAMPLES.resolve(file))) {
      MessagingServer server =
          client.getKubernetesSerialization().unmarshal(in, MessagingServer.class);
      server.getMetadata().setNamespace(NAMESPACE);
      return client.resource(server).create();
    }
  }

  MessagingServer server(String name) {
    return client.resources(MessagingServer.class).inNamespace(NAMESPACE).withName(name).get();
  }

  Deployment deployment(String server, Stage stage) {
    return client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName(ServerResources.deploymentName(server, stage))
        .get();
  }

  void awaitDeployments(String server) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              for (Stage stage : Stage.values()) {
                if (deployment(server, stage) == null) {
                  return false;
                }
              }
              return true;
            });
  }

  /** Plays the Deployment controller: reports every wanted replica of every stage ready. */
  void markReady(String server) {
    for (Stage stage : Stage.values()) {
      client
          .apps()
          .deployments()
          .inNamespace(NAMESPACE)
          .withName(ServerResources.deploymentName(server, stage))
          .editStatus(
              d -> {
                int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
                return new DeploymentBuilder(d)
                    .editOrNewStatus()
                    .withReplicas(replicas)
                    .withReadyReplicas(replicas)
                    .withAvailableReplicas(replicas)
                    .endStatus()
                    .build();
              });
    }
  }

  @Override
  public void close() {
    operator.stop();
  }
}
