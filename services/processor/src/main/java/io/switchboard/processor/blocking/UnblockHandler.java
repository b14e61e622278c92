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
 * {@code <unblock xmlns='urn:xmpp:blocking'>} (set): removes the items it names, or every item when
 * it names none (XEP-0191 §3.3); answers, pushes the same unblock to every connected resource of
 * the user, and sends the user's current presence to the subscribed contacts no longer blocked (and
 * theirs to the user).
 */
@Singleton
public class UnblockHandler extends BlockingHandler {

  private final BlockListStore store;
  private final BlockingEffects effects;

  @Inject
  public UnblockHandler(SwitchboardConfig config, BlockListStore store, BlockingEffects effects) {
    this(config.domain(), store, effects);
  }

  UnblockHandler(String domain, BlockListStore store, BlockingEffects effects) {
    super("unblock", "set", domain);
    this.store = store;
    this.effects = effects;
  }

  @Override
  void handle(Stanza iq, Jid user, Envelope in, StageOutput out) {
    Items items = items(iq.payload());
    if (items.error() != null) {
      error(iq, items, in, out);
      return;
    }
    BlockListStore.Change change =
        items.jids().isEmpty() ? store.unblockAll(user) : store.unblock(user, items.jids());
    result(iq, user, null, in, out);
    effects.push(user, payload("unblock", items.jids()), in, out);
    effects.unblocked(user, change, out);
  }
}
