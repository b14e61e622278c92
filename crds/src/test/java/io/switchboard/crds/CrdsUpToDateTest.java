package io.switchboard.crds;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CRDs committed under {@code crds/generated/} must be what the crd-generator makes from the
 * Java classes. Refresh them with {@code mvn -pl crds test -Dswitchboard.crds.update=true}.
 */
class CrdsUpToDateTest {

  static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
  static final Path COMMITTED = Path.of("generated");
  static final List<String> FILES =
      List.of(
          "messagingservers.switchboard.io-v1.yml",
          "channels.switchboard.io-v1.yml",
          "templates.switchboard.io-v1.yml",
          "applications.switchboard.io-v1.yml");

  @Test
  void committedCrdsMatchAFreshGeneration() throws IOException {
    boolean update = Boolean.getBoolean("switchboard.crds.update");
    if (update) {
      Files.createDirectories(COMMITTED);
    }
    for (String file : FILES) {
      String fresh = Files.readString(GENERATED.resolve(file), StandardCharsets.UTF_8);
      Path committed = COMMITTED.resolve(file);
      if (update) {
        Files.writeString(committed, fresh, StandardCharsets.UTF_8);
      }
      assertThat(committed)
          .as(
              "crds/generated/%s is stale: refresh it with"
                  + " mvn -pl crds test -Dswitchboard.crds.update=true",
              file)
          .exists();
      assertThat(Files.readString(committed, StandardCharsets.UTF_8))
          .as(
              "crds/generated/%s is stale: refresh it with"
                  + " mvn -pl crds test -Dswitchboard.crds.update=true",
              file)
          .isEqualTo(fresh);
    }
    try (Stream<Path> present = Files.list(COMMITTED)) {
      assertThat(present.map(p -> p.getFileName().toString()))
          .as("files in crds/generated/ that no class generates")
          .containsExactlyInAnyOrderElementsOf(FILES);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"messagingservers", "channels", "templates", "applications"})
  void everyCrdHasStatusShortNamesAndAReadyColumn(String plural) throws IOException {
    CustomResourceDefinition crd = load(plural);
    assertThat(crd.getSpec().getGroup()).isEqualTo(SwitchboardApi.GROUP);
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getShortNames()).isNotEmpty();
    CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
    assertThat(version.getName()).isEqualTo(SwitchboardApi.VERSION);
    assertThat(version.getSubresources().getStatus()).isNotNull();
    assertThat(version.getAdditionalPrinterColumns())
        .anySatisfy(
            c -> {
              assertThat(c.getName()).isEqualTo("Ready");
              assertThat(c.getJsonPath()).contains("@.type==\"Ready\"");
            });
    assertThat(version.getSchema().getOpenAPIV3Schema().getProperties().get("spec").getRequired())
        .isNotEmpty();
  }

  @Test
  void messagingServerSchemaValidatesWhatTheIssueAsksFor() throws IOException {
    var spec =
        load("messagingservers")
            .getSpec()
            .getVersions()
            .get(0)
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("spec");
    assertThat(spec.getRequired()).containsExactlyInAnyOrder("domains", "nats", "mongodb");
    var stage = spec.getProperties().get("stages").getProperties().get("access");
    assertThat(stage.getProperties().get("replicas").getMinimum()).isEqualTo(0.0);
    assertThat(stage.getProperties())
        .containsKeys("resources", "autoscaling", "podAnnotations", "nodeSelector", "tolerations");
    var listener = spec.getProperties().get("listeners").getProperties().get("xmpp");
    assertThat(listener.getProperties().get("serviceType").getEnum())
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("\"ClusterIP\"", "\"NodePort\"", "\"LoadBalancer\"");
    assertThat(spec.getProperties().get("nats").getXKubernetesValidations()).hasSize(1);
  }

  static CustomResourceDefinition load(String plural) throws IOException {
    try (InputStream in =
        Files.newInputStream(GENERATED.resolve(plural + ".switchboard.io-v1.yml"))) {
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    }
  }
}
