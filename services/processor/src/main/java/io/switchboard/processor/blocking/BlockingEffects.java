package io.switchboard.processor.blocking;

import io.switchboard.core.blocking.BlockList;
import io.switchboard.core.blocking.BlockListStore;
import io.switchboard.core.blocking.BlockingFilter;
import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.EnvelopeKind;
import io.switchboard.core.pipeline.Route;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.session.SessionEntry;
import io.switchboard.core.session.SessionTable;
import io.switchboard.processor.roster.RosterItem;
import io.switchboard.processor.roster.RosterStore;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * What follows a change of a block list (XEP-0191 §3.3): the push of the change to the user's
 * resources, and the presence the contacts concerned must now see. Contacts are the roster items;
 * an item blocks a contact when it matches the contact's bare JID.
 */
@Singleton
public class BlockingEffects {

  private final SessionTable sessions;
  private final RosterStore rosters;
  private final BlockingFilter blocking;

  public BlockingEffects(SessionTable sessions, RosterStore rosters, BlockingFilter blocking) {
    this.sessions = sessions;
    this.rosters = rosters;
    this.blocking = blocking;
  }

  /**
   * Pushes {@code payload} ({@code <block/>} or {@code <unblock/>}) in an iq set from the user's
   * bare JID to every connected resource of the user, as ejabberd does: a superset of the resources
   * that asked for the list.
   */
  void push(Jid user, XmlElement payload, Envelope in, StageOutput out) {
    for (SessionEntry s : sessions.sessions(user)) {
      XmlElement iq =
          XmlElement.builder("iq", Stanzas.CLIENT_NS)
              .attr("type", "set")
              .attr("id", "blocking-push-" + in.id())
              .attr("from", user.toString())
              .attr("to", s.jid().toString())
              .child(payload)
              .build();
      out.deliver(Route.deliver(s.jid(), s.nodeId()), iq);
    }
  }

  /**
   * After a block: unavailable presence from each available resource of the user to each contact
   * subscribed to the user that is blocked now and was not before, so that the user appears offline
   * to them.
   */
  void blocked(Jid user, BlockListStore.Change change, StageOutput out) {
    List<SessionEntry> available = available(user);
    if (available.isEmpty()) {
      return;
    }
    for (RosterItem item : rosters.all(user)) {
      Jid contact = item.contact();
      if (item.subscription().from() && newlyBlocked(change.before(), change.after(), contact)) {
        for (SessionEntry s : available) {
          XmlElement unavailable =
              XmlElement.builder("presence", Stanzas.CLIENT_NS)
                  .attr("from", s.jid().toString())
                  .attr("to", contact.toString())
                  .attr("type", "unavailable")
                  .build();
          route(contact, unavailable, out);
        }
      }
    }
  }

  /**
   * After an unblock: the current presence of each available resource of the user to each contact
   * subscribed to the user that was blocked and is no longer, and the contact's to the user's
   * resources when the user is subscribed to the contact (what was dropped meanwhile is stale).
   */
  void unblocked(Jid user, BlockListStore.Change change, StageOutput out) {
    List<SessionEntry> available = available(user);
    if (available.isEmpty()) {
      return;
    }
    for (RosterItem item : rosters.all(user)) {
      Jid contact = item.contact();
      if (!newlyBlocked(change.after(), change.before(), contact)) {
        continue;
      }
      if (item.subscription().from()) {
        for (SessionEntry s : available) {
          if (s.presence() != null) {
            route(contact, s.presence().withAttr("to", contact.toString()), out);
          }
        }
      }
      if (item.subscription().to()) {
        for (SessionEntry theirs : available(contact)) {
          if (theirs.presence() == null) {
            continue;
          }
          for (SessionEntry mine : available) {
            if (!blocking.blocks(contact, mine.jid())) {
              out.deliver(
                  Route.deliver(mine.jid(), mine.nodeId()),
                  theirs.presence().withAttr("to", mine.jid().toString()));
            }
          }
        }
      }
    }
  }

  /** Whether {@code contact} is blocked by {@code now} but was not by {@code then}. */
  private static boolean newlyBlocked(BlockList then, BlockList now, Jid contact) {
    return now.blocks(contact) && !then.blocks(contact);
  }

  private List<SessionEntry> available(Jid account) {
    List<SessionEntry> out = new ArrayList<>();
    for (SessionEntry s : sessions.sessions(account)) {
      if (s.available()) {
        out.add(s);
      }
    }
    return out;
  }

  private static void route(Jid to, XmlElement stanza, StageOutput out) {
    out.emit(Destination.ROUTER, EnvelopeKind.ROUTE, Route.to(to), stanza);
  }
}
