package io.switchboard.core.blocking;

import io.switchboard.xmpp.Jid;

/**
 * Tells every process of the platform that an account's block list changed, so that each drops what
 * it cached of it. Local deployments have one process ({@link LocalBlockListChanges}); distributed
 * ones publish on NATS ({@link NatsBlockListChanges}).
 */
public interface BlockListChanges {

  /** What a process does when a block list changed somewhere. */
  interface Listener {

    /** The block list of {@code account} (a bare JID) changed. */
    void changed(Jid account);

    /** Notices may have been missed (a reconnection): any block list may have changed. */
    void anyChanged();
  }

  /** Announces, after the store was written, that the list of {@code account} changed. */
  void publish(Jid account);

  /** Registers a listener for the changes every process announces, this one included. */
  void subscribe(Listener listener);
}
