package io.switchboard.router;

import io.micronaut.context.annotation.Requires;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.metrics.PipelineMetrics;
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
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router stage: resolves a stanza's recipient to sessions through the session table and hands
 * it to the access node of each, stores it offline (XEP-0160) when the account has no available
 * resource, or answers the sender with the error RFC 6121 §8.5 names. The account store is
 * consulted only when the recipient has no session.
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
  private final Clock clock;

  public RouterStage(
      SessionTable sessions,
      UserStore users,
      OfflineStore offline,
      PipelineMetrics metrics,
      SwitchboardConfig config,
      Clock clock) {
    this.sessions = sessions;
    this.users = users;
    this.offline = offline;
    this.metrics = metrics;
    this.domain = config.domain();
    this.clock = clock;
  }

  static final String DELAY_NS = "urn:xmpp:delay";

  /** XEP-0160: keep the message for the account's next login, stamped with XEP-0203 delay. */
  private void storeOffline(Envelope in, Stanza stanza, Jid to, StageOutput out) {
    Instant now = clock.instant();
    XmlElement delayed =
        stanza.element().toBuilder()
            .child(
                XmlElement.builder("delay", DELAY_NS)
                    .attr("from", domain)
                    .attr(
                        "stamp",
                        DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.MILLIS)))
                    .build())
            .build();
    OfflineStore.Result result =
        offline.store(in.id(), to, delayed, in.createdMicros(), Date.from(now));
    if (result == OfflineStore.Result.STORED) {
      metrics.count("switchboard.offline.stored");
      return;
    }
    metrics.count("switchboard.router.rejected", "condition", "offline-full");
    Replies.error(
        in,
        stanza.element(),
        StanzaError.RESOURCE_CONSTRAINT,
        "the recipient's offline storage is full",
        domain,
        out);
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
    if (in.kind() != EnvelopeKind.ROUTE || in.route() == null) {
      metrics.error(name(), "unexpected-envelope");
      return;
    }
    Stanza stanza = Stanza.of(in.payload());
    Jid to = in.route().to();
    RoutingRules.Decision decision =
        RoutingRules.decide(stanza, to, sessions.sessions(to.bare()), () -> users.exists(to));
    if (decision instanceof RoutingRules.Deliver deliver) {
      for (SessionEntry target : deliver.targets()) {
        out.deliver(Route.deliver(target.jid(), target.nodeId()), stanza.element());
      }
    } else if (decision instanceof RoutingRules.Reject reject) {
      metrics.count("switchboard.router.rejected", "condition", reject.condition().condition());
      Replies.error(in, stanza.element(), reject.condition(), null, domain, out);
    } else if (decision instanceof RoutingRules.Offline) {
      storeOffline(in, stanza, to, out);
    } else if (decision instanceof RoutingRules.Drop drop) {
      metrics.count("switchboard.router.dropped");
      LOG.debug("dropped {} to {}: {}", stanza.kind(), to, drop.reason());
    }
  }
}
