package io.switchboard.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.switchboard.crds.MessagingServer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminTokenTest {

  @Test
  void aGeneratedTokenIsOwnedByTheServerAndReadBack() {
    MessagingServer server = Fixtures.minimal();
    String token = AdminToken.generate(new SecureRandom());
    assertThat(token).matches("[0-9a-f]{64}");
    assertThat(AdminToken.generate(new SecureRandom())).isNotEqualTo(token);

    Secret secret = AdminToken.secret(server, token);
    assertThat(secret.getMetadata().getName()).isEqualTo("demo-admin-token");
    assertThat(secret.getMetadata().getNamespace()).isEqualTo(Fixtures.NAMESPACE);
    assertThat(secret.getMetadata().getLabels())
        .containsEntry(ServerResources.LABEL_COMPONENT, "admin-token")
        .containsEntry(ServerResources.LABEL_MANAGED_BY, ServerResources.MANAGER);
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(r -> assertThat(r.getUid()).isEqualTo("uid-demo"));
    // What `kubectl get secret demo-admin-token -o jsonpath='{.data.admin-token}' | base64 -d`
    // prints.
    assertThat(
            new String(
                Base64.getDecoder().decode(secret.getData().get("admin-token")),
                StandardCharsets.UTF_8))
        .isEqualTo(token);
    assertThat(AdminToken.read(secret)).contains(token);
  }

  @Test
  void aTokenSetByHandIsKeptWhenLongEnough() {
    assertThat(
            AdminToken.read(
                new SecretBuilder()
                    .withStringData(Map.of(AdminToken.KEY, " chosen-by-hand-0123 \n"))
                    .build()))
        .contains("chosen-by-hand-0123");
  }

  @Test
  void aSecretWithoutAUsableTokenHoldsNone() {
    assertThat(AdminToken.read(new SecretBuilder().build())).isEmpty();
    assertThat(
            AdminToken.read(
                new SecretBuilder().withStringData(Map.of(AdminToken.KEY, "short")).build()))
        .isEmpty();
    assertThat(
            AdminToken.read(
                new SecretBuilder().withData(Map.of(AdminToken.KEY, "%%not base64%%")).build()))
        .isEmpty();
  }
}
