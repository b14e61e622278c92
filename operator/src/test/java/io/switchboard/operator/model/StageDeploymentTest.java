package io.switchboard.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.switchboard.crds.MessagingServer;
import io.switchboard.crds.StagesSpecBuilder;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StageDeploymentTest {

  @Test
  void stageDeploymentRunsItsRoleWithProbesMetricsPortAndChecksum() {
    ServerModel model = Fixtures.model(Fixtures.minimal());
    Deployment d = StageDeployment.deployment(model, Stage.PROCESSOR, "abc123");

    assertThat(d.getMetadata().getName()).isEqualTo("demo-processor");
    assertThat(d.getMetadata().getNamespace()).isEqualTo("ns");
    assertThat(d.getMetadata().getOwnerReferences()).hasSize(1);
    assertThat(d.getSpec().getReplicas()).isEqualTo(1);
    assertThat(d.getSpec().getSelector().getMatchLabels())
        .containsEntry(ServerResources.LABEL_COMPONENT, "processor")
        .containsEntry(ServerResources.LABEL_INSTANCE, "demo");
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels())
        .containsEntry(ServerResources.LABEL_STAGE, "processor");
    assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(ServerResources.CONFIG_CHECKSUM_ANNOTATION, "abc123")
        .containsEntry("prometheus.io/path", "/prometheus");

    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo(Fixtures.IMAGE);
    assertThat(c.getImagePullPolicy()).isEqualTo("IfNotPresent");
    Map<String, EnvVar> env = env(c);
    assertThat(env.get("SWITCHBOARD_ROLE").getValue()).isEqualTo("processor");
    assertThat(env.get("MICRONAUT_CONFIG_FILES").getValue())
        .isEqualTo(
            "/etc/switchboard/config/application.properties,"
                + "/etc/switchboard/config/processor.properties");
    assertThat(env.get("SWITCHBOARD_MONGO_URI").getValue())
        .isEqualTo("mongodb://demo-mongodb.ns.svc:27017");
    assertThat(env.get("SWITCHBOARD_NODE_ID").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.name");
    // The master key the operator encrypts Applications' keys with (switchboard.api.master-key).
    assertThat(env.get(MasterKey.ENV).getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("demo-api-master-key");
    assertThat(env.get(MasterKey.ENV).getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo(MasterKey.KEY);
    // Only the access stage serves the admin API.
    assertThat(env).doesNotContainKey(AdminToken.ENV);
    assertThat(c.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http");
              assertThat(p.getContainerPort()).isEqualTo(8080);
            });
    for (var probe :
        new io.fabric8.kubernetes.api.model.Probe[] {
          c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe()
        }) {
      assertThat(probe.getHttpGet().getPath()).isEqualTo("/health");
      assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .containsExactly("/etc/switchboard/config", "/var/lib/switchboard", "/tmp");
  }

  @Test
  void accessStageListensForClients() {
    Deployment d =
        StageDeployment.deployment(Fixtures.model(Fixtures.production()), Stage.ACCESS, "x");
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("http:8080", "xmpp:5222", "xmpps:5223");
  }

  @Test
  void everyAccessReplicaTakesTheServersOneAdminToken() {
    Deployment d =
        StageDeployment.deployment(Fixtures.model(Fixtures.production()), Stage.ACCESS, "x");
    Map<String, EnvVar> env = env(d.getSpec().getTemplate().getSpec().getContainers().get(0));
    // Micronaut reads SWITCHBOARD_ADMIN_TOKEN as switchboard.admin.token.
    assertThat(AdminToken.ENV).isEqualTo("SWITCHBOARD_ADMIN_TOKEN");
    assertThat(env.get(AdminToken.ENV).getValue()).isNull();
    assertThat(env.get(AdminToken.ENV).getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("production-admin-token");
    assertThat(env.get(AdminToken.ENV).getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("admin-token");
    for (Stage stage : Stage.values()) {
      if (stage != Stage.ACCESS) {
        Deployment other =
            StageDeployment.deployment(Fixtures.model(Fixtures.production()), stage, "x");
        assertThat(env(other.getSpec().getTemplate().getSpec().getContainers().get(0)))
            .doesNotContainKey(AdminToken.ENV);
      }
    }
  }

  @Test
  void productionStageTakesSecretsResourcesAndScheduling() {
    MessagingServer server = Fixtures.production();
    Deployment d = StageDeployment.deployment(Fixtures.model(server), Stage.ACCESS, "x");
    var pod = d.getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    Map<String, EnvVar> env = env(c);

    assertThat(d.getSpec().getReplicas()).as("the HPA owns the replicas").isNull();
    assertThat(c.getImage()).isEqualTo("registry.example.com/switchboard/switchboard:0.1.0");
    assertThat(env.get("SWITCHBOARD_MONGO_URI").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("switchboard-mongodb");
    assertThat(env.get("SWITCHBOARD_MONGO_URI").getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("uri");
    assertThat(
            env.get("SWITCHBOARD_XMPP_TLS_KEYSTORE_PASSWORD")
                .getValueFrom()
                .getSecretKeyRef()
                .getName())
        .isEqualTo("switchboard-tls");
    assertThat(pod.getVolumes()).extracting(v -> v.getName()).contains("tls", "nats-credentials");
    assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo("500m");
    assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
    assertThat(pod.getTolerations())
        .singleElement()
        .satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
    assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("example.com/team", "messaging");
  }

  @Test
  void scalingOneStageChangesOnlyThatStagesDeployment() {
    MessagingServer before = Fixtures.minimal();
    MessagingServer after = Fixtures.minimal();
    after
        .getSpec()
        .setStages(new StagesSpecBuilder().withNewParser().withReplicas(4).endParser().build());
    for (Stage stage : Stage.values()) {
      Deployment a = StageDeployment.deployment(Fixtures.model(before), stage, "c");
      Deployment b = StageDeployment.deployment(Fixtures.model(after), stage, "c");
      if (stage == Stage.PARSER) {
        assertThat(b.getSpec().getReplicas()).isEqualTo(4);
      } else {
        assertThat(b).isEqualTo(a);
      }
    }
  }

  private static Map<String, EnvVar> env(Container c) {
    return c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
  }
}
