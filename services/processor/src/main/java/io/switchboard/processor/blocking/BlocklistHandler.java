package io.switchboard.processor.blocking;

import io.switchboard.core.blocking.BlockListStore;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.xmpp.Jid;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * {@code <blocklist xmlns='urn:xmpp:blocking'/>} (get): the items, in the order they were added.
 */
@Singleton
public class BlocklistHandler extends BlockingHandler {

  private final BlockListStore store;

  @Inject
  public BlocklistHandler(SwitchboardConfig config, BlockListStore store) {
    this(config.domain(), store);
  }

  BlocklistHandler(String domain, BlockListStore store) {
    super("blocklist", "get", domain);
    this.store = store;
  }

  @Override
  void handle(Stanza iq, Jid user, Envelope in, StageOutput out) {
    result(iq, user, payload("blocklist", store.get(user).items()), in, out);
  }
}
