package io.switchboard.core.notify.message;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The life of one part (one recipient on one channel); docs/notifications.md draws it. A transition
 * is applied only from the states listed here, atomically in the store, which is what makes handing
 * a part on idempotent: a redelivered hand-over finds the part already moved on and does nothing.
 */
public enum PartStatus {
  /** Created by the split; in-app parts wait here for the user to come online. */
  PENDING,
  /** Handed to the router for an external channel. */
  QUEUED,
  /** In-app: pushed into at least one live XMPP session and stored in the inbox. */
  SENT,
  /** The channel accepted it. */
  DELIVERED,
  /** An attempt failed in a way another attempt may cure; waiting for the next one. */
  RETRYING,
  /** Failed for good: the channel refused it. */
  FAILED,
  /** Out of attempts; can be listed and replayed. */
  DEAD,
  /** In-app: the user read it in the inbox. */
  READ;

  /** The wire and API name: lower case. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static PartStatus fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }

  /** The states a part may come to this one from. */
  public Set<PartStatus> allowedFrom() {
    return switch (this) {
      case PENDING -> EnumSet.noneOf(PartStatus.class);
      case QUEUED -> EnumSet.of(PENDING, DEAD, FAILED);
      case SENT -> EnumSet.of(PENDING);
      case DELIVERED -> EnumSet.of(QUEUED, RETRYING);
      case RETRYING -> EnumSet.of(QUEUED, RETRYING);
      case FAILED -> EnumSet.of(PENDING, QUEUED, RETRYING);
      case DEAD -> EnumSet.of(QUEUED, RETRYING);
      case READ -> EnumSet.of(PENDING, SENT);
    };
  }

  /** Whether nothing more happens to a part in this state unless someone replays it. */
  public boolean isFinal() {
    return this == DELIVERED || this == FAILED || this == DEAD || this == READ;
  }
}
