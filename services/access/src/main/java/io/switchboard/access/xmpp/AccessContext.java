package io.switchboard.access.xmpp;

import io.netty.handler.ssl.SslContext;
import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.core.pipeline.Transport;
import io.switchboard.core.session.SessionTable;
import io.switchboard.core.user.UserStore;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every client connection of this node shares.
 *
 * @param blocking executor for work that may block (store look-ups, session table writes), never
 *     run on a socket's event loop
 */
record AccessContext(
    XmppConfig config,
    String domain,
    String nodeId,
    Transport transport,
    SessionTable sessions,
    UserStore users,
    PipelineMetrics metrics,
    LocalConnections connections,
    SslContext tls,
    Executor blocking,
    Clock clock,
    AtomicLong ids,
    ResumableSessions resumable,
    UndeliveredMessages undelivered,
    InBandRegistration registration,
    ServerCapabilities capabilities) {

  /** A new id, unique across nodes and restarts: node id, then a counter seeded by the clock. */
  String nextId() {
    return nodeId + "-" + Long.toString(ids.incrementAndGet(), 36);
  }

  long nowMicros() {
    java.time.Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
