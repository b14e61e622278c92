package io.switchboard.core.pipeline;

import io.switchboard.xmpp.Jid;
import java.util.Objects;

/**
 * The client session an envelope came from: the access node that holds its socket, the stream id
 * that names it there, and the full JID bound to it (null before resource binding).
 */
public record SessionRef(String nodeId, String streamId, Jid jid) {
  public SessionRef {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(streamId, "streamId");
  }
}
