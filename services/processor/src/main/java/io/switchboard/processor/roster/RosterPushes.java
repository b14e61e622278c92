package io.switchboard.processor.roster;

import io.switchboard.core.pipeline.Route;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.session.SessionEntry;
import io.switchboard.core.session.SessionTable;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Singleton;

/** Roster item XML (RFC 6121 §2.1) and roster pushes to an owner's connected resources. */
@Singleton
public class RosterPushes {

  public static final String NS = "jabber:iq:roster";

  private final SessionTable sessions;

  public RosterPushes(SessionTable sessions) {
    this.sessions = sessions;
  }

  /** The item element of a roster item; {@code subscription='remove'} when {@code removed}. */
  public static XmlElement itemXml(RosterItem item, boolean removed) {
    XmlElement.Builder b = XmlElement.builder("item", NS).attr("jid", item.contact().toString());
    if (removed) {
      return b.attr("subscription", "remove").build();
    }
    if (item.name() != null) {
      b.attr("name", item.name());
    }
    b.attr("subscription", item.subscription().value());
    if (item.askSubscribe()) {
      b.attr("ask", "subscribe");
    }
    if (item.preApproved()) {
      b.attr("approved", "true");
    }
    for (String group : item.groups()) {
      b.child(XmlElement.builder("group", NS).text(group).build());
    }
    return b.build();
  }

  /** Sends a roster push of one item to every connected resource of its owner (§2.1.6). */
  public void push(RosterItem item, boolean removed, long version, StageOutput out) {
    Jid owner = item.owner();
    XmlElement query =
        XmlElement.builder("query", NS)
            .attr("ver", Long.toString(version))
            .child(itemXml(item, removed))
            .build();
    for (SessionEntry s : sessions.sessions(owner)) {
      XmlElement iq =
          XmlElement.builder("iq", Stanzas.CLIENT_NS)
              .attr("type", "set")
              .attr("id", "push-" + version)
              .attr("to", s.jid().toString())
              .child(query)
              .build();
      out.deliver(Route.deliver(s.jid(), s.nodeId()), iq);
    }
  }
}
