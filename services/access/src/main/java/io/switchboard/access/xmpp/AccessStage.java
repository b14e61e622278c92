package io.switchboard.access.xmpp;

import io.micronaut.context.annotation.Requires;
import io.switchboard.access.admin.AccountRemovals;
import io.switchboard.core.config.NodeIdentity;
import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.EnvelopeKind;
import io.switchboard.core.pipeline.ServerCommand;
import io.switchboard.core.pipeline.Stage;
import io.switchboard.core.pipeline.StageOutput;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access stage's receiver: stanzas the pipeline delivers to a session of this node are written
 * to that session's socket; commands end a session (account removal) or complete an admin API
 * request.
 */
@Singleton
@Requires(property = "switchboard.stages.access.enabled", notEquals = "false")
public class AccessStage implements Stage {

  private static final Logger LOG = LoggerFactory.getLogger(AccessStage.class);

  private final Destination input;
  private final LocalConnections connections;
  private final AccountRemovals removals;
  private final PipelineMetrics metrics;

  public AccessStage(
      NodeIdentity node,
      LocalConnections connections,
      AccountRemovals removals,
      PipelineMetrics metrics) {
    this.input = Destination.accessNode(node.id());
    this.connections = connections;
    this.removals = removals;
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
    if (in.kind() == EnvelopeKind.COMMAND && in.route() != null) {
      command(in);
      return;
    }
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

  private void command(Envelope in) {
    ServerCommand command;
    try {
      command = ServerCommand.parse(in.payload());
    } catch (IllegalArgumentException e) {
      LOG.warn("dropping command {}: {}", in.id(), e.getMessage());
      metrics.error(name(), "bad-command");
      return;
    }
    if (command instanceof ServerCommand.CloseSession close) {
      XmppSession target = connections.get(in.route().to());
      if (target != null) {
        target.terminate(close.condition(), close.text());
      }
    } else if (command instanceof ServerCommand.AccountRemoved removed) {
      removals.completed(removed.request());
    } else {
      metrics.error(name(), "unexpected-command");
    }
  }
}
