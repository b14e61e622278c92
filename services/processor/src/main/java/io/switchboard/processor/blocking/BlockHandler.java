package io.switchboard.processor.blocking;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.switchboard.core.blocking.BlockList;
import io.switchboard.core.blocking.BlockListStore;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Replies;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * {@code <block xmlns='urn:xmpp:blocking'><item jid='...'/>...</block>} (set): adds the items,
 * answers, pushes the same block to every connected resource of the user (XEP-0191 §3.3), and sends
 * unavailable presence to the subscribed contacts it newly blocks.
 */
@Singleton
public class BlockHandler extends BlockingHandler {

  /**
   * Limits of block lists.
   *
   * @param maxItems most items one account's list may hold
   */
  @ConfigurationProperties("switchboard.blocking")
  public record BlockingConfig(
      @Bindable(defaultValue = "1000") @Min(1) @Max(100_000) int maxItems) {}

  private final BlockListStore store;
  private final BlockingEffects effects;
  private final int maxItems;

  @Inject
  public BlockHandler(
      SwitchboardConfig config,
      BlockListStore store,
      BlockingEffects effects,
      BlockingConfig limits) {
    this(config.domain(), store, effects, limits.maxItems());
  }

  BlockHandler(String domain, BlockListStore store, BlockingEffects effects, int maxItems) {
    super("block", "set", domain);
    this.store = store;
    this.effects = effects;
    this.maxItems = maxItems;
  }

  @Override
  void handle(Stanza iq, Jid user, Envelope in, StageOutput out) {
    Items items = items(iq.payload());
    if (items.error() != null) {
      error(iq, items, in, out);
      return;
    }
    if (items.jids().isEmpty()) {
      Replies.error(
          in, iq.element(), StanzaError.BAD_REQUEST, "a block needs an item", domain, out);
      return;
    }
    BlockList current = store.get(user);
    int added = 0;
    for (Jid j : items.jids()) {
      if (!current.contains(j)) {
        added++;
      }
    }
    if (current.size() + added > maxItems) {
      Replies.error(
          in,
          iq.element(),
          StanzaError.POLICY_VIOLATION,
          "a block list holds at most " + maxItems + " items",
          domain,
          out);
      return;
    }
    BlockListStore.Change change = store.block(user, items.jids());
    result(iq, user, null, in, out);
    effects.push(user, payload("block", items.jids()), in, out);
    effects.blocked(user, change, out);
  }
}
