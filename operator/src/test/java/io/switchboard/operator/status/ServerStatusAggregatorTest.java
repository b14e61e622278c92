package io.switchboard.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.switchboard.crds.MessagingServer;
import io.switchboard.crds.MessagingServerStatus;
import io.switchboard.operator.model.Fixtures;
import io.switchboard.operator.model.Listener;
import io.switchboard.operator.model.ServerModel;
import io.switchboard.operator.model.Stage;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerStatusAggregatorTest {

  static final Instant NOW = Instant.parse("2026-02-02T02:02:02Z");

  @Test
  void notReadyUntilEveryStageHasItsReplicas() {
    ServerModel model = Fixtures.model(Fixtures.minimal());
    Map<Stage, Deployment> deployments = deployments(1);
    deployments.put(Stage.ROUTER, deployment(2, 1));

    MessagingServerStatus status =
        ServerStatusAggregator.reconciled(model, deployments, Map.of(), NOW);

    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertThat(Conditions.find(status.getConditions(), Conditions.READY))
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("WaitingForReplicas");
              assertThat(c.getMessage()).contains("router 1/2");
            });
    assertThat(Conditions.isTrue(status.getConditions(), Conditions.PROGRESSING)).isTrue();
    assertThat(status.getStages().get("router").getReplicas()).isEqualTo(2);
    assertThat(status.getStages().get("router").getReadyReplicas()).isEqualTo(1);
  }

  @Test
  void readyWhenAllReadyAndTheTransitionTimeStaysOnTheNextPass() {
    MessagingServer server = Fixtures.minimal();
    ServerModel model = Fixtures.model(server);
    MessagingServerStatus first =
        ServerStatusAggregator.reconciled(model, deployments(1), Map.of(), NOW);
    assertThat(Conditions.isTrue(first.getConditions(), Conditions.READY)).isTrue();
    assertThat(Conditions.isTrue(first.getConditions(), Conditions.DEGRADED)).isFalse();

    server.setStatus(first);
    MessagingServerStatus second =
        ServerStatusAggregator.reconciled(model, deployments(1), Map.of(), NOW.plusSeconds(60));
    assertThat(second.getConditions()).isEqualTo(first.getConditions());
  }

  @Test
  void missingDeploymentIsNotReady() {
    ServerModel model = Fixtures.model(Fixtures.minimal());
    Map<Stage, Deployment> deployments = deployments(1);
    deployments.remove(Stage.PARSER);
    assertThat(
            Conditions.isTrue(
                ServerStatusAggregator.reconciled(model, deployments, Map.of(), NOW)
                    .getConditions(),
                Conditions.READY))
        .isFalse();
  }

  @Test
  void failureIsDegradedAndKeepsWhatWasObserved() {
    MessagingServer server = Fixtures.minimal();
    server.setStatus(
        ServerStatusAggregator.reconciled(Fixtures.model(server), deployments(1), Map.of(), NOW));
    MessagingServerStatus failed =
        ServerStatusAggregator.failed(server, "ApplyFailed", "boom", NOW.plusSeconds(5));
    assertThat(Conditions.find(failed.getConditions(), Conditions.DEGRADED))
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("ApplyFailed");
              assertThat(c.getMessage()).isEqualTo("boom");
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-02-02T02:02:07Z");
            });
    assertThat(Conditions.isTrue(failed.getConditions(), Conditions.READY)).isFalse();
    assertThat(failed.getStages()).isEqualTo(server.getStatus().getStages());
  }

  @Test
  void pausedAddsTheConditionAndChangesNothingElse() {
    MessagingServer server = Fixtures.minimal();
    server.setStatus(
        ServerStatusAggregator.reconciled(Fixtures.model(server), deployments(1), Map.of(), NOW));
    MessagingServerStatus paused = ServerStatusAggregator.paused(server, NOW.plusSeconds(1));
    assertThat(Conditions.isTrue(paused.getConditions(), Conditions.PAUSED)).isTrue();
    assertThat(Conditions.find(paused.getConditions(), Conditions.READY))
        .isEqualTo(Conditions.find(server.getStatus().getConditions(), Conditions.READY));
  }

  @Test
  void endpointsUseTheIngressOrTheLoadBalancer() {
    ServerModel production = Fixtures.model(Fixtures.production());
    Service lb =
        new ServiceBuilder()
            .withNewStatus()
            .withNewLoadBalancer()
            .addNewIngress()
            .withIp("203.0.113.7")
            .endIngress()
            .endLoadBalancer()
            .endStatus()
            .build();
    var endpoints = ServerStatusAggregator.endpoints(production, Map.of(Listener.XMPP, lb));
    assertThat(endpoints.getXmpp()).isEqualTo("203.0.113.7:5222");
    assertThat(endpoints.getDirectTls()).isEqualTo("production-xmpps.ns.svc:5223");
    assertThat(endpoints.getHttp()).isEqualTo("https://chat.example.com/api");
    assertThat(endpoints.getWebsocket()).isEqualTo("wss://chat.example.com/xmpp-websocket");

    var minimal = ServerStatusAggregator.endpoints(Fixtures.model(Fixtures.minimal()), Map.of());
    assertThat(minimal.getHttp()).isEqualTo("http://demo-http.ns.svc:8080/api");
    assertThat(minimal.getDirectTls()).isNull();
  }

  private static Map<Stage, Deployment> deployments(int replicas) {
    Map<Stage, Deployment> map = new EnumMap<>(Stage.class);
    for (Stage stage : Stage.values()) {
      map.put(stage, deployment(replicas, replicas));
    }
    return map;
  }

  private static Deployment deployment(int replicas, int ready) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("d")
        .withGeneration(1L)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .endSpec()
        .withNewStatus()
        .withReadyReplicas(ready)
        .withObservedGeneration(1L)
        .endStatus()
        .build();
  }
}
