package io.switchboard.core.pipeline;

import io.switchboard.xmpp.XmlElement;

/** What a stage emits while processing one envelope. */
public interface StageOutput {

  /**
   * Emits an envelope derived from the input: the next id in sequence, this stage's trace stamp.
   */
  void emit(Destination to, EnvelopeKind kind, Route route, XmlElement payload);

  /** Delivers a stanza to one session on one access node. */
  default void deliver(Route route, XmlElement stanza) {
    emit(Destination.accessNode(route.nodeId()), EnvelopeKind.DELIVERY, route, stanza);
  }
}
