package io.switchboard.core.pipeline;

/**
 * One pipeline stage: it takes envelopes from its {@link #input()} and emits results through a
 * {@link StageOutput}. Implementations are plain beans that know nothing of the transport; a {@link
 * StageRunner} connects them to it.
 */
public interface Stage {

  /** Short name, used in metrics and traces: access, parser, processor, router. */
  String name();

  /** Where this stage takes its work from. */
  Destination input();

  /**
   * Processes one envelope. Everything the stage emits goes through {@code out}. An exception is
   * counted, logged, and for durable inputs leads to a redelivery.
   */
  void process(Envelope envelope, StageOutput out) throws Exception;
}
