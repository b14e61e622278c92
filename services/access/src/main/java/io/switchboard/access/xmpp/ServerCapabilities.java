package io.switchboard.access.xmpp;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.switchboard.core.capabilities.ServerInfoStore;
import io.switchboard.core.config.SwitchboardConfig;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's XEP-0115 {@code <c/>} element for stream features (§6.3), from what the processor
 * published; refreshed in the background so a stream never waits for the store.
 */
@Singleton
@Requires(property = "switchboard.stages.access.enabled", notEquals = "false")
public class ServerCapabilities {

  static final String NODE = "https://switchboard.io";
  private static final Logger LOG = LoggerFactory.getLogger(ServerCapabilities.class);

  private final ServerInfoStore store;
  private final String domain;
  private volatile String element = "";

  public ServerCapabilities(ServerInfoStore store, SwitchboardConfig config) {
    this.store = store;
    this.domain = config.domain();
  }

  /** The {@code <c/>} element, or "" while nothing was published. */
  String element() {
    return element;
  }

  @Scheduled(fixedDelay = "30s", initialDelay = "1s")
  void refresh() {
    try {
      element =
          store
              .find(domain)
              .map(
                  c ->
                      "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='"
                          + NODE
                          + "' ver='"
                          + c.ver()
                          + "'/>")
              .orElse("");
    } catch (RuntimeException e) {
      LOG.debug("server capabilities not available: {}", e.toString());
    }
  }
}
