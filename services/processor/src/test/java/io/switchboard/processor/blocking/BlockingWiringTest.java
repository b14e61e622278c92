package io.switchboard.processor.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.switchboard.core.blocking.BlockListStore;
import io.switchboard.core.blocking.LocalBlockListChanges;
import io.switchboard.core.user.AccountData;
import io.switchboard.processor.disco.DiscoInfoHandler;
import io.switchboard.processor.iq.IqDispatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The blocking beans as the processor's application context builds them. */
class BlockingWiringTest {

  @Test
  void theHandlersAreFoundAnnouncedAndTheStoreTakesPartInAccountRemoval() throws Exception {
    Map<String, Object> props = props();
    props.put("switchboard.blocking.max-items", 12);
    try (ApplicationContext ctx = ApplicationContext.run(props)) {
      ctx.getBean(IqDispatcher.class);
      assertThat(ctx.getBean(BlocklistHandler.class)).isNotNull();
      assertThat(ctx.getBean(UnblockHandler.class)).isNotNull();
      DiscoInfoHandler disco = ctx.getBean(DiscoInfoHandler.class);
      assertThat(disco.announcedServerFeatures()).contains("urn:xmpp:blocking");
      assertThat(disco.announcedAccountFeatures()).contains("urn:xmpp:blocking");
      assertThat(ctx.getBean(BlockHandler.BlockingConfig.class).maxItems()).isEqualTo(12);
      assertThat(ctx.getBeansOfType(AccountData.class)).anyMatch(BlockListStore.class::isInstance);
      // A local deployment announces changes within the process.
      assertThat(ctx.getBean(io.switchboard.core.blocking.BlockListChanges.class))
          .isInstanceOf(LocalBlockListChanges.class);
    }
  }

  @Test
  void theDefaultLimitIsTheDocumentedOneAndOutOfRangeIsRefused() throws Exception {
    try (ApplicationContext ctx = ApplicationContext.run(props())) {
      assertThat(ctx.getBean(BlockHandler.BlockingConfig.class).maxItems()).isEqualTo(1000);
    }
    Map<String, Object> props = props();
    props.put("switchboard.blocking.max-items", 0);
    assertThatThrownBy(() -> ApplicationContext.run(props).close())
        .hasMessageContaining("maxItems");
  }

  private static Map<String, Object> props() throws Exception {
    Path data = Files.createTempDirectory("sb-blocking-test-");
    Map<String, Object> props = new HashMap<>();
    props.put("switchboard.data-dir", data.toString());
    props.put("switchboard.node-id", "test-node");
    return props;
  }
}
