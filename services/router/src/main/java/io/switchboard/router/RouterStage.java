package io.switchboard.router;

import io.micronaut.context.annotation.Requires;
import io.switchboard.core.blocking.BlockingFilter;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.core.notify.message.NotificationCodec;
import io.switchboard.core.offline.OfflineStore;
import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.EnvelopeKind;
import io.switchboard.core.pipeline.Route;
import io.switchboard.core.pipeline.Stage;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.session.SessionEntry;
import io.switchboard.core.session.SessionTable;
import io.switchboard.core.stanza.Replies;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.core.user.UserStore;
import io.switchboard.router.notify.DeliveryScheduler;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router stage: resolves a stanza's recipient to sessions through the session table and hands
 * it to the access node of each, stores it offline (XEP-0160) when the account has no available
 * resource, or answers the sender with the error RFC 6121 §8.5 names. The account store is
 * consulted only when the recipient has no session. Messages are also archived for both parties
 * (XEP-0313, through {@link MessageArchiver}, off the delivery path) and copied to carbons-enabled
 * resources (XEP-0280, {@link CarbonCopies}).
 */
@Singleton
@Requires(property = "switchboard.stages.router.enabled", notEquals = "false")
public class RouterStage implements Stage {

  private static final Logger LOG = LoggerFactory.getLogger(RouterStage.class);

  private final SessionTable sessions;
  private final UserStore users;
  private final PipelineMetrics metrics;
  private final String domain;
  private final OfflineStore offline;
  private final MessageArchiver archiver;
  private final Clock clock;
  private final BlockingFilter blocking;

  private final DeliveryScheduler deliveries;

  public RouterStage(
      SessionTable sessions,
      UserStore users,
      OfflineStore offline,
      MessageArchiver archiver,
      PipelineMetrics metrics,
      SwitchboardConfig config,
      Clock clock,
      BlockingFilter blocking,
      DeliveryScheduler deliveries) {
    this.deliveries = deliveries;
    this.sessions = sessions;
    this.users = users;
    this.offline = offline;
    this.archiver = archiver;
    this.metrics = metrics;
    this.domain = config.domain();
    this.clock = clock;
    this.blocking = blocking;
  }

  /**
   * XEP-0160: keep the message for the account's next login, stamped with XEP-0203 delay.
   *
   * @param stanza the message as stored (with its stanza-id, if archived)
   * @return whether it was stored; if not, the sender got an error
   */
  private boolean storeOffline(Envelope in, Stanza stanza, Jid to, StageOutput out) {
    Instant now = clock.instant();
    XmlElement delayed = Stanzas.delayed(stanza.element(), domain, now);
    OfflineStore.Result result =
        offline.store(in.id(), to, delayed, in.createdMicros(), Date.from(now));
    if (result == OfflineStore.Result.STORED) {
      metrics.count("switchboard.offline.stored");
      return true;
    }
    metrics.count("switchboard.router.rejected", "condition", "offline-full");
    Replies.error(
        in,
        stanza.element(),
        StanzaError.RESOURCE_CONSTRAINT,
        "the recipient's offline storage is full",
        domain,
        out);
    return false;
  }

  @Override
  public String name() {
    return "router";
  }

  @Override
  public Destination input() {
    return Destination.ROUTER;
  }

