package io.switchboard.access.xmpp;

import io.micrometer.core.instrument.Gauge;
import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.xmpp.Jid;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bound client connections of this access node, by full JID; and the count of all open ones.
 */
@Singleton
public class LocalConnections {

  private final Map<Jid, XmppSession> bound = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();

  public LocalConnections(PipelineMetrics metrics) {
    Gauge.builder("switchboard.connections.open", open, AtomicInteger::get)
        .description("Open client connections on this access node")
        .register(metrics.registry());
    Gauge.builder("switchboard.sessions.bound", bound, Map::size)
        .description("Client connections with a bound resource on this access node")
        .register(metrics.registry());
  }

  void opened() {
    open.incrementAndGet();
  }

  void closed() {
    open.decrementAndGet();
  }

  void bind(Jid fullJid, XmppSession connection) {
    bound.put(fullJid, connection);
  }

  void unbind(Jid fullJid, XmppSession connection) {
    bound.remove(fullJid, connection);
  }

  XmppSession get(Jid fullJid) {
    return bound.get(fullJid);
  }

  public boolean isBound(Jid fullJid) {
    return bound.containsKey(fullJid);
  }

  Collection<XmppSession> all() {
    return bound.values();
  }

  public int openCount() {
    return open.get();
  }
}
