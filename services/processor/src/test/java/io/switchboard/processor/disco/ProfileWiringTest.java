package io.switchboard.processor.disco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.switchboard.processor.iq.IqDispatcher;
import io.switchboard.processor.privatedata.PrivateDataHandler;
import io.switchboard.processor.search.SearchHandler;
import io.switchboard.processor.vcard.VCardHandler;
import io.switchboard.processor.version.VersionHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The profile handlers as the processor's application context builds them: found as beans,
 * announced by service discovery, configured from properties.
 */
class ProfileWiringTest {

  @Test
  void everyHandlerIsFoundAnnouncedAndConfigured() throws Exception {
    Map<String, Object> props = props();
    props.put("switchboard.vcard.max-bytes", 2048);
    props.put("switchboard.private-storage.max-bytes", 4096);
    props.put("switchboard.search.max-results", 7);
    props.put("switchboard.software-version.show-os", false);
    try (ApplicationContext ctx = ApplicationContext.run(props)) {
      ctx.getBean(IqDispatcher.class);
      DiscoInfoHandler disco = ctx.getBean(DiscoInfoHandler.class);
      assertThat(disco.announcedServerFeatures())
          .contains(
              "http://jabber.org/protocol/disco#info",
              "http://jabber.org/protocol/disco#items",
              "jabber:iq:version",
              "urn:xmpp:time",
              "urn:xmpp:ping",
              "jabber:iq:private",
              "vcard-temp",
              "jabber:iq:search");
      assertThat(disco.announcedAccountFeatures())
          .contains(
              "http://jabber.org/protocol/disco#info",
              "http://jabber.org/protocol/disco#items",
              "jabber:iq:private",
              "vcard-temp")
          .doesNotContain("jabber:iq:search", "jabber:iq:version");
      assertThat(ctx.getBean(VCardHandler.VCardConfig.class).maxBytes()).isEqualTo(2048);
      assertThat(ctx.getBean(PrivateDataHandler.PrivateStorageConfig.class).maxBytes())
          .isEqualTo(4096);
      assertThat(ctx.getBean(SearchHandler.SearchConfig.class).maxResults()).isEqualTo(7);
      assertThat(ctx.getBean(VersionHandler.VersionConfig.class).showOs()).isFalse();
    }
  }

  @Test
  void defaultsAreTheDocumentedOnes() throws Exception {
    try (ApplicationContext ctx = ApplicationContext.run(props())) {
      assertThat(ctx.getBean(VCardHandler.VCardConfig.class).maxBytes()).isEqualTo(65536);
      assertThat(ctx.getBean(PrivateDataHandler.PrivateStorageConfig.class).maxBytes())
          .isEqualTo(65536);
      assertThat(ctx.getBean(SearchHandler.SearchConfig.class).maxResults()).isEqualTo(50);
      assertThat(ctx.getBean(VersionHandler.VersionConfig.class).showOs()).isTrue();
    }
  }

  @Test
  void limitsOutOfRangeAreRefused() throws Exception {
    Map<String, Object> props = props();
    props.put("switchboard.vcard.max-bytes", 10);
    // The processor stage is built when the context starts, so the context does not start.
    assertThatThrownBy(() -> ApplicationContext.run(props).close())
        .hasMessageContaining("maxBytes");
  }

  private static Map<String, Object> props() throws Exception {
    Path data = Files.createTempDirectory("sb-processor-test-");
    Map<String, Object> props = new HashMap<>();
    props.put("switchboard.data-dir", data.toString());
    props.put("switchboard.node-id", "test-node");
    return props;
  }
}
