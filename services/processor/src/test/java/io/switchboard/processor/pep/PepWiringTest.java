package io.switchboard.processor.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.switchboard.core.user.AccountData;
import io.switchboard.processor.caps.CapsObserver;
import io.switchboard.processor.caps.CapsResolver;
import io.switchboard.processor.disco.AccountDiscoProvider;
import io.switchboard.processor.disco.DiscoInfoHandler;
import io.switchboard.processor.iq.IqDispatcher;
import io.switchboard.processor.iq.IqResultHandler;
import io.switchboard.processor.presence.PresenceListener;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Personal eventing as the processor's application context builds it. */
class PepWiringTest {

  @Test
  void theBeansAreFoundAnnouncedAndConfigured() throws Exception {
    Map<String, Object> props = props();
    props.put("switchboard.pep.moments-max-items", 20);
    try (ApplicationContext ctx = ApplicationContext.run(props)) {
      ctx.getBean(IqDispatcher.class);
      DiscoInfoHandler disco = ctx.getBean(DiscoInfoHandler.class);
      assertThat(disco.announcedAccountFeatures())
          .contains(
              "http://jabber.org/protocol/pubsub#publish",
              "http://jabber.org/protocol/pubsub#auto-create",
              "http://jabber.org/protocol/pubsub#auto-subscribe",
              "http://jabber.org/protocol/pubsub#filtered-notifications",
              "http://jabber.org/protocol/pubsub#publish-options",
              "http://jabber.org/protocol/pubsub#last-published",
              "http://jabber.org/protocol/pubsub#retract-items",
              "http://jabber.org/protocol/pubsub#persistent-items",
              "http://jabber.org/protocol/pubsub#retrieve-items",
              "http://jabber.org/protocol/pubsub#access-whitelist");
      // The domain is no pubsub service: the bare namespace is not announced there.
      assertThat(disco.announcedServerFeatures())
          .contains("http://jabber.org/protocol/pubsub#publish")
          .doesNotContain("http://jabber.org/protocol/pubsub");
      assertThat(ctx.getBeansOfType(AccountDiscoProvider.class))
          .hasAtLeastOneElementOfType(PepDiscovery.class);
      assertThat(ctx.getBeansOfType(PresenceListener.class))
          .hasAtLeastOneElementOfType(CapsResolver.class);
      assertThat(ctx.getBeansOfType(IqResultHandler.class))
          .hasAtLeastOneElementOfType(CapsResolver.class);
      assertThat(ctx.getBeansOfType(CapsObserver.class))
          .hasAtLeastOneElementOfType(PepNotifier.class);
      assertThat(ctx.getBeansOfType(AccountData.class)).hasAtLeastOneElementOfType(PepStore.class);
      PepConfig config = ctx.getBean(PepConfig.class);
      assertThat(config.momentsMaxItems()).isEqualTo(20);
      assertThat(config.maxItems()).isEqualTo(256);
      assertThat(config.maxNodes()).isEqualTo(256);
      assertThat(config.maxPayloadBytes()).isEqualTo(131072);
    }
  }

  @Test
  void limitsOutOfRangeAreRefused() throws Exception {
    Map<String, Object> props = props();
    props.put("switchboard.pep.max-payload-bytes", 10);
    assertThatThrownBy(() -> ApplicationContext.run(props).getBean(PepConfig.class))
        .hasMessageContaining("maxPayloadBytes");
  }

  private static Map<String, Object> props() throws Exception {
    Map<String, Object> props = new HashMap<>();
    props.put("switchboard.data-dir", Files.createTempDirectory("sb-pep-test-").toString());
    props.put("switchboard.node-id", "test-node");
    return props;
  }
}
