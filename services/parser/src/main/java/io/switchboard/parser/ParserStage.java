package io.switchboard.parser;

import io.micronaut.context.annotation.Requires;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.EnvelopeKind;
import io.switchboard.core.pipeline.Stage;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Replies;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Singleton;

/**
 * The parser stage: validates what clients send and hands typed stanzas to the processor; refuses
 * malformed ones with the stanza error RFC 6120 names, back to the sender.
 */
@Singleton
@Requires(property = "switchboard.stages.parser.enabled", notEquals = "false")
public class ParserStage implements Stage {

  private final String domain;
  private final PipelineMetrics metrics;

  public ParserStage(SwitchboardConfig config, PipelineMetrics metrics) {
    this.domain = config.domain();
    this.metrics = metrics;
  }

  @Override
  public String name() {
    return "parser";
  }

  @Override
  public Destination input() {
    return Destination.PARSER;
  }

  @Override
  public void process(Envelope in, StageOutput out) {
    if (in.kind() != EnvelopeKind.INBOUND || in.session() == null || in.session().jid() == null) {
      metrics.error(name(), "unexpected-envelope");
      return;
    }
    StanzaValidator.Result result = StanzaValidator.validate(in.payload(), in.session().jid());
    if (result instanceof StanzaValidator.Valid valid) {
      out.emit(Destination.PROCESSOR, EnvelopeKind.STANZA, null, valid.stanza().element());
    } else if (result instanceof StanzaValidator.Invalid invalid) {
      metrics.error(name(), invalid.condition().condition());
      XmlElement offending = in.payload().withAttr("from", in.session().jid().toString());
      if (invalid.condition() == StanzaError.JID_MALFORMED) {
        // The reply comes from the server itself (RFC 6120 §8.1.2.1): the malformed address
        // cannot be its sender.
        offending = offending.withAttr("to", domain);
      }
      Replies.error(in, offending, invalid.condition(), invalid.text(), domain, out);
    }
  }
}
