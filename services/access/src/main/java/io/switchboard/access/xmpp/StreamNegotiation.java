package io.switchboard.access.xmpp;

import io.switchboard.core.session.SessionEntry;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.JidFormatException;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.StreamError;
import io.switchboard.xmpp.StreamErrorException;
import io.switchboard.xmpp.XmlElement;
import io.switchboard.xmpp.sasl.SaslFailure;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * Everything a stream does before a resource is bound (RFC 6120 §5–§7): the stream features,
 * STARTTLS, SASL, XEP-0077 registration before login, resource binding, and XEP-0198 resumption
 * requests. It decides; the {@link XmppSession} it belongs to owns the stream and is told when the
 * client has authenticated ({@link XmppSession#authenticated}), bound ({@link XmppSession#bound})
 * or resumed another session ({@link XmppSession#handOverTo}). Used on the session's thread only.
 */
final class StreamNegotiation {

  static final String TLS_NS = "urn:ietf:params:xml:ns:xmpp-tls";
  static final String BIND_NS = "urn:ietf:params:xml:ns:xmpp-bind";
  static final String SESSION_NS = "urn:ietf:params:xml:ns:xmpp-session";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final AccessContext ctx;
  private final XmppSession stream;
  private final SaslNegotiation sasl;
  private int authFailures;
  private Jid account;

  StreamNegotiation(AccessContext ctx, XmppSession stream) {
    this.ctx = ctx;
    this.stream = stream;
    this.sasl = new SaslNegotiation(ctx.users());
  }

  /** The authenticated account (a bare JID), or null before SASL succeeded. */
  Jid account() {
    return account;
  }

  // ---------------------------------------------------------------- features

  /** The {@code <stream:features/>} of a stream header sent in {@code phase}. */
  CharSequence features(XmppSession.Phase phase) {
    StreamSink sink = stream.sink();
    StringBuilder f = new StringBuilder(512).append("<stream:features>");
    f.append(ctx.capabilities().element());
    if (phase == XmppSession.Phase.NEGOTIATING) {
      if (!sink.isEncrypted() && sink.canStartTls()) {
        f.append("<starttls xmlns='").append(TLS_NS).append("'>");
        if (ctx.config().tlsRequired()) {
          f.append("<required/>");
        }
        f.append("</starttls>");
      }
      if (ctx.registration().offered(sink.isEncrypted())) {
        f.append("<register xmlns='").append(InBandRegistration.FEATURE_NS).append("'/>");
      }
      if (sink.isEncrypted() || !ctx.config().tlsRequired()) {
        f.append("<mechanisms xmlns='").append(SaslNegotiation.NS).append("'>");
        for (String m : offered()) {
          f.append("<mechanism>").append(m).append("</mechanism>");
        }
        f.append("</mechanisms>");
      }
    } else if (phase == XmppSession.Phase.AUTHENTICATED) {
      f.append("<bind xmlns='").append(BIND_NS).append("'/>");
      f.append("<session xmlns='").append(SESSION_NS).append("'><optional/></session>");
      f.append("<sm xmlns='").append(StreamManagement.NS).append("'/>");
      f.append("<csi xmlns='").append(ClientState.NS).append("'/>");
      // RFC 6121 §2.6 roster versioning and §3.4 subscription pre-approval.
      f.append("<ver xmlns='urn:xmpp:features:rosterver'/>");
      f.append("<sub xmlns='urn:xmpp:features:pre-approval'/>");
    }
    return f.append("</stream:features>");
  }

  private List<String> offered() {
    return SaslNegotiation.offered(
        stream.sink().isEncrypted(), ctx.config().allowPlainWithoutTls());
  }

  // ---------------------------------------------------------------- before authentication

  /** An element before SASL succeeded: registration, STARTTLS or a SASL step. */
  void beforeAuthentication(XmlElement e) throws StreamErrorException {
    StreamSink sink = stream.sink();
    if (InBandRegistration.isRegistration(e)) {
      boolean encrypted = sink.isEncrypted();
      String remote = sink.remoteAddress();
      stream.offThread(
          () -> ctx.registration().handle(e, encrypted, remote, ctx.domain()),
          stream::writeStanza,
          () ->
              stream.writeStanza(
                  Stanzas.error(e, StanzaError.INTERNAL_SERVER_ERROR, null, ctx.domain())));
      return;
    }
    if ("starttls".equals(e.name()) && TLS_NS.equals(e.namespace())) {
      if (sink.isEncrypted() || !sink.canStartTls()) {
        stream.refuseTls("<failure xmlns='" + TLS_NS + "'/>");
        return;
      }
      sink.startTls("<proceed xmlns='" + TLS_NS + "'/>");
      stream.restartStream();
      return;
    }
    if (!SaslNegotiation.NS.equals(e.namespace())) {
      throw new StreamErrorException(StreamError.NOT_AUTHORIZED, "authenticate first");
    }
    if (!sink.isEncrypted() && ctx.config().tlsRequired()) {
      throw new StreamErrorException(StreamError.POLICY_VIOLATION, "STARTTLS is required");
    }
    switch (e.name()) {
      case "auth":
        String mechanism = e.attr("mechanism");
        if (mechanism == null || !offered().contains(mechanism)) {
          boolean plainNeedsTls = "PLAIN".equals(mechanism) && !sink.isEncrypted();
          saslFailure(plainNeedsTls ? "encryption-required" : "invalid-mechanism", null);
          return;
        }
        sasl.start(mechanism);
        saslStep(e.text());
        break;
      case "response":
        if (!sasl.inProgress()) {
          throw new StreamErrorException(
              StreamError.NOT_AUTHORIZED, "no SASL exchange in progress");
        }
        saslStep(e.text());
        break;
      case "abort":
        sasl.abort();
        sink.write("<failure xmlns='" + SaslNegotiation.NS + "'><aborted/></failure>");
        break;
      default:
        throw new StreamErrorException(StreamError.UNSUPPORTED_STANZA_TYPE, e.name());
    }
  }

  private void saslStep(String text) {
    byte[] response;
    try {
      response = SaslNegotiation.decode(text);
    } catch (SaslFailure f) {
      sasl.abort();
      saslFailure(f.condition(), f.text());
      return;
    }
    // The mechanisms look up credentials in the store: off the session's thread, reading paused.
    stream.offThread(
        () -> {
          try {
            byte[] challenge = sasl.step(response);
            return new Object[] {challenge, sasl.isComplete() ? sasl.account() : null};
          } catch (SaslFailure f) {
            return new Object[] {f};
          }
        },
        result -> {
          if (result[0] instanceof SaslFailure f) {
            saslFailure(f.condition(), f.text());
          } else if (result[1] != null) {
            account = (Jid) result[1];
            stream.authenticated();
            String data = result[0] == null ? "" : SaslNegotiation.encode((byte[]) result[0]);
            stream
                .sink()
                .write("<success xmlns='" + SaslNegotiation.NS + "'>" + data + "</success>");
            stream.restartStream();
          } else {
            stream
                .sink()
                .write(
                    "<challenge xmlns='"
                        + SaslNegotiation.NS
                        + "'>"
                        + SaslNegotiation.encode((byte[]) result[0])
                        + "</challenge>");
          }
        },
        () -> saslFailure("temporary-auth-failure", null));
  }

  private void saslFailure(String condition, String text) {
    ctx.metrics().error("access", "sasl-" + condition);
    StringBuilder f =
        new StringBuilder("<failure xmlns='").append(SaslNegotiation.NS).append("'><");
    f.append(condition).append("/>");
    if (text != null) {
      f.append("<text xml:lang='en'>");
      XmlElement.escapeText(text, f);
      f.append("</text>");
    }
    stream.sink().write(f.append("</failure>"));
    if (!"aborted".equals(condition) && ++authFailures >= ctx.config().maxAuthFailures()) {
      stream.streamError(StreamError.POLICY_VIOLATION, "too many failed authentication attempts");
    }
  }

  // ---------------------------------------------------------------- binding and resumption

  /** An element after authentication, before binding: a bind request or a resumption. */
  void beforeBinding(XmlElement e) throws StreamErrorException {
    if ("resume".equals(e.name()) && StreamManagement.NS.equals(e.namespace())) {
      resumeRequested(e);
      return;
    }
    if ("enable".equals(e.name()) && StreamManagement.NS.equals(e.namespace())) {
      stream.sink().write(BoundSession.smFailed("unexpected-request", null));
      return;
    }
    if (!"iq".equals(e.name()) || !Stanzas.CLIENT_NS.equals(e.namespace())) {
      throw new StreamErrorException(StreamError.NOT_AUTHORIZED, "bind a resource first");
    }
    XmlElement bind = e.child("bind", BIND_NS);
    if (bind == null || !"set".equals(e.attr("type"))) {
      if (e.child("session", SESSION_NS) != null) {
        stream.writeStanza(iqResult(e.attr("id"), null));
        return;
      }
      stream.writeStanza(
          Stanzas.error(e, StanzaError.NOT_AUTHORIZED, "bind a resource first", ctx.domain()));
      return;
    }
    XmlElement resourceElement = bind.child("resource", BIND_NS);
    String requested = resourceElement == null ? "" : resourceElement.text().trim();
    Jid wanted;
    try {
      wanted = account.withResource(requested.isEmpty() ? randomResource() : requested);
    } catch (JidFormatException ex) {
      stream.writeStanza(
          Stanzas.error(e, StanzaError.BAD_REQUEST, "invalid resource", ctx.domain()));
      return;
    }
    if (ctx.sessions().session(wanted).isPresent() || ctx.connections().isBound(wanted)) {
      // RFC 6120 §7.7.2.2: override with a server-generated resource.
      wanted = account.withResource(requested + "-" + randomResource());
    }
    Jid bound = wanted;
    String id = e.attr("id");
    SessionEntry entry =
        new SessionEntry(bound, ctx.nodeId(), stream.streamId(), false, 0, ctx.clock().millis());
    stream.offThread(
        () -> {
          ctx.sessions().put(entry);
          return Boolean.TRUE;
        },
        () -> ctx.blocking().execute(() -> ctx.sessions().remove(bound, entry.streamId())),
        ok -> {
          stream.bound(bound);
          XmlElement result =
              XmlElement.builder("bind", BIND_NS)
                  .child(XmlElement.builder("jid", BIND_NS).text(bound.toString()).build())
                  .build();
          stream.writeStanza(iqResult(id, result));
        },
        () ->
            stream.writeStanza(
                Stanzas.error(e, StanzaError.INTERNAL_SERVER_ERROR, null, ctx.domain())));
  }

  /** XEP-0198 §5: a new stream takes over a detached session of the same account. */
  private void resumeRequested(XmlElement e) {
    String previd = e.attr("previd");
    long h;
    try {
      h = Long.parseLong(e.attr("h"));
    } catch (NumberFormatException ex) {
      stream.sink().write(BoundSession.smFailed("bad-request", null));
      return;
    }
    XmppSession old = previd == null ? null : ctx.resumable().take(previd);
    if (old == null || !account.equals(old.account())) {
      if (old != null) {
        ctx.resumable().add(previd, old);
      }
      stream.sink().write(BoundSession.smFailed("item-not-found", null));
      return;
    }
    stream.handOverTo(old, h);
  }

  /** An iq result without addresses, as the stream answers before and right after binding. */
  static XmlElement iqResult(String id, XmlElement payload) {
    XmlElement.Builder b = XmlElement.builder("iq", Stanzas.CLIENT_NS).attr("type", "result");
    if (id != null) {
      b.attr("id", id);
    }
    if (payload != null) {
      b.child(payload);
    }
    return b.build();
  }

  private static String randomResource() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return "sb-" + HexFormat.of().formatHex(b);
  }
}
