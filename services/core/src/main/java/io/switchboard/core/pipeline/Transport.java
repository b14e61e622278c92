package io.switchboard.core.pipeline;

import java.util.concurrent.CompletableFuture;

/**
 * Moves envelopes between stages: the receivers stages take work from and the channels they hand
 * results to. {@code local} keeps everything in memory; {@code nats} uses NATS core subjects and
 * JetStream. Stage code only ever sees this interface.
 */
public interface Transport extends AutoCloseable {

  /**
   * Hands an envelope to a destination. The future completes once the destination has accepted it
   * (for {@link Destination.Delivery#DURABLE}: once it is stored), or fails; a full local queue
   * fails it with {@link BackPressureException} after waiting.
   */
  CompletableFuture<Void> send(Destination to, Envelope envelope);

  /** Starts delivering envelopes of a destination to a handler until the registration is closed. */
  Registration receive(Destination from, EnvelopeHandler handler);

  /** Envelopes waiting for a destination (queue depth or consumer lag), -1 if unknown. */
  long backlog(Destination destination);

  /** Whether an envelope may be handed to a receiver more than once (at-least-once delivery). */
  boolean redelivers(Destination destination);

  @Override
  void close();

  /** A running receiver. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
