package io.switchboard.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerResourcesTest {

  @Test
  void namesAreDerivedFromTheServerName() {
    assertThat(ServerResources.configMapName("demo")).isEqualTo("demo-config");
    assertThat(ServerResources.deploymentName("demo", Stage.ACCESS)).isEqualTo("demo-access");
    assertThat(ServerResources.stageServiceName("demo", Stage.ROUTER)).isEqualTo("demo-router");
    assertThat(ServerResources.listenerServiceName("demo", Listener.DIRECT_TLS))
        .isEqualTo("demo-xmpps");
    assertThat(ServerResources.natsName("demo")).isEqualTo("demo-nats");
    assertThat(ServerResources.mongoDbName("demo")).isEqualTo("demo-mongodb");
    assertThat(ServerResources.ingressName("demo")).isEqualTo("demo");
  }

  @Test
  void longestAllowedServerNameKeepsEveryDerivedNameValid() {
    String name = "a".repeat(ServerResources.MAX_NAME_LENGTH);
    // StatefulSet pods get a controller-revision-hash label: their names must stay within 52.
    assertThat(ServerResources.mongoDbName(name).length()).isLessThanOrEqualTo(52);
    assertThat(ServerResources.natsName(name).length()).isLessThanOrEqualTo(52);
    for (Stage stage : Stage.values()) {
      assertThat(ServerResources.deploymentName(name, stage).length()).isLessThanOrEqualTo(63);
    }
  }

  @Test
  void selectorIsASubsetOfTheLabels() {
    assertThat(ServerResources.labels("demo", "parser"))
        .containsAllEntriesOf(ServerResources.selectorLabels("demo", "parser"))
        .containsAllEntriesOf(ServerResources.instanceLabels("demo"));
  }
}
