package io.switchboard.crds;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/** The fluent builders build what the YAML says, and the model round-trips through JSON. */
class BuildersTest {

  @Test
  void builtServerRoundTripsThroughYaml() {
    MessagingServer server =
        new MessagingServerBuilder()
            .withMetadata(new ObjectMetaBuilder().withName("demo").build())
            .withNewSpec()
            .withDomains("chat.example.com")
            .withNewStages()
            .withNewRouter()
            .withReplicas(3)
            .endRouter()
            .endStages()
            .withNewNats()
            .withNewManaged()
            .withReplicas(3)
            .endManaged()
            .endNats()
            .withNewMongodb()
            .withNewUriSecretRef()
            .withName("mongo")
            .endUriSecretRef()
            .endMongodb()
            .withNewListeners()
            .withNewXmpp()
            .withServiceType(ServiceType.LOAD_BALANCER)
            .endXmpp()
            .endListeners()
            .endSpec()
            .build();

    KubernetesSerialization serialization = new KubernetesSerialization();
    String yaml = serialization.asYaml(server);
    assertThat(yaml)
        .contains("apiVersion: \"switchboard.io/v1alpha1\"")
        .contains("kind: \"MessagingServer\"")
        .contains("serviceType: \"LoadBalancer\"");
    MessagingServer back = serialization.unmarshal(yaml, MessagingServer.class);
    assertThat(back.getSpec().getStages().getRouter().getReplicas()).isEqualTo(3);
    assertThat(back.getSpec().getListeners().getXmpp().getServiceType())
        .isEqualTo(ServiceType.LOAD_BALANCER);
    assertThat(back.getSpec().getMongodb().getUriSecretRef().getName()).isEqualTo("mongo");
  }

  @Test
  void channelTypesUseTheirYamlNames() {
    Channel channel =
        new ChannelBuilder()
            .withMetadata(new ObjectMetaBuilder().withName("c").build())
            .withNewSpec()
            .withServerRef("demo")
            .withType(ChannelType.IN_APP)
            .endSpec()
            .build();
    assertThat(new KubernetesSerialization().asJson(channel)).contains("\"type\":\"inApp\"");
  }
}
