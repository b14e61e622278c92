package io.switchboard.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.crds.AutoscalingSpec;
import io.switchboard.crds.ListenerSpec;
import io.switchboard.crds.ListenersSpec;
import io.switchboard.crds.ManagedMongoDbSpec;
import io.switchboard.crds.MessagingServer;
import io.switchboard.crds.StageSpec;
import io.switchboard.crds.StagesSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecValidationTest {

  @Test
  void examplesAreValid() {
    assertThat(SpecValidation.validate(Fixtures.minimal())).isEmpty();
    assertThat(SpecValidation.validate(Fixtures.production())).isEmpty();
  }

  @Test
  void natsAndMongoDbNeedExactlyOneSource() {
    MessagingServer both = Fixtures.minimal();
    both.getSpec().getNats().setUrl("nats://x:4222");
    both.getSpec().getMongodb().setManaged(null);
    assertThat(SpecValidation.validate(both))
        .containsExactly(
            "spec.nats needs exactly one of url and managed",
            "spec.mongodb needs exactly one of uriSecretRef and managed");

    MessagingServer twoMongo = Fixtures.production();
    twoMongo.getSpec().getMongodb().setManaged(new ManagedMongoDbSpec());
    assertThat(SpecValidation.validate(twoMongo))
        .containsExactly("spec.mongodb needs exactly one of uriSecretRef and managed");
  }

  @Test
  void domainsMustBeDnsNames() {
    MessagingServer server = Fixtures.minimal();
    server.getSpec().setDomains(List.of("Chat Example"));
    assertThat(SpecValidation.validate(server))
        .singleElement()
        .asString()
        .contains("'Chat Example' is not a lower-case DNS name");
    server.getSpec().setDomains(List.of());
    assertThat(SpecValidation.validate(server)).singleElement().asString().contains("at least one");
  }

  @Test
  void autoscalingMaxMustReachMin() {
    MessagingServer server = Fixtures.minimal();
    AutoscalingSpec autoscaling = new AutoscalingSpec();
    autoscaling.setMinReplicas(5);
    autoscaling.setMaxReplicas(2);
    StageSpec router = new StageSpec();
    router.setAutoscaling(autoscaling);
    StagesSpec stages = new StagesSpec();
    stages.setRouter(router);
    server.getSpec().setStages(stages);
    assertThat(SpecValidation.validate(server))
        .containsExactly(
            "spec.stages.router.autoscaling.maxReplicas must be at least minReplicas (5)");
  }

  @Test
  void directTlsNeedsTlsAndIngressNeedsHttp() {
    MessagingServer server = Fixtures.production();
    server.getSpec().setTls(null);
    ListenerSpec off = new ListenerSpec();
    off.setEnabled(false);
    ListenersSpec listeners = server.getSpec().getListeners();
    listeners.setHttp(off);
    assertThat(SpecValidation.validate(server))
        .containsExactly(
            "spec.listeners.directTls needs spec.tls (a key store Secret)",
            "spec.ingress needs the http listener enabled");
  }

  @Test
  void configMayNotOverrideWhatTheOperatorDerives() {
    MessagingServer server = Fixtures.minimal();
    server.getSpec().setConfig(Map.of("switchboard.stages.access.enabled", "false"));
    assertThat(SpecValidation.validate(server))
        .singleElement()
        .asString()
        .contains("spec.config may not set switchboard.stages.access.enabled");
  }

  @Test
  void tooLongANameIsRefused() {
    MessagingServer server = Fixtures.minimal();
    server.getMetadata().setName("x".repeat(41));
    assertThat(SpecValidation.validate(server))
        .singleElement()
        .asString()
        .contains("longer than 40");
  }

  @Test
  void missingSpecIsRefused() {
    MessagingServer server = Fixtures.minimal();
    server.setSpec(null);
    assertThat(SpecValidation.validate(server)).containsExactly("spec is missing");
  }
}
