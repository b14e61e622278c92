package io.switchboard.processor.presence;

import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.session.SessionEntry;

/**
 * Told about every available presence a resource broadcasts (RFC 6121 §4.2, §4.4), after the
 * processor recorded and broadcast it. Features that act on a resource's presence hang here, such
 * as entity capabilities (XEP-0115) and personal eventing (XEP-0163).
 */
public interface PresenceListener {

  /**
   * One available presence.
   *
   * @param before the resource's session entry before this presence
   * @param after the same entry with this presence and its priority recorded
   * @param initial whether it is the resource's initial presence (it was not available before)
   */
  void available(SessionEntry before, SessionEntry after, boolean initial, StageOutput out);
}
