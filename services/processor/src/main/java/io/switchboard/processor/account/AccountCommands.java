package io.switchboard.processor.account;

import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.EnvelopeKind;
import io.switchboard.core.pipeline.Route;
import io.switchboard.core.pipeline.ServerCommand;
import io.switchboard.core.pipeline.StageOutput;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor's side of {@link EnvelopeKind#COMMAND} envelopes: an account removal the admin API
 * handed over (durably, on the processor's input) is run by {@link AccountRemoval}, then the access
 * node that asked is told it is done. Commands arrive only from server code (see {@link
 * EnvelopeKind#COMMAND}); clients' stanzas never reach this class.
 */
@Singleton
public class AccountCommands {

  private static final Logger LOG = LoggerFactory.getLogger(AccountCommands.class);

  private final AccountRemoval removal;
  private final PipelineMetrics metrics;

  public AccountCommands(AccountRemoval removal, PipelineMetrics metrics) {
    this.removal = removal;
    this.metrics = metrics;
  }

  public void process(Envelope in, StageOutput out) {
    ServerCommand command;
    try {
      command = ServerCommand.parse(in.payload());
    } catch (IllegalArgumentException e) {
      LOG.warn("dropping command {}: {}", in.id(), e.getMessage());
      metrics.error("processor", "bad-command");
      return;
    }
    if (!(command instanceof ServerCommand.RemoveAccount remove)) {
      metrics.error("processor", "unexpected-command");
      return;
    }
    if (!removal.remove(remove.account(), out)) {
      LOG.info("account {} was already removed", remove.account());
    }
    if (remove.replyNode() != null) {
      out.emit(
          Destination.accessNode(remove.replyNode()),
          EnvelopeKind.COMMAND,
          Route.deliver(remove.account(), remove.replyNode()),
          new ServerCommand.AccountRemoved(remove.account(), in.id()).toXml());
    }
  }
}
