package io.switchboard.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.switchboard.operator.model.ServerResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Helm chart lints, renders, carries the generated CRDs, and grants what the operator uses. */
class ChartTest {

  static final String KUBE_VERSION = "1.30.0";
  static final Path CHART = Path.of("../charts/switchboard-operator");
  static final Path GENERATED_CRDS = Path.of("../crds/generated");
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @Test
  void lintPassesStrictly() {
    LintResult result = new Helm(CHART).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void chartCarriesTheGeneratedCrdsUnchanged() throws IOException {
    List<String> generated = fileNames(GENERATED_CRDS);
    assertThat(fileNames(CHART.resolve("crds")))
        .as("charts/switchboard-operator/crds: copy crds/generated/*.yml there")
        .isEqualTo(generated);
    for (String file : generated) {
      assertThat(Files.readString(CHART.resolve("crds").resolve(file)))
          .as("charts/switchboard-operator/crds/%s is stale: copy it from crds/generated", file)
          .isEqualTo(Files.readString(GENERATED_CRDS.resolve(file)));
      CustomResourceDefinition crd =
          SERIALIZATION.unmarshal(
              Files.readString(CHART.resolve("crds").resolve(file)),
              CustomResourceDefinition.class);
      assertThat(crd.getSpec().getGroup()).isEqualTo("switchboard.io");
    }
  }

  @Test
  void clusterWideInstallRendersOperatorServiceAccountAndClusterRole() {
    List<HasMetadata> objects =
        render(
            new Helm(CHART)
                .template()
                .withKubeVersion(KUBE_VERSION)
                .withName("sb")
                .withNamespace("ops")
                .call());

    Deployment operator = only(objects, Deployment.class);
    assertThat(operator.getMetadata().getNamespace()).isEqualTo("ops");
    var container = operator.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("switchboard/switchboard-operator:0.1.0");
    assertThat(env(container.getEnv()))
        .containsEntry("SWITCHBOARD_WATCH_NAMESPACES", "")
        .containsEntry("SWITCHBOARD_DEFAULT_IMAGE", "switchboard/switchboard:0.1.0")
        .containsEntry("SWITCHBOARD_SERVER_SIDE_APPLY", "true")
        .containsEntry("SWITCHBOARD_LEADER_ELECTION", "true")
        .containsEntry("SWITCHBOARD_LOG_LEVEL", "INFO");
    assertThat(operator.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(only(objects, ServiceAccount.class).getMetadata().getName());

    ClusterRole role =
        objects.stream()
            .filter(ClusterRole.class::isInstance)
            .map(ClusterRole.class::cast)
            .filter(r -> r.getMetadata().getName().equals("sb-switchboard-operator"))
            .findFirst()
            .orElseThrow();
    assertGrantsEverythingTheOperatorWrites(role.getRules());
    assertThat(objects.stream().filter(RoleBinding.class::isInstance))
        .extracting(o -> o.getMetadata().getName())
        .containsExactly("sb-switchboard-operator-leader-election");

    ConfigMap dashboard = only(objects, ConfigMap.class);
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    JsonNode json =
        SERIALIZATION.unmarshal(dashboard.getData().get("switchboard.json"), JsonNode.class);
    assertThat(json.path("panels"))
        .extracting(p -> p.path("title").asText())
        .contains(
            "Backlog per stage (consumer lag)",
            "Operator reconciliations per second",
            "Notification deliveries by channel and status",
            "Channel quota used (share of limit)");
    assertThat(objects).noneMatch(GenericKubernetesResource.class::isInstance);
  }

  @Test
  void namespacedInstallGetsRolesInEachWatchedNamespaceAndValuesApply(@TempDir Path dir)
      throws IOException {
    Path values = dir.resolve("values.yaml");
    Files.writeString(
        values,
        """
        watchNamespaces: [team-a, team-b]
        image:
          tag: 1.2.3
        logLevel: DEBUG
        prometheusRule:
          enabled: true
        resources:
          limits:
            memory: 1Gi
        """);
    List<HasMetadata> objects =
        render(
            new Helm(CHART)
                .template()
                .withKubeVersion(KUBE_VERSION)
                .withName("sb")
                .withNamespace("ops")
                .withValuesFile(values)
                .call());

    List<Role> roles =
        objects.stream()
            .filter(Role.class::isInstance)
            .map(Role.class::cast)
            .filter(r -> r.getMetadata().getName().equals("sb-switchboard-operator"))
            .toList();
    assertThat(roles)
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("team-a", "team-b");
    roles.forEach(r -> assertGrantsEverythingTheOperatorWrites(r.getRules()));
    assertThat(objects.stream().filter(ClusterRole.class::isInstance))
        .as("only the CRD lookup stays cluster-wide")
        .extracting(o -> o.getMetadata().getName())
        .containsExactly("sb-switchboard-operator-crds");

    var container =
        only(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("switchboard/switchboard-operator:1.2.3");
    assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
    assertThat(env(container.getEnv()))
        .containsEntry("SWITCHBOARD_WATCH_NAMESPACES", "team-a,team-b")
        .containsEntry("SWITCHBOARD_LOG_LEVEL", "DEBUG");

    GenericKubernetesResource rule = only(objects, GenericKubernetesResource.class);
    assertThat(rule.getKind()).isEqualTo("PrometheusRule");
    assertThat(SERIALIZATION.asJson(rule))
        .contains(
            "SwitchboardStageDown",
            "SwitchboardConsumerLagGrowing",
            "SwitchboardErrorRateHigh",
            "SwitchboardDeliveryFailureRatioHigh",
            "SwitchboardChannelQuotaNearlyExhausted",
            "SwitchboardChannelQuotaExhausted",
            "SwitchboardReconcileFailures");
  }

  /** Every kind the reconciler writes is granted with exactly the verbs it needs, no wildcard. */
  private static void assertGrantsEverythingTheOperatorWrites(List<PolicyRule> rules) {
    assertThat(rules)
        .allSatisfy(
            r -> {
              assertThat(r.getVerbs()).doesNotContain("*");
              assertThat(r.getResources()).doesNotContain("*");
            });
    for (Class<? extends HasMetadata> kind : ServerResources.OWNED_KINDS) {
      String group = HasMetadata.getGroup(kind);
      String plural = HasMetadata.getPlural(kind);
      assertThat(rules)
          .as("a rule for %s.%s", plural, group)
          .anySatisfy(
              r -> {
                assertThat(r.getApiGroups()).contains(group);
                assertThat(r.getResources()).contains(plural);
                assertThat(r.getVerbs())
                    .contains("get", "list", "watch", "create", "patch", "delete");
              });
    }
    assertThat(rules)
        .anySatisfy(
            r -> {
              assertThat(r.getResources()).contains("messagingservers/status");
              assertThat(r.getVerbs()).contains("patch");
            })
        .anySatisfy(
            r -> {
              assertThat(r.getResources()).contains("events");
              assertThat(r.getVerbs()).contains("create");
            })
        .anySatisfy(
            r -> {
              // Channels' Secrets are read; master keys and Application keys are created.
              assertThat(r.getResources()).containsExactly("secrets");
              assertThat(r.getVerbs())
                  .containsExactlyInAnyOrder("get", "list", "watch", "create", "update");
            });
  }

  static List<HasMetadata> render(String manifests) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : Pattern.compile("(?m)^---\\s*$").splitAsStream(manifests).toList()) {
      String trimmed = document.strip();
      if (trimmed.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
        continue;
      }
      objects.add(SERIALIZATION.unmarshal(trimmed, HasMetadata.class));
    }
    return objects;
  }

  private static <T> T only(List<HasMetadata> objects, Class<T> kind) {
    List<T> matching = objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    assertThat(matching).as(kind.getSimpleName().toLowerCase(Locale.ROOT)).hasSize(1);
    return matching.get(0);
  }

  private static Map<String, String> env(List<EnvVar> env) {
    return env.stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  private static List<String> fileNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
