package io.switchboard.processor.mam;

import io.switchboard.core.archive.ArchivePrefs;
import io.switchboard.core.archive.ArchivePrefsStore;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Replies;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.processor.iq.IqHandler;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * XEP-0313 §6 archiving preferences of the requester's own account: get returns them, set replaces
 * them ({@code default} always, never or roster; {@code <always/>} and {@code <never/>} lists of
 * JIDs) and returns what is now stored. The router honours them for new messages.
 */
@Singleton
public class MamPrefsHandler implements IqHandler {

  private final ArchivePrefsStore prefs;
  private final String domain;

  @Inject
  public MamPrefsHandler(ArchivePrefsStore prefs, SwitchboardConfig config) {
    this(prefs, config.domain());
  }

  MamPrefsHandler(ArchivePrefsStore prefs, String domain) {
    this.prefs = prefs;
    this.domain = domain;
  }

  @Override
  public String element() {
    return "prefs";
  }

  @Override
  public String namespace() {
    return MamRequest.NS;
  }

  @Override
  public void handle(Stanza iq, Envelope in, StageOutput out) {
    Jid owner = iq.from().bare();
    Jid to = iq.to();
    if (to != null && to.local() != null && !to.bare().equals(owner)) {
      Replies.error(
          in,
          iq.element(),
          StanzaError.FORBIDDEN,
          "you can only see and set your own archiving preferences",
          domain,
          out);
      return;
    }
    if ("get".equals(iq.type())) {
      Replies.reply(in, Replies.iqResult(iq, null, xml(prefs.get(owner))), out);
      return;
    }
    XmlElement payload = iq.payload();
    ArchivePrefs.Mode mode;
    String value = payload.attr("default");
    if (value == null) {
      mode = prefs.get(owner).defaultMode();
    } else {
      mode = ArchivePrefs.Mode.parse(value);
      if (mode == null) {
        Replies.error(
            in,
            iq.element(),
            StanzaError.BAD_REQUEST,
            "default must be always, never or roster",
            domain,
            out);
        return;
      }
    }
    Set<Jid> always = new HashSet<>();
    Set<Jid> never = new HashSet<>();
    if (!jids(payload.child("always", MamRequest.NS), always)
        || !jids(payload.child("never", MamRequest.NS), never)) {
      Replies.error(in, iq.element(), StanzaError.JID_MALFORMED, "not a JID", domain, out);
      return;
    }
    ArchivePrefs updated = new ArchivePrefs(mode, always, never);
    prefs.put(owner, updated);
    Replies.reply(in, Replies.iqResult(iq, null, xml(updated)), out);
  }

  /** Adds the bare JIDs listed in {@code list}; false if one is malformed. */
  private static boolean jids(XmlElement list, Set<Jid> into) {
    if (list == null) {
      return true;
    }
    for (XmlElement jid : list.elements()) {
      if (!"jid".equals(jid.name())) {
        continue;
      }
      Jid j = Jid.ofOrNull(jid.text().trim());
      if (j == null) {
        return false;
      }
      into.add(j.bare());
    }
    return true;
  }

  static XmlElement xml(ArchivePrefs p) {
    return XmlElement.builder("prefs", MamRequest.NS)
        .attr("default", p.defaultMode().value())
        .child(list("always", p.always()))
        .child(list("never", p.never()))
        .build();
  }

  private static XmlElement list(String name, Set<Jid> jids) {
    XmlElement.Builder b = XmlElement.builder(name, MamRequest.NS);
    for (String j : new TreeSet<>(jids.stream().map(Jid::toString).toList())) {
      b.child(XmlElement.builder("jid", MamRequest.NS).text(j).build());
    }
    return b.build();
  }
}
