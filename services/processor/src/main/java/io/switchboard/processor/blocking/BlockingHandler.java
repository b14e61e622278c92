package io.switchboard.processor.blocking;

import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Replies;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.processor.iq.IqHandler;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * XEP-0191 Blocking Command, for the user's own account (no {@code to}, the domain or the own bare
 * JID): {@code <blocklist/>} (get), {@code <block/>} and {@code <unblock/>} (set). One bean per
 * element ({@link BlocklistHandler}, {@link BlockHandler}, {@link UnblockHandler}); this class
 * holds what they share: addressing, the iq type, and reading items. The lists live in {@link
 * io.switchboard.core.blocking.BlockListStore}; the processor and the router enforce them through
 * {@link io.switchboard.core.blocking.BlockingFilter}.
 */
public abstract class BlockingHandler implements IqHandler {

  public static final String NS = "urn:xmpp:blocking";

  /** Items of a request, or the error it deserves. */
  record Items(List<Jid> jids, StanzaError error, String text) {}

  private final String element;
  private final String type;
  final String domain;

  BlockingHandler(String element, String type, String domain) {
    this.element = element;
    this.type = type;
    this.domain = domain;
  }

  @Override
  public String element() {
    return element;
  }

  @Override
  public String namespace() {
    return NS;
  }

  @Override
  public Set<String> serverFeatures() {
    return Set.of(NS);
  }

  @Override
  public Set<String> accountFeatures() {
    return Set.of(NS);
  }

  @Override
  public void handle(Stanza iq, Envelope in, StageOutput out) {
    Jid user = iq.from().bare();
    Jid to = iq.to();
    if (to != null && to.local() != null && !to.bare().equals(user)) {
      Replies.error(
          in,
          iq.element(),
          StanzaError.FORBIDDEN,
          "a block list is managed by its own account only",
          domain,
          out);
      return;
    }
    if (!type.equals(iq.type())) {
      Replies.error(
          in,
          iq.element(),
          StanzaError.BAD_REQUEST,
          "<" + element + "/> is sent with an iq of type " + type,
          domain,
          out);
      return;
    }
    handle(iq, user, in, out);
  }

  /** Handles a well-addressed request of the right type from {@code user} (a bare JID). */
  abstract void handle(Stanza iq, Jid user, Envelope in, StageOutput out);

  /** The {@code <item jid='...'/>} children of the payload, in order, without duplicates. */
  static Items items(XmlElement payload) {
    List<Jid> jids = new ArrayList<>();
    for (XmlElement child : payload.elements()) {
      if (!"item".equals(child.name()) || !NS.equals(child.namespace())) {
        continue;
      }
      String value = child.attr("jid");
      if (value == null) {
        return new Items(null, StanzaError.BAD_REQUEST, "an item needs a jid");
      }
      Jid jid = Jid.ofOrNull(value);
      if (jid == null) {
        return new Items(null, StanzaError.JID_MALFORMED, "not a JID: " + value);
      }
      if (!jids.contains(jid)) {
        jids.add(jid);
      }
    }
    return new Items(jids, null, null);
  }

  /** {@code <name xmlns='urn:xmpp:blocking'><item jid='...'/>...</name>}. */
  static XmlElement payload(String name, List<Jid> jids) {
    XmlElement.Builder b = XmlElement.builder(name, NS);
    for (Jid j : jids) {
      b.child(XmlElement.builder("item", NS).attr("jid", j.toString()).build());
    }
    return b.build();
  }

  void error(Stanza iq, Items items, Envelope in, StageOutput out) {
    Replies.error(in, iq.element(), items.error(), items.text(), domain, out);
  }

  static void result(Stanza iq, Jid user, XmlElement payload, Envelope in, StageOutput out) {
    Replies.reply(in, Replies.iqResult(iq, user.toString(), payload), out);
  }
}