  @Override
  public void process(Envelope in, StageOutput out) {
    if (in.kind() == EnvelopeKind.COMMAND && NotificationCodec.isPartHandOver(in.payload())) {
      // A notification part for an external channel: attempted off this thread.
      deliveries.submit(in.payload().attr("id"));
      return;
    }
    if (in.kind() != EnvelopeKind.ROUTE || in.route() == null) {
      metrics.error(name(), "unexpected-envelope");
      return;
    }
    Stanza stanza = Stanza.of(in.payload());
    Jid to = in.route().to();
    if (blocking.stopsInbound(in, stanza, to, out)) {
      // XEP-0191 §3.4: the recipient blocked the sender.
      return;
    }
    if (stanza.kind() == Stanza.Kind.MESSAGE) {
      XmlElement clean = MessageArchiver.stripOwnStanzaIds(stanza.element(), domain);
      if (clean != stanza.element()) {
        stanza = new Stanza(clean, stanza.kind(), stanza.type(), stanza.from(), stanza.to());
      }
    }
    List<SessionEntry> resources = sessions.sessions(to.bare());
    RoutingRules.Decision decision =
        RoutingRules.decide(stanza, to, resources, () -> users.exists(to));
    if (decision instanceof RoutingRules.Deliver deliver) {
      if (stanza.kind() == Stanza.Kind.MESSAGE) {
        deliverMessage(in, stanza, to.bare(), resources, deliver.targets(), out);
      } else {
        for (SessionEntry target : deliver.targets()) {
          out.deliver(Route.deliver(target.jid(), target.nodeId()), stanza.element());
        }
      }
    } else if (decision instanceof RoutingRules.Reject reject) {
      metrics.count("switchboard.router.rejected", "condition", reject.condition().condition());
      Replies.error(in, stanza.element(), reject.condition(), null, domain, out);
    } else if (decision instanceof RoutingRules.Offline) {
      offlineMessage(in, stanza, to, out);
    } else if (decision instanceof RoutingRules.Drop drop) {
      metrics.count("switchboard.router.dropped");
      LOG.debug("dropped {} to {}: {}", stanza.kind(), to, drop.reason());
    }
  }

  /** A message to resources of its recipient: archived, delivered with its stanza-id, carbons. */
  private void deliverMessage(
      Envelope in,
      Stanza message,
      Jid recipient,
      List<SessionEntry> resources,
      List<SessionEntry> targets,
      StageOutput out) {
    Jid sender = sender(in, message);
    MessageArchiver.Ids ids = archiver.decide(in, message, recipient, sender);
    XmlElement delivered =
        ids.recipient() == null
            ? message.element()
            : MessageArchiver.withStanzaId(message.element(), recipient, ids.recipient());
    for (SessionEntry target : targets) {
      out.deliver(Route.deliver(target.jid(), target.nodeId()), delivered);
    }
    archiver.record(in, message, recipient, sender, ids);
    carbons(message, sender, ids, recipient, resources, delivered, targets, out);
  }

  /** A message for an account without a resource to take it: stored, archived, sent carbons. */
  private void offlineMessage(Envelope in, Stanza message, Jid to, StageOutput out) {
    Jid recipient = to.bare();
    Jid sender = sender(in, message);
    MessageArchiver.Ids ids = archiver.decide(in, message, recipient, sender);
    XmlElement stored =
        ids.recipient() == null
            ? message.element()
            : MessageArchiver.withStanzaId(message.element(), recipient, ids.recipient());
    Stanza copy = new Stanza(stored, message.kind(), message.type(), message.from(), message.to());
    if (!storeOffline(in, copy, to, out)) {
      return;
    }
    archiver.record(in, message, recipient, sender, ids);
    carbons(message, sender, ids, recipient, List.of(), stored, List.of(), out);
  }

  /** XEP-0280 copies for the sender's and the recipient's other carbons-enabled resources. */
  private void carbons(
      Stanza message,
      Jid sender,
      MessageArchiver.Ids ids,
      Jid recipient,
      List<SessionEntry> recipientResources,
      XmlElement delivered,
      List<SessionEntry> targets,
      StageOutput out) {
    if (!CarbonCopies.eligible(message)) {
      return;
    }
    List<SessionEntry> senderResources = List.of();
    XmlElement sentCopy = message.element();
    if (sender != null) {
      senderResources =
          sender.bare().equals(recipient) && !recipientResources.isEmpty()
              ? recipientResources
              : sessions.sessions(sender.bare());
      if (ids.sender() != null) {
        sentCopy = MessageArchiver.withStanzaId(sentCopy, sender.bare(), ids.sender());
      }
    }
    int copies =
        CarbonCopies.copy(
            sender, senderResources, sentCopy, recipientResources, delivered, targets, out);
    for (int i = 0; i < copies; i++) {
      metrics.count("switchboard.router.carbons");
    }
  }

  /** The local client resource that sent a message, or null for internal traffic. */
  private static Jid sender(Envelope in, Stanza message) {
    if (in.session() == null || in.session().jid() == null) {
      return null;
    }
    Jid jid = in.session().jid();
    return message.from() == null || message.from().equals(jid) ? jid : null;
  }
}
