package io.switchboard.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.switchboard.core.notify.apps.SecretCipher;
import io.switchboard.crds.MessagingServer;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MasterKeyTest {

  @Test
  void aGeneratedKeyIsOwnedByTheServerAndOpensTheServicesCipher() {
    MessagingServer server = new MessagingServer();
    server.getMetadata().setName("demo");
    server.getMetadata().setNamespace("ns");
    server.getMetadata().setUid("uid-9");
    String key = MasterKey.generate(new SecureRandom());
    Secret secret = MasterKey.secret(server, key);
    assertThat(secret.getMetadata().getName()).isEqualTo("demo-api-master-key");
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(r -> assertThat(r.getUid()).isEqualTo("uid-9"));
    assertThat(MasterKey.read(secret)).contains(key);
    // The services accept it as switchboard.api.master-key.
    SecretCipher cipher = new SecretCipher(MasterKey.read(secret).orElseThrow());
    assertThat(cipher.decrypt(cipher.encrypt("x", "id"), "id")).isEqualTo("x");
  }

  @Test
  void aSecretWithoutAWellFormedKeyHoldsNone() {
    assertThat(MasterKey.read(new SecretBuilder().build())).isEmpty();
    assertThat(
            MasterKey.read(
                new SecretBuilder().withStringData(Map.of(MasterKey.KEY, "abc")).build()))
        .isEmpty();
  }
}
