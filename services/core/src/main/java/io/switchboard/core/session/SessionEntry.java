package io.switchboard.core.session;

import io.switchboard.xmpp.Jid;
import java.util.Objects;

/**
 * One connected resource: the full JID bound to a stream and the access node that holds it.
 *
 * @param jid full JID
 * @param nodeId access node holding the socket
 * @param streamId the stream's id on that node
 * @param available whether the resource sent initial presence (RFC 6121 §4.2) and not yet
 *     unavailable presence
 * @param priority presence priority, -128..127 (RFC 6121 §4.7.2.3)
 * @param updatedMillis last write, epoch milliseconds; entries of a node that stopped refreshing
 *     them expire
 */
public record SessionEntry(
    Jid jid, String nodeId, String streamId, boolean available, int priority, long updatedMillis) {

  public SessionEntry {
    Objects.requireNonNull(jid, "jid");
    if (jid.isBare()) {
      throw new IllegalArgumentException("a session is bound to a full JID: " + jid);
    }
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(streamId, "streamId");
  }

  public SessionEntry withPresence(boolean nowAvailable, int newPriority, long nowMillis) {
    return new SessionEntry(jid, nodeId, streamId, nowAvailable, newPriority, nowMillis);
  }

  public SessionEntry refreshed(long nowMillis) {
    return new SessionEntry(jid, nodeId, streamId, available, priority, nowMillis);
  }
}
