package io.switchboard.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.switchboard.crds.MessagingServer;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ServiceConfigurationTest {

  @Test
  void minimalServerRendersDistributedConfigurationForManagedNats() throws IOException {
    ConfigMap config = ServiceConfiguration.configMap(Fixtures.model(Fixtures.minimal()));

    assertThat(config.getMetadata().getName()).isEqualTo("demo-config");
    assertThat(config.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("uid-demo");
    Properties shared = parse(config.getData().get("application.properties"));
    assertThat(shared)
        .containsEntry("deployment.type", "distributed")
        .containsEntry("switchboard.domain", "chat.example.com")
        .containsEntry("switchboard.nats.url", "nats://demo-nats.ns.svc:4222")
        .containsEntry("switchboard.mongo.database", "switchboard")
        .containsEntry("switchboard.xmpp.host", "0.0.0.0")
        .containsEntry("switchboard.xmpp.port", "5222")
        .containsEntry("micronaut.server.host", "0.0.0.0")
        .containsEntry("micronaut.server.port", "8080")
        .doesNotContainKey("switchboard.mongo.uri")
        .doesNotContainKey("switchboard.xmpp.tls-keystore");
    for (Stage stage : Stage.values()) {
      Properties stageProps = parse(config.getData().get(stage.role() + ".properties"));
      for (Stage other : Stage.values()) {
        assertThat(stageProps)
            .containsEntry(
                "switchboard.stages." + other.role() + ".enabled", String.valueOf(other == stage));
      }
    }
  }

  @Test
  void productionServerRendersExternalNatsTlsAndItsOwnProperties() throws IOException {
    Map<String, String> data = ServiceConfiguration.data(Fixtures.model(Fixtures.production()));
    Properties shared = parse(data.get("application.properties"));
    assertThat(shared)
        .containsEntry("switchboard.nats.url", "tls://nats.messaging.svc:4222")
        .containsEntry("switchboard.nats.credentials-file", "/etc/switchboard/nats/nats.creds")
        .containsEntry("switchboard.domains", "example.com,chat.example.com")
        .containsEntry("switchboard.xmpp.tls-keystore", "/etc/switchboard/tls/keystore.p12")
        .containsEntry("switchboard.xmpp.direct-tls-port", "5223")
        .containsEntry("switchboard.xmpp.max-stanza-bytes", "262144");
  }

  @Test
  void valuesWithSpecialCharactersSurviveAPropertiesRoundTrip() throws IOException {
    MessagingServer server = Fixtures.minimal();
    server.getSpec().setConfig(Map.of("my key=x", " value: with\nnewline \\ and # hash"));
    Properties shared =
        parse(ServiceConfiguration.data(Fixtures.model(server)).get("application.properties"));
    assertThat(shared).containsEntry("my key=x", " value: with\nnewline \\ and # hash");
  }

  @Test
  void checksumIsStableAndFollowsTheData() {
    Map<String, String> a = ServiceConfiguration.data(Fixtures.model(Fixtures.minimal()));
    Map<String, String> b = ServiceConfiguration.data(Fixtures.model(Fixtures.minimal()));
    assertThat(ServiceConfiguration.checksum(a))
        .isEqualTo(ServiceConfiguration.checksum(b))
        .hasSize(64);

    MessagingServer changed = Fixtures.minimal();
    changed.getSpec().setConfig(Map.of("switchboard.xmpp.auth-timeout", "10s"));
    assertThat(ServiceConfiguration.checksum(ServiceConfiguration.data(Fixtures.model(changed))))
        .isNotEqualTo(ServiceConfiguration.checksum(a));
  }

  @Test
  void scalingDoesNotChangeTheConfiguration() {
    MessagingServer scaled = Fixtures.minimal();
    scaled
        .getSpec()
        .setStages(
            new io.switchboard.crds.StagesSpecBuilder()
                .withNewRouter()
                .withReplicas(5)
                .endRouter()
                .build());
    assertThat(ServiceConfiguration.data(Fixtures.model(scaled)))
        .isEqualTo(ServiceConfiguration.data(Fixtures.model(Fixtures.minimal())));
  }

  private static Properties parse(String text) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(text));
    return p;
  }
}
