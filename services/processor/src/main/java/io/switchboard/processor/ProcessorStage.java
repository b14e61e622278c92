package io.switchboard.processor;

import io.micronaut.context.annotation.Requires;
import io.switchboard.core.blocking.BlockingFilter;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.core.notify.message.NotificationCodec;
import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.EnvelopeKind;
import io.switchboard.core.pipeline.Route;
import io.switchboard.core.pipeline.Stage;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Replies;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.processor.account.AccountCommands;
import io.switchboard.processor.iq.IqDispatcher;
import io.switchboard.processor.notify.NotificationProcessor;
import io.switchboard.processor.presence.PresenceProcessor;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import jakarta.inject.Singleton;

/**
 * The processor stage: the business logic. It decides, per stanza, whether the server answers it
 * itself (iqs to the server or to an account, undirected presence) or whether it goes to the router
 * for delivery (messages, directed presence, iqs to a full JID).
 */
@Singleton
@Requires(property = "switchboard.stages.processor.enabled", notEquals = "false")
public class ProcessorStage implements Stage {

  private final String domain;
  private final IqDispatcher iqs;
  private final PresenceProcessor presence;
  private final PipelineMetrics metrics;
  private final BlockingFilter blocking;
  private final AccountCommands commands;
  private final NotificationProcessor notifications;

  public ProcessorStage(
      SwitchboardConfig config,
      IqDispatcher iqs,
      PresenceProcessor presence,
      PipelineMetrics metrics,
      BlockingFilter blocking,
      AccountCommands commands,
      NotificationProcessor notifications) {
    this.domain = config.domain();
    this.iqs = iqs;
    this.presence = presence;
    this.metrics = metrics;
    this.blocking = blocking;
    this.commands = commands;
    this.notifications = notifications;
  }

  @Override
  public String name() {
    return "processor";
  }

  @Override
  public Destination input() {
    return Destination.PROCESSOR;
  }

  @Override
  public void process(Envelope in, StageOutput out) throws Exception {
    if (in.kind() == EnvelopeKind.COMMAND && NotificationCodec.isNotification(in.payload())) {
      // A notification request the API accepted (docs/notifications.md).
      notifications.process(in, out);
      return;
    }
    if (in.kind() == EnvelopeKind.COMMAND && NotificationCodec.isPartHandOver(in.payload())) {
      // A part made after the split (an in-app fallback part from the router).
      notifications.dispatchPart(in.payload().attr("id"), out);
      return;
    }
    if (in.kind() == EnvelopeKind.COMMAND) {
      // Server-internal work handed over durably (account removal from the admin API).
      commands.process(in, out);
      return;
    }
    if (in.kind() != EnvelopeKind.STANZA) {
      metrics.error(name(), "unexpected-envelope");
      return;
    }
    Stanza stanza = Stanza.of(in.payload());
    Jid to = stanza.to();
    if (to != null && !to.domain().equals(domain)) {
      // No server-to-server federation: other domains are unreachable (RFC 6120 §10.4.2).
      if (stanza.kind() != Stanza.Kind.PRESENCE || stanza.type().startsWith("subscri")) {
        Replies.error(in, stanza.element(), StanzaError.REMOTE_SERVER_NOT_FOUND, null, domain, out);
      }
      return;
    }
    if (blocking.stopsOutbound(in, stanza, out)) {
      // XEP-0191: the sender blocked the recipient, or the recipient blocked a presence's sender.
      return;
    }
    switch (stanza.kind()) {
      case MESSAGE:
        processMessage(stanza, in, out);
        break;
      case PRESENCE:
        presence.process(stanza, in, out);
        break;
      case IQ:
        processIq(stanza, in, out);
        break;
    }
  }

  private void processMessage(Stanza message, Envelope in, StageOutput out) {
    Jid to = message.to() == null ? message.from().bare() : message.to();
    if (to.local() == null) {
      // A message to the server itself (RFC 6120 §10.3): no service here consumes one.
      if (!message.isError() && "normal".equals(message.type())) {
        Replies.error(in, message.element(), StanzaError.SERVICE_UNAVAILABLE, null, domain, out);
      }
      return;
    }
    out.emit(Destination.ROUTER, EnvelopeKind.ROUTE, Route.to(to), message.element());
  }

  private void processIq(Stanza iq, Envelope in, StageOutput out) throws Exception {
    Jid to = iq.to();
    if (to == null || to.local() == null || to.isBare()) {
      // Addressed to the server or to an account: the server answers (RFC 6121 §8.5.1, §8.5.2).
      iqs.dispatch(iq, in, out);
      return;
    }
    out.emit(Destination.ROUTER, EnvelopeKind.ROUTE, Route.to(to), iq.element());
  }
}
