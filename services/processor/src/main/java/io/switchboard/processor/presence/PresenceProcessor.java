package io.switchboard.processor.presence;

import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.EnvelopeKind;
import io.switchboard.core.pipeline.Route;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.session.SessionEntry;
import io.switchboard.core.session.SessionTable;
import io.switchboard.core.stanza.Replies;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;

/**
 * Presence (RFC 6121 §4): undirected available and unavailable presence make the sending resource
 * available or not in the session table, with its priority; directed presence goes to the router.
 */
@Singleton
public class PresenceProcessor {

  private final SessionTable sessions;
  private final Clock clock;
  private final String domain;

  public PresenceProcessor(SessionTable sessions, SwitchboardConfig config, Clock clock) {
    this.sessions = sessions;
    this.clock = clock;
    this.domain = config.domain();
  }

  public void process(Stanza presence, Envelope in, StageOutput out) {
    if (presence.to() != null) {
      out.emit(Destination.ROUTER, EnvelopeKind.ROUTE, Route.to(presence.to()), presence.element());
      return;
    }
    switch (presence.type()) {
      case "available":
      case "unavailable":
        Integer priority = priority(presence.element());
        if (priority == null) {
          Replies.error(
              in,
              presence.element(),
              StanzaError.BAD_REQUEST,
              "priority must be an integer from -128 to 127",
              domain,
              out);
          return;
        }
        Optional<SessionEntry> current = sessions.session(presence.from());
        current.ifPresent(
            e ->
                sessions.put(
                    e.withPresence("available".equals(presence.type()), priority, clock.millis())));
        break;
      default:
        // Subscription requests and probes without a 'to' have no meaning for the server.
        break;
    }
  }

  /** The presence priority, 0 when absent, null when invalid (RFC 6121 §4.7.2.3). */
  static Integer priority(XmlElement presence) {
    XmlElement p = presence.child("priority", Stanzas.CLIENT_NS);
    if (p == null) {
      return 0;
    }
    try {
      int value = Integer.parseInt(p.text().trim());
      return value < -128 || value > 127 ? null : value;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
