package io.switchboard.access.xmpp;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.switchboard.core.pipeline.TransportFactory;
import io.switchboard.core.session.SessionTable;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In distributed mode, re-writes this node's session entries well within the session table's TTL,
 * so that readers can tell the sessions of a live node from those of a node that died.
 */
@Singleton
@Requires(property = "switchboard.stages.access.enabled", notEquals = "false")
@Requires(property = TransportFactory.DEPLOYMENT_TYPE, value = "distributed")
public class SessionRefresher {

  private static final Logger LOG = LoggerFactory.getLogger(SessionRefresher.class);

  private final LocalConnections connections;
  private final SessionTable sessions;
  private final Clock clock;

  public SessionRefresher(LocalConnections connections, SessionTable sessions, Clock clock) {
    this.connections = connections;
    this.sessions = sessions;
    this.clock = clock;
  }

  @Scheduled(fixedDelay = "${switchboard.nats.session-refresh:30s}", initialDelay = "30s")
  void refresh() {
    long now = clock.millis();
    int refreshed = 0;
    for (XmppSession c : connections.all()) {
      if (c.jid() == null) {
        continue;
      }
      try {
        // A compare-and-set, so a presence the processor stored a moment ago is kept.
        if (sessions.update(c.jid(), c.streamId(), e -> e.refreshed(now)).isPresent()) {
          refreshed++;
          continue;
        }
        // Not in the bucket although the stream is alive (aged out while NATS was unreachable):
        // written again from this process's copy, unless the session ended meanwhile.
        var mirrored = sessions.session(c.jid());
        if (mirrored.isPresent() && mirrored.get().streamId().equals(c.streamId())) {
          LOG.info("session entry of {} was missing from the table; writing it again", c.jid());
          sessions.put(mirrored.get().refreshed(now));
          refreshed++;
        }
      } catch (RuntimeException e) {
        LOG.warn("refreshing the session of {} failed: {}", c.jid(), e.toString());
      }
    }
    LOG.debug("refreshed {} session entries", refreshed);
  }
}
