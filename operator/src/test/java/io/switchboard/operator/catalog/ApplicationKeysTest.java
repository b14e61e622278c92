package io.switchboard.operator.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.switchboard.crds.Application;
import io.switchboard.crds.ApplicationSpec;
import io.switchboard.operator.model.ServerResources;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplicationKeysTest {

  static Application application(String name) {
    Application app = new Application();
    app.getMetadata().setName(name);
    app.getMetadata().setNamespace("ns");
    app.getMetadata().setUid("uid-1");
    ApplicationSpec spec = new ApplicationSpec();
    spec.setServerRef("demo");
    app.setSpec(spec);
    return app;
  }

  @Test
  void generatedPairsHaveTheServicesFormatAndDiffer() {
    ApplicationKeys.KeyPair a = ApplicationKeys.generate(new SecureRandom());
    ApplicationKeys.KeyPair b = ApplicationKeys.generate(new SecureRandom());
    assertThat(a.accessKeyId()).matches(ApplicationKeys.ACCESS_KEY_ID);
    assertThat(a.secretKey()).matches(ApplicationKeys.SECRET_KEY);
    assertThat(a).isNotEqualTo(b);
    assertThat(a.toString()).doesNotContain(a.secretKey());
  }

  @Test
  void theSecretIsOwnedLabelledAndReadsBack() {
    Application app = application("shop");
    ApplicationKeys.KeyPair pair = ApplicationKeys.generate(new SecureRandom());
    Secret secret = ApplicationKeys.secret(app, "demo", pair);
    assertThat(secret.getMetadata().getName()).isEqualTo("shop-api-key");
    assertThat(secret.getMetadata().getNamespace()).isEqualTo("ns");
    assertThat(secret.getMetadata().getLabels())
        .containsEntry(ServerResources.LABEL_COMPONENT, CatalogResources.API_KEY_COMPONENT)
        .containsEntry(CatalogResources.LABEL_APPLICATION, "shop")
        .containsEntry(ServerResources.LABEL_INSTANCE, "demo");
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getUid()).isEqualTo("uid-1");
              assertThat(r.getKind()).isEqualTo("Application");
              assertThat(r.getController()).isTrue();
            });
    assertThat(CatalogResources.ownedBy(secret, app)).isTrue();
    assertThat(ApplicationKeys.read(secret)).contains(pair);
  }

  @Test
  void aMalformedOrIncompleteSecretHoldsNoPair() {
    Secret half =
        new SecretBuilder().withStringData(Map.of(CatalogResources.ACCESS_KEY_ID, "SB00")).build();
    assertThat(ApplicationKeys.read(half)).isEmpty();
    Secret bad =
        new SecretBuilder()
            .withStringData(
                Map.of(
                    CatalogResources.ACCESS_KEY_ID,
                    "SB0123456789ABCDEF0123",
                    CatalogResources.SECRET_KEY,
                    "not-hex"))
            .build();
    assertThat(ApplicationKeys.read(bad)).isEmpty();
  }

  @Test
  void namesThatCannotNameKeysAreRefused() {
    assertThat(ApplicationKeys.validate(application("shop"))).isEmpty();
    assertThat(ApplicationKeys.validate(application("a".repeat(64))))
        .singleElement()
        .asString()
        .startsWith("metadata.name must be 1-63");
  }
}
