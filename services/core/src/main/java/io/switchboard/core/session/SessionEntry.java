package io.switchboard.core.session;

import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.XmlElement;
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
 * @param presence the resource's last available presence as broadcast (from its full JID), or null;
 *     probes are answered from it (RFC 6121 §4.3.2)
 * @param carbons whether the resource enabled message carbons (XEP-0280); kept across presence
 *     changes and refreshes until the stream ends or the client disables them
 */
public record SessionEntry(
    Jid jid,
    String nodeId,
    String streamId,
    boolean available,
    int priority,
    long updatedMillis,
    XmlElement presence,
    boolean carbons) {

  /** An entry without carbons enabled. */
  public SessionEntry(
      Jid jid,
      String nodeId,
      String streamId,
      boolean available,
      int priority,
      long updatedMillis,
      XmlElement presence) {
    this(jid, nodeId, streamId, available, priority, updatedMillis, presence, false);
  }

  /** An entry without a presence stanza (a freshly bound resource). */
  public SessionEntry(
      Jid jid,
      String nodeId,
      String streamId,
      boolean available,
      int priority,
      long updatedMillis) {
    this(jid, nodeId, streamId, available, priority, updatedMillis, null, false);
  }

  public SessionEntry {
    Objects.requireNonNull(jid, "jid");
    if (jid.isBare()) {
      throw new IllegalArgumentException("a session is bound to a full JID: " + jid);
    }
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(streamId, "streamId");
  }

  /** After available presence: available, with its priority and the stanza to answer probes. */
  public SessionEntry available(int newPriority, XmlElement stanza, long nowMillis) {
    return new SessionEntry(jid, nodeId, streamId, true, newPriority, nowMillis, stanza, carbons);
  }

  /** After unavailable presence. */
  public SessionEntry unavailable(long nowMillis) {
    return new SessionEntry(jid, nodeId, streamId, false, 0, nowMillis, null, carbons);
  }

  public SessionEntry refreshed(long nowMillis) {
    return new SessionEntry(
        jid, nodeId, streamId, available, priority, nowMillis, presence, carbons);
  }

  /** With message carbons (XEP-0280) switched on or off. */
  public SessionEntry withCarbons(boolean enabled, long nowMillis) {
    return new SessionEntry(
        jid, nodeId, streamId, available, priority, nowMillis, presence, enabled);
  }
}
