package io.switchboard.core.session;

import io.switchboard.xmpp.Jid;
import java.util.List;
import java.util.Optional;

/**
 * Who is connected where. Access nodes write their sessions; every stage may read. In local mode
 * this is a map in the JVM; in distributed mode a NATS key-value bucket, mirrored into each
 * reader's memory so that a look-up on the message path never leaves the process.
 */
public interface SessionTable {

  /** Adds or replaces the entry of {@code entry.jid()}. */
  void put(SessionEntry entry);

  /**
   * Replaces the entry of {@code entry.jid()} only if one exists for the same stream: presence
   * updates never resurrect a session that closed meanwhile.
   */
  void update(SessionEntry entry);

  /** Removes the entry of a full JID if it still belongs to the given stream. */
  void remove(Jid fullJid, String streamId);

  /** The entry of one full JID, if connected. */
  Optional<SessionEntry> session(Jid fullJid);

  /** All connected resources of a bare JID (possibly empty). */
  List<SessionEntry> sessions(Jid bareJid);

  /** Every connected resource (administration; not for the message path). */
  List<SessionEntry> all();

  /** Number of connected resources in the whole table, for metrics. */
  int size();
}
