package io.switchboard.core.notify.message;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Moves parts between states and queues the status callback of every change that happened, so that
 * no stage changes a status without its callback.
 */
@Singleton
public class PartStatusRecorder {

  private final MessageStore store;
  private final CallbackOutbox callbacks;

  public PartStatusRecorder(MessageStore store, CallbackOutbox callbacks) {
    this.store = store;
    this.callbacks = callbacks;
  }

  /** See {@link MessageStore#transition(String, PartStatus, String, int, Instant)}. */
  public Optional<Part> transition(
      String partId, PartStatus to, String detail, int attempts, Instant nextAttemptAt) {
    return transition(partId, to.allowedFrom(), to, detail, attempts, nextAttemptAt);
  }

  public Optional<Part> transition(
      String partId,
      Set<PartStatus> from,
      PartStatus to,
      String detail,
      int attempts,
      Instant nextAttemptAt) {
    Optional<Part> moved = store.transition(partId, from, to, detail, attempts, nextAttemptAt);
    moved.ifPresent(callbacks::enqueue);
    return moved;
  }

  /** Queues the callback of a part's first state (made by the split); idempotent. */
  public void created(Part part) {
    callbacks.enqueueFirst(part);
  }
}
