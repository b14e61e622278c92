package io.switchboard.processor.disco;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.switchboard.core.capabilities.ServerInfoStore;
import io.switchboard.core.config.SwitchboardConfig;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, writes the server's disco features and their XEP-0115 verification string to the store,
 * where access nodes read them for their stream features.
 */
@Singleton
@Requires(property = "switchboard.stages.processor.enabled", notEquals = "false")
public class CapabilitiesPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(CapabilitiesPublisher.class);

  private final DiscoInfoHandler disco;
  private final ServerInfoStore store;
  private final String domain;

  public CapabilitiesPublisher(
      DiscoInfoHandler disco, ServerInfoStore store, SwitchboardConfig config) {
    this.disco = disco;
    this.store = store;
    this.domain = config.domain();
  }

  @EventListener
  void publish(StartupEvent event) {
    try {
      store.publish(domain, disco.serverVer(), disco.announcedServerFeatures());
      LOG.info("published server capabilities {} for {}", disco.serverVer(), domain);
    } catch (RuntimeException e) {
      LOG.warn("could not publish server capabilities: {}", e.toString());
    }
  }
}
