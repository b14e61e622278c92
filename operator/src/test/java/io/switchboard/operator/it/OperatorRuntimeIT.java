package io.switchboard.operator.it;

import static io.switchboard.operator.it.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.switchboard.operator.OperatorSettings;
import io.switchboard.operator.model.ServerResources;
import io.switchboard.operator.model.ServerServiceMonitor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Leader election, operator metrics and the ServiceMonitor, against the mock API server. */
@EnableKubernetesMockClient(crud = true)
class OperatorRuntimeIT {

  static final Duration TIMEOUT = Duration.ofSeconds(20);

  KubernetesClient client;
  KubernetesMockServer server;

  @Test
  void leaderTakesTheLeaseThenReconciles() throws Exception {
    // JOSDK first asks whether it may use Leases; the CRUD mock cannot answer that on its own.
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewMetadata()
                .endMetadata()
                .withNewSpec()
                .withNamespace(NAMESPACE)
                .endSpec()
                .withNewStatus()
                .withIncomplete(false)
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("get", "create", "update")
                .endResourceRule()
                .endStatus()
                .build())
        .always();
    OperatorSettings settings =
        new OperatorSettings(
            Set.of(),
            OperatorSettings.DEFAULT_IMAGE,
            false,
            true,
            "switchboard-operator-test",
            NAMESPACE,
            false,
            0,
            Duration.ofSeconds(2));
    try (OperatorHarness harness = new OperatorHarness(client, settings)) {
      harness.createExample("messagingserver-minimal.yaml");
      harness.awaitDeployments("demo");
      Lease lease =
          client.leases().inNamespace(NAMESPACE).withName("switchboard-operator-test").get();
      assertThat(lease).isNotNull();
      assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
    }
  }

  @Test
  void reconciliationsAreCountedInTheRegistry() throws Exception {
    try (OperatorHarness harness = new OperatorHarness(client)) {
      harness.createExample("messagingserver-minimal.yaml");
      harness.awaitDeployments("demo");
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                assertThat(harness.registry.find("operator.sdk.reconciliations.started").counters())
                    .isNotEmpty()
                    .anySatisfy(c -> assertThat(c.count()).isPositive());
                assertThat(harness.registry.find("operator.sdk.reconciliations.success").counters())
                    .anySatisfy(c -> assertThat(c.count()).isPositive());
              });
    }
  }

  @Test
  void serviceMonitorWhereThePrometheusOperatorIsInstalled() throws Exception {
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName(ServerServiceMonitor.CRD_NAME)
                .endMetadata()
                .withNewSpec()
                .withGroup("monitoring.coreos.com")
                .withScope("Namespaced")
                .withNewNames()
                .withKind("ServiceMonitor")
                .withPlural("servicemonitors")
                .withSingular("servicemonitor")
                .endNames()
                .addNewVersion()
                .withName("v1")
                .withServed(true)
                .withStorage(true)
                .withNewSchema()
                .withNewOpenAPIV3Schema()
                .withType("object")
                .withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema()
                .endSchema()
                .endVersion()
                .endSpec()
                .build())
        .create();
    try (OperatorHarness harness = new OperatorHarness(client)) {
      harness.createExample("messagingserver-minimal.yaml");
      await().atMost(TIMEOUT).until(() -> serviceMonitor() != null);
      GenericKubernetesResource monitor = serviceMonitor();
      assertThat(monitor.getMetadata().getOwnerReferences()).hasSize(1);
      assertThat(monitor.getMetadata().getLabels())
          .containsEntry(ServerResources.LABEL_INSTANCE, "demo");
      @SuppressWarnings("unchecked")
      Map<String, Object> spec =
          (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> endpoints = (List<Map<String, Object>>) spec.get("endpoints");
      assertThat(endpoints.get(0))
          .containsEntry("path", "/prometheus")
          .containsEntry("port", "http");
    }
  }

  private GenericKubernetesResource serviceMonitor() {
    return client
        .genericKubernetesResources("monitoring.coreos.com/v1", "ServiceMonitor")
        .inNamespace(NAMESPACE)
        .withName("demo")
        .get();
  }
}
