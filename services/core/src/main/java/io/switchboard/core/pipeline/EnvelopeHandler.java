package io.switchboard.core.pipeline;

import java.util.concurrent.CompletionStage;

/**
 * Takes one envelope from a transport. The returned stage completes when everything the handler
 * emitted has been accepted by the next hand-over; only then does a durable transport acknowledge
 * the input. A failed stage makes a durable transport redeliver the envelope later.
 */
@FunctionalInterface
public interface EnvelopeHandler {
  CompletionStage<Void> handle(Envelope envelope);
}
