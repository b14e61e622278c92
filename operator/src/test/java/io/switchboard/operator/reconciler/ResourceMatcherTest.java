package io.switchboard.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.switchboard.operator.model.Fixtures;
import io.switchboard.operator.model.Stage;
import io.switchboard.operator.model.StageDeployment;
import org.junit.jupiter.api.Test;

class ResourceMatcherTest {

  final Deployment desired =
      StageDeployment.deployment(Fixtures.model(Fixtures.minimal()), Stage.ROUTER, "sum");

  @Test
  void whatTheApiServerAddsDoesNotCount() {
    Deployment actual =
        new DeploymentBuilder(desired)
            .editMetadata()
            .withResourceVersion("42")
            .withUid("u")
            .withGeneration(3L)
            .addToAnnotations("deployment.kubernetes.io/revision", "2")
            .endMetadata()
            .editSpec()
            .withRevisionHistoryLimit(10)
            .editTemplate()
            .editSpec()
            .withDnsPolicy("ClusterFirst")
            .editFirstContainer()
            .withTerminationMessagePath("/dev/termination-log")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .withNewStatus()
            .withReadyReplicas(1)
            .endStatus()
            .build();
    assertThat(ResourceMatcher.matches(desired, actual)).isTrue();
  }

  @Test
  void aChangedFieldCounts() {
    Deployment scaled = new DeploymentBuilder(desired).editSpec().withReplicas(3).endSpec().build();
    assertThat(ResourceMatcher.matches(desired, scaled)).isFalse();

    Deployment otherChecksum =
        new DeploymentBuilder(desired)
            .editSpec()
            .editTemplate()
            .editMetadata()
            .addToAnnotations("switchboard.io/config-checksum", "other")
            .endMetadata()
            .endTemplate()
            .endSpec()
            .build();
    assertThat(ResourceMatcher.matches(desired, otherChecksum)).isFalse();
  }

  @Test
  void anExtraOrMissingListElementCounts() {
    Deployment extraEnv =
        new DeploymentBuilder(desired)
            .editSpec()
            .editTemplate()
            .editSpec()
            .editFirstContainer()
            .addNewEnv()
            .withName("X")
            .withValue("1")
            .endEnv()
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    assertThat(ResourceMatcher.matches(desired, extraEnv)).isFalse();
  }

  @Test
  void overlayReplacesListsKeepsStatusAndWhatOthersSet() {
    Deployment actual =
        new DeploymentBuilder(desired)
            .editMetadata()
            .withResourceVersion("7")
            .endMetadata()
            .editSpec()
            .withReplicas(5)
            .withRevisionHistoryLimit(10)
            .editTemplate()
            .editSpec()
            .addNewContainer()
            .withName("sidecar")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .withNewStatus()
            .withReadyReplicas(5)
            .endStatus()
            .build();
    Deployment wanted =
        new DeploymentBuilder(desired).editSpec().withReplicas(null).endSpec().build();

    Deployment merged = ResourceMatcher.overlay(wanted, actual);

    assertThat(merged.getSpec().getTemplate().getSpec().getContainers())
        .extracting(c -> c.getName())
        .containsExactly("switchboard");
    assertThat(merged.getSpec().getReplicas()).as("an HPA's replicas stay").isEqualTo(5);
    assertThat(merged.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
    assertThat(merged.getStatus().getReadyReplicas()).isEqualTo(5);
    assertThat(merged.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(ResourceMatcher.matches(wanted, merged)).isTrue();
  }
}
