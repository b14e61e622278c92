package io.switchboard.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CustomResourceDefinitionsTest {

  static final Path GENERATED = Path.of("../crds/generated");

  @Test
  void everyKindHasItsGeneratedDefinitionOnTheClassPath() throws IOException {
    KubernetesSerialization serialization = new KubernetesSerialization();
    assertThat(CustomResourceDefinitions.KINDS).hasSize(4);
    for (Class<? extends CustomResource<?, ?>> kind : CustomResourceDefinitions.KINDS) {
      CustomResourceDefinition crd = CustomResourceDefinitions.of(kind);
      String name = CustomResource.getCRDName(kind);
      assertThat(crd.getMetadata().getName()).isEqualTo(name);
      assertThat(crd.getSpec().getVersions().get(0).getSubresources().getStatus()).isNotNull();
      try (InputStream in = Files.newInputStream(GENERATED.resolve(name + "-v1.yml"))) {
        // the committed copy under crds/generated, which the chart ships
        assertThat(crd).isEqualTo(serialization.unmarshal(in, CustomResourceDefinition.class));
      }
    }
  }
}
