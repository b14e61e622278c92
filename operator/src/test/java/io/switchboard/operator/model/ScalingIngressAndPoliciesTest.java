package io.switchboard.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.switchboard.crds.MessagingServer;
import io.switchboard.crds.MetricsSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The smaller desired objects: HPA, PDB, Services, Ingress, NetworkPolicies, NATS, MongoDB. */
class ScalingIngressAndPoliciesTest {

  final ServerModel minimal = Fixtures.model(Fixtures.minimal());
  final ServerModel production = Fixtures.model(Fixtures.production());

  @Test
  void autoscalerTargetsTheStageDeploymentOnCpu() {
    HorizontalPodAutoscaler hpa = StageScaling.autoscaler(production, Stage.ACCESS);
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("production-access");
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
    assertThat(hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization())
        .isEqualTo(70);
    assertThat(
            StageScaling.autoscaler(production, Stage.PROCESSOR)
                .getSpec()
                .getMetrics()
                .get(0)
                .getResource()
                .getTarget()
                .getAverageUtilization())
        .as("default CPU target")
        .isEqualTo(75);
    assertThat(StageScaling.autoscaler(production, Stage.ROUTER)).isNull();
  }

  @Test
  void disruptionBudgetAllowsOnePodDown() {
    PodDisruptionBudget pdb = StageScaling.disruptionBudget(minimal, Stage.ROUTER);
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(ServerResources.selectorLabels("demo", "router"));
  }

  @Test
  void listenerServicesHaveTheirTypeAndPort() {
    Service xmpp = ServerServices.listenerService(production, Listener.XMPP);
    assertThat(xmpp.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(xmpp.getSpec().getPorts().get(0).getPort()).isEqualTo(5222);
    assertThat(xmpp.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("xmpp");
    assertThat(xmpp.getSpec().getSelector())
        .containsEntry(ServerResources.LABEL_COMPONENT, "access");
    assertThat(
            ServerServices.stageService(minimal, Stage.PARSER)
                .getSpec()
                .getPorts()
                .get(0)
                .getName())
        .isEqualTo("http");
  }

  @Test
  void ingressRoutesApiAndWebSocketToTheHttpService() {
    Ingress ingress = ServerIngress.ingress(production);
    assertThat(ingress.getMetadata().getAnnotations())
        .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600");
    var rule = ingress.getSpec().getRules().get(0);
    assertThat(rule.getHost()).isEqualTo("chat.example.com");
    assertThat(rule.getHttp().getPaths())
        .allSatisfy(
            p -> {
              assertThat(p.getBackend().getService().getName()).isEqualTo("production-http");
              assertThat(p.getPathType()).isEqualTo("Prefix");
            })
        .extracting(p -> p.getPath())
        .containsExactly("/api", "/xmpp-websocket");
    assertThat(ServerIngress.ingress(minimal)).isNull();
  }

  @Test
  void networkPoliciesLetOnlyTheServersPodsIn() {
    List<NetworkPolicy> policies = ServerNetworkPolicies.policies(minimal);
    NetworkPolicy stages = policies.get(0);
    assertThat(stages.getSpec().getPodSelector().getMatchExpressions().get(0).getKey())
        .isEqualTo(ServerResources.LABEL_STAGE);
    assertThat(
            stages.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels())
        .isEqualTo(ServerResources.instanceLabels("demo"));
    assertThat(stages.getSpec().getIngress().get(1).getPorts().get(0).getPort().getIntVal())
        .as("Prometheus may scrape the HTTP port")
        .isEqualTo(8080);
    NetworkPolicy access = policies.get(1);
    assertThat(access.getSpec().getIngress().get(0).getPorts())
        .extracting(p -> p.getPort().getIntVal())
        .containsExactly(5222, 8080);
    NetworkPolicy mongo = policies.get(3);
    assertThat(mongo.getMetadata().getName()).isEqualTo("demo-mongodb");
    assertThat(mongo.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal())
        .isEqualTo(27017);
    var fromOperator = mongo.getSpec().getIngress().get(1);
    assertThat(fromOperator.getFrom().get(0).getPodSelector().getMatchLabels())
        .as("the operator writes the catalog into a managed MongoDB")
        .containsEntry("app.kubernetes.io/name", "switchboard-operator");
    assertThat(fromOperator.getFrom().get(0).getNamespaceSelector().getMatchLabels())
        .isNullOrEmpty();
    assertThat(fromOperator.getPorts().get(0).getPort().getIntVal()).isEqualTo(27017);

    MessagingServer noMetrics = Fixtures.minimal();
    MetricsSpec off = new MetricsSpec();
    off.setEnabled(false);
    noMetrics.getSpec().setMetrics(off);
    assertThat(
            ServerNetworkPolicies.policies(Fixtures.model(noMetrics)).get(0).getSpec().getIngress())
        .hasSize(1);
  }

  @Test
  void managedNatsIsAJetStreamClusterWithRoutes() {
    MessagingServer server = Fixtures.minimal();
    server.getSpec().getNats().getManaged().setReplicas(3);
    StatefulSet nats = ManagedDependencies.natsStatefulSet(Fixtures.model(server));
    assertThat(nats.getSpec().getReplicas()).isEqualTo(3);
    assertThat(nats.getSpec().getServiceName()).isEqualTo("demo-nats");
    assertThat(nats.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .contains("--jetstream", "--cluster_name=demo-nats", "--server_name=$(POD_NAME)")
        .anySatisfy(
            a ->
                assertThat(a)
                    .isEqualTo(
                        "--routes=nats://demo-nats-0.demo-nats.ns.svc:6222,"
                            + "nats://demo-nats-1.demo-nats.ns.svc:6222,"
                            + "nats://demo-nats-2.demo-nats.ns.svc:6222"));
    assertThat(
            nats.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests())
        .containsEntry("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi"));
    assertThat(ManagedDependencies.natsService(minimal).getSpec().getClusterIP()).isEqualTo("None");
  }

  @Test
  void managedMongoDbIsASingleNodeWithAVolume() {
    StatefulSet mongo = ManagedDependencies.mongoDbStatefulSet(minimal);
    assertThat(mongo.getSpec().getReplicas()).isEqualTo(1);
    var container = mongo.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo(ServerModel.DEFAULT_MONGODB_IMAGE);
    assertThat(container.getVolumeMounts().get(0).getMountPath()).isEqualTo("/data/db");
    assertThat(mongo.getSpec().getVolumeClaimTemplates().get(0).getSpec().getAccessModes())
        .containsExactly("ReadWriteOnce");
  }

  @Test
  void serviceMonitorScrapesEveryStageWithTheGivenLabels() {
    GenericKubernetesResource monitor = ServerServiceMonitor.serviceMonitor(production);
    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
    assertThat(spec.get("endpoints").toString()).contains("/prometheus").contains("port=http");

    MessagingServer off = Fixtures.minimal();
    MetricsSpec metrics = new MetricsSpec();
    metrics.setEnabled(false);
    off.getSpec().setMetrics(metrics);
    assertThat(ServerServiceMonitor.serviceMonitor(Fixtures.model(off))).isNull();
  }
}
