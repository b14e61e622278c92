package io.switchboard.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class DesiredStateTest {

  @Test
  void minimalServerOwnsStagesManagedNatsAndMongoDb() {
    List<HasMetadata> desired = DesiredState.of(Fixtures.model(Fixtures.minimal()));

    assertThat(desired)
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .containsExactly(
            "ConfigMap/demo-config",
            "NetworkPolicy/demo-stages",
            "NetworkPolicy/demo-access",
            "NetworkPolicy/demo-nats",
            "NetworkPolicy/demo-mongodb",
            "Service/demo-nats",
            "StatefulSet/demo-nats",
            "Service/demo-mongodb",
            "StatefulSet/demo-mongodb",
            "Service/demo-access",
            "Deployment/demo-access",
            "PodDisruptionBudget/demo-access",
            "Service/demo-parser",
            "Deployment/demo-parser",
            "PodDisruptionBudget/demo-parser",
            "Service/demo-processor",
            "Deployment/demo-processor",
            "PodDisruptionBudget/demo-processor",
            "Service/demo-router",
            "Deployment/demo-router",
            "PodDisruptionBudget/demo-router",
            "Service/demo-xmpp",
            "Service/demo-http");
    for (HasMetadata o : desired) {
      assertThat(o.getMetadata().getNamespace()).isEqualTo("ns");
      assertThat(o.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getKind()).isEqualTo("MessagingServer");
                assertThat(r.getApiVersion()).isEqualTo("switchboard.io/v1alpha1");
                assertThat(r.getController()).isTrue();
              });
      assertThat(o.getMetadata().getLabels())
          .containsEntry(ServerResources.LABEL_MANAGED_BY, ServerResources.MANAGER)
          .containsEntry(ServerResources.LABEL_INSTANCE, "demo");
    }
  }

  @Test
  void productionServerHasAutoscalersIngressAndNoManagedDependencies() {
    List<HasMetadata> desired = DesiredState.of(Fixtures.model(Fixtures.production()));

    assertThat(desired)
        .filteredOn(HorizontalPodAutoscaler.class::isInstance)
        .extracting(o -> o.getMetadata().getName())
        .containsExactly("production-access", "production-processor");
    assertThat(desired).filteredOn(StatefulSet.class::isInstance).isEmpty();
    assertThat(desired)
        .filteredOn(NetworkPolicy.class::isInstance)
        .extracting(o -> o.getMetadata().getName())
        .containsExactly("production-stages", "production-access");
    assertThat(desired).filteredOn(Ingress.class::isInstance).hasSize(1);
    assertThat(desired)
        .filteredOn(Service.class::isInstance)
        .extracting(o -> o.getMetadata().getName())
        .contains("production-xmpp", "production-xmpps", "production-http");
  }
}
