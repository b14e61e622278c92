package io.switchboard.core.pipeline;

import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.JidFormatException;
import io.switchboard.xmpp.StreamError;
import io.switchboard.xmpp.XmlElement;

/**
 * What a {@link EnvelopeKind#COMMAND} envelope carries: an instruction from one stage to another,
 * as an element in the server-internal namespace {@value #NS}. The envelope's kind, not this
 * payload, is what makes it trusted: a client can put any element in a stanza, but never in a
 * command envelope.
 */
public sealed interface ServerCommand
    permits ServerCommand.RemoveAccount, ServerCommand.AccountRemoved, ServerCommand.CloseSession {

  /** Namespace of command payloads; it never appears on a client stream. */
  String NS = "urn:switchboard:internal:command";

  /** The payload element. */
  XmlElement toXml();

  /**
   * Admin API to processor: remove an account with everything it has. When {@code replyNode} is
   * set, the processor tells that access node ({@link AccountRemoved}) once it is done.
   */
  record RemoveAccount(Jid account, String replyNode) implements ServerCommand {
    public RemoveAccount {
      account = account.bare();
      if (replyNode != null && !Destination.isValidNodeId(replyNode)) {
        throw new IllegalArgumentException("invalid node id " + replyNode);
      }
    }

    @Override
    public XmlElement toXml() {
      XmlElement.Builder b =
          XmlElement.builder("remove-account", NS).attr("account", account.toString());
      if (replyNode != null) {
        b.attr("reply-node", replyNode);
      }
      return b.build();
    }
  }

  /** Processor to access: the removal asked for by envelope {@code request} is complete. */
  record AccountRemoved(Jid account, String request) implements ServerCommand {
    @Override
    public XmlElement toXml() {
      return XmlElement.builder("account-removed", NS)
          .attr("account", account.toString())
          .attr("request", request)
          .build();
    }
  }

  /**
   * Processor to access: end the session in the envelope's {@link Route#to()} with a stream error
   * (RFC 6120 §4.9); it is not resumable.
   */
  record CloseSession(StreamError condition, String text) implements ServerCommand {
    @Override
    public XmlElement toXml() {
      XmlElement.Builder b =
          XmlElement.builder("close-session", NS).attr("condition", condition.condition());
      if (text != null) {
        b.attr("text", text);
      }
      return b.build();
    }
  }

  /**
   * Reads a command payload.
   *
   * @throws IllegalArgumentException if it is no command this release knows
   */
  static ServerCommand parse(XmlElement e) {
    if (!NS.equals(e.namespace())) {
      throw new IllegalArgumentException("not a command: " + e.namespace() + " " + e.name());
    }
    try {
      switch (e.name()) {
        case "remove-account":
          return new RemoveAccount(Jid.of(required(e, "account")), e.attr("reply-node"));
        case "account-removed":
          return new AccountRemoved(Jid.of(required(e, "account")), required(e, "request"));
        case "close-session":
          StreamError condition = StreamError.fromCondition(required(e, "condition"));
          if (condition == null) {
            throw new IllegalArgumentException("unknown stream error " + e.attr("condition"));
          }
          return new CloseSession(condition, e.attr("text"));
        default:
          throw new IllegalArgumentException("unknown command " + e.name());
      }
    } catch (JidFormatException ex) {
      throw new IllegalArgumentException("bad account in command: " + ex.getMessage(), ex);
    }
  }

  private static String required(XmlElement e, String attr) {
    String v = e.attr(attr);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException(e.name() + " needs '" + attr + "'");
    }
    return v;
  }
}
