package io.switchboard.core.session;

import io.switchboard.xmpp.Jid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/** The session table of one JVM: bare JID to its resources. */
public final class LocalSessionTable implements SessionTable {

  private final Map<Jid, Map<String, SessionEntry>> byBare = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();

  @Override
  public void put(SessionEntry entry) {
    byBare.compute(
        entry.jid().bare(),
        (bare, resources) -> {
          Map<String, SessionEntry> map =
              resources == null ? new ConcurrentHashMap<>(4) : resources;
          if (map.put(entry.jid().resource(), entry) == null) {
            size.incrementAndGet();
          }
          return map;
        });
  }

  @Override
  public Optional<Change> update(Jid fullJid, String streamId, UnaryOperator<SessionEntry> change) {
    Change[] done = new Change[1];
    byBare.computeIfPresent(
        fullJid.bare(),
        (bare, resources) -> {
          resources.computeIfPresent(
              fullJid.resource(),
              (r, current) -> {
                if (streamId != null && !current.streamId().equals(streamId)) {
                  return current;
                }
                SessionEntry next = change.apply(current);
                done[0] = new Change(current, next);
                return next;
              });
          return resources;
        });
    return Optional.ofNullable(done[0]);
  }

  @Override
  public void remove(Jid fullJid, String streamId) {
    byBare.computeIfPresent(
        fullJid.bare(),
        (bare, resources) -> {
          SessionEntry current = resources.get(fullJid.resource());
          if (current != null
              && current.streamId().equals(streamId)
              && resources.remove(fullJid.resource(), current)) {
            size.decrementAndGet();
          }
          return resources.isEmpty() ? null : resources;
        });
  }

  @Override
  public Optional<SessionEntry> session(Jid fullJid) {
    Map<String, SessionEntry> resources = byBare.get(fullJid.bare());
    return resources == null
        ? Optional.empty()
        : Optional.ofNullable(resources.get(fullJid.resource()));
  }

  @Override
  public List<SessionEntry> sessions(Jid bareJid) {
    Map<String, SessionEntry> resources = byBare.get(bareJid);
    return resources == null ? List.of() : List.copyOf(resources.values());
  }

  @Override
  public List<SessionEntry> all() {
    List<SessionEntry> out = new ArrayList<>(size.get());
    for (Map<String, SessionEntry> resources : byBare.values()) {
      out.addAll(resources.values());
    }
    return out;
  }

  @Override
  public int size() {
    return size.get();
  }
}
