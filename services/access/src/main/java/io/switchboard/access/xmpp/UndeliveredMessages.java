package io.switchboard.access.xmpp;

import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.core.offline.OfflineStore;
import io.switchboard.core.user.UserStore;
import io.switchboard.xmpp.Jid;
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
 * Messages a client never acknowledged (XEP-0198) when its session ends without resumption: they go
 * to offline storage, to be delivered at the next login, instead of being lost. Not for an account
 * that is gone or being removed: its offline storage is being cleared, and a new account of the
 * same name must not receive them.
 */
@Singleton
public class UndeliveredMessages {

  private static final Logger LOG = LoggerFactory.getLogger(UndeliveredMessages.class);
  private static final String CARBONS_NS = "urn:xmpp:carbons:2";
  private static final String MAM_NS = "urn:xmpp:mam:2";

  private final OfflineStore offline;
  private final UserStore users;
  private final PipelineMetrics metrics;
  private final Clock clock;
  private final String domain;

  public UndeliveredMessages(
      OfflineStore offline,
      UserStore users,
      PipelineMetrics metrics,
      Clock clock,
      SwitchboardConfig config) {
    this.offline = offline;
    this.users = users;
    this.metrics = metrics;
    this.clock = clock;
    this.domain = config.domain();
  }

  /** Stores the storable messages among {@code stanzas}, for the account of {@code jid}. */
  void store(Jid jid, String smId, List<XmlElement> stanzas) {
    if (stanzas.stream().noneMatch(UndeliveredMessages::storable)) {
      return;
    }
    if (!users.exists(jid.bare())) {
      metrics.count("switchboard.sm.unacked.dropped");
      return;
    }
    Instant now = clock.instant();
    long seq = now.toEpochMilli() * 1000;
    int index = 0;
    for (XmlElement stanza : stanzas) {
      index++;
      if (!storable(stanza)) {
        continue;
      }
      XmlElement delayed = Stanzas.delayed(stanza, domain, now);
      try {
        offline.store(smId + "-" + index, jid.bare(), delayed, seq + index, Date.from(now));
        metrics.count("switchboard.sm.unacked.stored");
      } catch (RuntimeException e) {
        LOG.error("could not keep an unacknowledged message for {}: {}", jid, e.toString());
      }
    }
  }

  private static boolean storable(XmlElement stanza) {
    if (!"message".equals(stanza.name())) {
      return false;
    }
    String type = stanza.attr("type");
    if (type != null && !"chat".equals(type) && !"normal".equals(type)) {
      return false;
    }
    // Copies and query results belong to the session that asked for them, not to the account.
    return stanza.child("received", CARBONS_NS) == null
        && stanza.child("sent", CARBONS_NS) == null
        && stanza.child("result", MAM_NS) == null;
  }
}
