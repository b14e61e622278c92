package io.switchboard.operator.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.switchboard.core.notify.catalog.ManifestReader;
import io.switchboard.crds.Channel;
import io.switchboard.crds.ChannelStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredFormTest {

  @Test
  void theStoredChannelKeepsItsSpecAndDropsStatusAndBookkeeping() {
    Channel channel =
        ChannelValidationTest.channel(
            "spec: {serverRef: s, type: webhook, endpoint: 'https://h/x'}");
    channel.getMetadata().setFinalizers(List.of("channels.switchboard.io/finalizer"));
    channel.getMetadata().setResourceVersion("42");
    channel.setStatus(new ChannelStatus());

    Channel stored = StoredForm.of(channel);
    assertThat(stored.getSpec().getEndpoint()).isEqualTo("https://h/x");
    assertThat(stored.getStatus()).isNull();
    assertThat(stored.getMetadata().getFinalizers()).isEmpty();
    assertThat(stored.getMetadata().getResourceVersion()).isNull();
    assertThat(stored.getMetadata().getName()).isEqualTo("ch");
    // The original is untouched.
    assertThat(channel.getStatus()).isNotNull();
    // And the services read it back as a Channel.
    assertThat(
            new ManifestReader()
                .add(ManifestReader.parseJson(ManifestReader.toJson(stored)), "test")
                .build()
                .channel("ch"))
        .isPresent();
  }

  @Test
  void secretValuesAreDecoded() {
    Secret secret =
        new SecretBuilder()
            .withData(Map.of("signingKey", "c2VjcmV0"))
            .withStringData(Map.of("other", "plain"))
            .build();
    assertThat(StoredForm.secretValues(secret))
        .containsExactlyInAnyOrderEntriesOf(Map.of("signingKey", "secret", "other", "plain"));
  }
}
