package io.switchboard.router.channel;

/**
 * Sends one part (one recipient on one channel) over an external channel: e-mail, a webhook, a chat
 * bot, SMS. One implementation per channel type, a {@code @Singleton} found by {@link #type()}. An
 * adapter makes exactly one attempt and classifies its result; retries, back-off, dead parts and
 * status callbacks are the router's business, not the adapter's.
 */
public interface ChannelAdapter {

  /**
   * The channel type this adapter serves, as written in a Channel: {@code email}, {@code slack}.
   */
  String type();

  /**
   * Makes one delivery attempt. Never throws for a failure of the far side: a timeout, a refused
   * connection, a 5xx or a 429 is {@link DeliveryOutcome.Retry}; a 4xx, a rejected address, a
   * vendor error code that says the request itself is wrong is {@link DeliveryOutcome.Failed}.
   *
   * @throws InterruptedException when the router is shutting down
   */
  DeliveryOutcome deliver(OutboundPart part, ChannelSettings channel) throws InterruptedException;
}
