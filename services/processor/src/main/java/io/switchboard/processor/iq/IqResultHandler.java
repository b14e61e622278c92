package io.switchboard.processor.iq;

import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Stanza;

/**
 * Takes the answers (iq result or error) to requests the server itself sent, recognized by their
 * {@code id}; answers no handler takes are dropped (RFC 6120 §8.2.3).
 */
public interface IqResultHandler {

  /** Whether this is the answer to one of this handler's requests. */
  boolean accepts(Stanza iq);

  /** Handles an iq result or error that {@link #accepts} took. */
  void handle(Stanza iq, Envelope in, StageOutput out) throws Exception;
}
