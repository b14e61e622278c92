package io.switchboard.access.xmpp;

import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Detached sessions of this access node that a client may resume (XEP-0198), by stream management
 * id. Resumption works on the node that held the session: behind a load balancer, clients need
 * session affinity for it (documented in docs/xmpp-features.md).
 */
@Singleton
public class ResumableSessions {

  private final Map<String, XmppSession> byId = new ConcurrentHashMap<>();

  void add(String id, XmppSession session) {
    byId.put(id, session);
  }

  /** Removes and returns the session of an id, or null. */
  XmppSession take(String id) {
    return byId.remove(id);
  }

  void remove(String id, XmppSession session) {
    byId.remove(id, session);
  }

  public int size() {
    return byId.size();
  }
}
