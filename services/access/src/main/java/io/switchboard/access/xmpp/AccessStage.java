package io.switchboard.access.xmpp;

import io.micronaut.context.annotation.Requires;
import io.switchboard.core.config.NodeIdentity;
import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.EnvelopeKind;
import io.switchboard.core.pipeline.Stage;
import io.switchboard.core.pipeline.StageOutput;
import jakarta.inject.Singleton;

/**
 * The access stage's receiver: stanzas the pipeline delivers to a session of this node are written
 * to that session's socket.
 */
@Singleton
@Requires(property = "switchboard.stages.access.enabled", notEquals = "false")
public class AccessStage implements Stage {

  private final Destination input;
  private final LocalConnections connections;
  private final PipelineMetrics metrics;

  public AccessStage(NodeIdentity node, LocalConnections connections, PipelineMetrics metrics) {
    this.input = Destination.accessNode(node.id());
    this.connections = connections;
    this.metrics = metrics;
  }

  @Override
  public String name() {
    return "access";
  }

  @Override
  public Destination input() {
    return input;
  }

  @Override
  public void process(Envelope in, StageOutput out) {
    if (in.kind() != EnvelopeKind.DELIVERY || in.route() == null) {
      metrics.error(name(), "unexpected-envelope");
      return;
    }
    XmppSession target = connections.get(in.route().to());
    if (target == null || !target.isOpen()) {
      // The session closed while the stanza was on its way.
      metrics.count("switchboard.deliveries.undeliverable");
      return;
    }
    target.deliver(in.payload());
  }
}
