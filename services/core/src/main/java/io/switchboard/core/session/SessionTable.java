package io.switchboard.core.session;

import io.switchboard.xmpp.Jid;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Who is connected where. Access nodes write their sessions; every stage may read. In local mode
 * this is a map in the JVM; in distributed mode a NATS key-value bucket, mirrored into each
 * reader's memory so that a look-up on the message path never leaves the process.
 */
public interface SessionTable {

  /** Adds or replaces the entry of {@code entry.jid()}. */
  void put(SessionEntry entry);

  /**
   * Changes the entry of a full JID in one atomic read-modify-write against the table itself, not a
   * possibly lagging copy: a change made right after a bind sees the bound entry, and a change that
   * races the session's end never resurrects it.
   *
   * @param streamId the stream the change is meant for, or null for whichever stream holds the JID
   * @param change computes the new entry from the current one
   * @return the entry before and after the change, or empty when no session of that JID (and
   *     stream) exists
   */
  Optional<Change> update(Jid fullJid, String streamId, UnaryOperator<SessionEntry> change);

  /** What {@link #update} found and what it stored. */
  record Change(SessionEntry before, SessionEntry after) {}

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
