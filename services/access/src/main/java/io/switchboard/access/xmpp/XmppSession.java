package io.switchboard.access.xmpp;

import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.SessionRef;
import io.switchboard.core.session.SessionEntry;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.JidFormatException;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.StreamError;
import io.switchboard.xmpp.StreamErrorException;
import io.switchboard.xmpp.XmlElement;
import io.switchboard.xmpp.XmppStreamReader;
import io.switchboard.xmpp.sasl.SaslFailure;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client session: the XMPP stream state machine of RFC 6120 (headers, STARTTLS, SASL, resource
 * binding) and XEP-0198 stream management, independent of the transport under it ({@link
 * StreamSink}: TCP or WebSocket). Once a resource is bound, every stanza goes to the parser stage
 * and what the pipeline delivers is written back. State is touched on the sink's thread only;
 * blocking work (store look-ups, session table writes) runs on the blocking executor while reading
 * is paused. A session with resumption enabled outlives a dropped transport for a while ({@link
 * #transportLost}) and can be taken over by a new one ({@link #resume}).
 */
final class XmppSession {

  private static final Logger LOG = LoggerFactory.getLogger(XmppSession.class);
  static final String TLS_NS = "urn:ietf:params:xml:ns:xmpp-tls";
  static final String BIND_NS = "urn:ietf:params:xml:ns:xmpp-bind";
  static final String SESSION_NS = "urn:ietf:params:xml:ns:xmpp-session";
  private static final SecureRandom RANDOM = new SecureRandom();

  private enum Phase {
    NEGOTIATING,
    AUTHENTICATED,
    BOUND,
    /** Bound, stream management on, transport gone: waiting to be resumed. */
    DETACHED,
    CLOSED
  }

  private final AccessContext ctx;
  private final SaslNegotiation sasl;
  private StreamSink sink;
  private String streamId;
  private Phase phase = Phase.NEGOTIATING;
  private boolean headerSent;
  private int authFailures;
  private Jid account;
  private volatile Jid jid;
  private boolean available;
  private SessionRef sessionRef;
  private ScheduledFuture<?> authTimer;
  private ScheduledFuture<?> resumeTimer;
  private StreamManagement sm;
  private final ClientState csi = new ClientState();
  private boolean smResumable;

  XmppSession(AccessContext ctx) {
    this.ctx = ctx;
    this.sasl = new SaslNegotiation(ctx.users());
  }

  // ---------------------------------------------------------------- transport events

  /** A new transport opened; the client must authenticate and bind within the auth timeout. */
  void attach(StreamSink newSink) {
    sink = newSink;
    ctx.connections().opened();
    authTimer =
        sink.schedule(
            () -> {
              if (phase == Phase.NEGOTIATING || phase == Phase.AUTHENTICATED) {
                streamError(StreamError.CONNECTION_TIMEOUT, "authentication timed out");
              }
            },
            ctx.config().authTimeout().toMillis(),
            TimeUnit.MILLISECONDS);
  }

  /** The transport is gone (closed by either side, or cut). */
  void transportLost() {
    ctx.connections().closed();
    cancel(authTimer);
    if (phase == Phase.BOUND && sm != null && smResumable) {
      phase = Phase.DETACHED;
      ctx.resumable().add(sm.id(), this);
      long window = ctx.config().resumeTimeout().toMillis();
      resumeTimer = sink.schedule(this::expire, window, TimeUnit.MILLISECONDS);
      LOG.debug("session {} detached, resumable for {} ms", jid, window);
      return;
    }
    end();
  }

  /** No stanza completed within the stanza timeout while one had started. */
  void stalled() {
    streamError(StreamError.CONNECTION_TIMEOUT, "incomplete stanza");
  }

  // ---------------------------------------------------------------- stream events

  void opened(XmppStreamReader.StreamHeader header) throws StreamErrorException {
    streamId = newId();
    sink.write(sink.streamHeader(streamId, ctx.domain()));
    headerSent = true;
    if (!Stanzas.CLIENT_NS.equals(header.defaultNamespace())) {
      throw new StreamErrorException(StreamError.INVALID_NAMESPACE, "expected jabber:client");
    }
    String to = header.attributes().get("to");
    if (to == null) {
      throw new StreamErrorException(StreamError.HOST_UNKNOWN, "the stream header has no 'to'");
    }
    try {
      if (!Jid.of(to).toString().equals(ctx.domain())) {
        throw new StreamErrorException(
            StreamError.HOST_UNKNOWN, "this server serves " + ctx.domain());
      }
    } catch (JidFormatException e) {
      throw new StreamErrorException(StreamError.HOST_UNKNOWN, "bad 'to': " + to);
    }
    String version = header.attributes().get("version");
    if (version == null || !version.startsWith("1.")) {
      throw new StreamErrorException(StreamError.UNSUPPORTED_VERSION, "XMPP 1.0 required");
    }
    sink.write(sink.standalone(features()));
  }

  void element(XmlElement e) throws StreamErrorException {
    switch (phase) {
      case NEGOTIATING:
        negotiate(e);
        break;
      case AUTHENTICATED:
        beforeBind(e);
        break;
      case BOUND:
        if (StreamManagement.NS.equals(e.namespace())) {
          streamManagement(e);
        } else if (ClientState.NS.equals(e.namespace())) {
          clientState(e);
        } else {
          stanza(e);
        }
        break;
      default:
        break;
    }
  }

  /** The client closed its stream: no resumption, answer in kind. */
  void closedByClient() {
    if (phase == Phase.CLOSED) {
      return;
    }
    smResumable = false;
    sink.writeAndClose(sink.streamClose());
    end();
  }

  private CharSequence features() {
    StringBuilder f = new StringBuilder(512).append("<stream:features>");
    f.append(ctx.capabilities().element());
    if (phase == Phase.NEGOTIATING) {
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
    } else if (phase == Phase.AUTHENTICATED) {
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

  private java.util.List<String> offered() {
    return SaslNegotiation.offered(sink.isEncrypted(), ctx.config().allowPlainWithoutTls());
  }

  // ---------------------------------------------------------------- negotiation

  private void negotiate(XmlElement e) throws StreamErrorException {
    if (InBandRegistration.isRegistration(e)) {
      boolean encrypted = sink.isEncrypted();
      String remote = sink.remoteAddress();
      offThread(
          () -> ctx.registration().handle(e, encrypted, remote, ctx.domain()),
          this::writeStanza,
          () ->
              writeStanza(Stanzas.error(e, StanzaError.INTERNAL_SERVER_ERROR, null, ctx.domain())));
      return;
    }
    if ("starttls".equals(e.name()) && TLS_NS.equals(e.namespace())) {
      if (sink.isEncrypted() || !sink.canStartTls()) {
        phase = Phase.CLOSED;
        sink.writeAndClose("<failure xmlns='" + TLS_NS + "'/>" + sink.streamClose());
        return;
      }
      sink.startTls("<proceed xmlns='" + TLS_NS + "'/>");
      restartStream();
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
    offThread(
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
            phase = Phase.AUTHENTICATED;
            String data = result[0] == null ? "" : SaslNegotiation.encode((byte[]) result[0]);
            sink.write("<success xmlns='" + SaslNegotiation.NS + "'>" + data + "</success>");
            restartStream();
          } else {
            sink.write(
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
    sink.write(f.append("</failure>"));
    if (!"aborted".equals(condition) && ++authFailures >= ctx.config().maxAuthFailures()) {
      streamError(StreamError.POLICY_VIOLATION, "too many failed authentication attempts");
    }
  }

  private void restartStream() {
    sink.restart();
    headerSent = false;
  }

  // ---------------------------------------------------------------- binding and resumption

  private void beforeBind(XmlElement e) throws StreamErrorException {
    if ("resume".equals(e.name()) && StreamManagement.NS.equals(e.namespace())) {
      resumeRequested(e);
      return;
    }
    if ("enable".equals(e.name()) && StreamManagement.NS.equals(e.namespace())) {
      sink.write(smFailed("unexpected-request", null));
      return;
    }
    if (!"iq".equals(e.name()) || !Stanzas.CLIENT_NS.equals(e.namespace())) {
      throw new StreamErrorException(StreamError.NOT_AUTHORIZED, "bind a resource first");
    }
    XmlElement bind = e.child("bind", BIND_NS);
    if (bind == null || !"set".equals(e.attr("type"))) {
      if (e.child("session", SESSION_NS) != null) {
        writeStanza(iqResult(e.attr("id"), null));
        return;
      }
      writeStanza(
          Stanzas.error(e, StanzaError.NOT_AUTHORIZED, "bind a resource first", ctx.domain()));
      return;
    }
    XmlElement resourceElement = bind.child("resource", BIND_NS);
    String requested = resourceElement == null ? "" : resourceElement.text().trim();
    Jid wanted;
    try {
      wanted = account.withResource(requested.isEmpty() ? randomResource() : requested);
    } catch (JidFormatException ex) {
      writeStanza(Stanzas.error(e, StanzaError.BAD_REQUEST, "invalid resource", ctx.domain()));
      return;
    }
    if (ctx.sessions().session(wanted).isPresent() || ctx.connections().isBound(wanted)) {
      // RFC 6120 §7.7.2.2: override with a server-generated resource.
      wanted = account.withResource(requested + "-" + randomResource());
    }
    Jid bound = wanted;
    String id = e.attr("id");
    SessionEntry entry =
        new SessionEntry(bound, ctx.nodeId(), streamId, false, 0, ctx.clock().millis());
    offThread(
        () -> {
          ctx.sessions().put(entry);
          return Boolean.TRUE;
        },
        () -> ctx.blocking().execute(() -> ctx.sessions().remove(bound, entry.streamId())),
        ok -> {
          jid = bound;
          sessionRef = new SessionRef(ctx.nodeId(), streamId, bound);
          ctx.connections().bind(bound, this);
          phase = Phase.BOUND;
          cancel(authTimer);
          XmlElement result =
              XmlElement.builder("bind", BIND_NS)
                  .child(XmlElement.builder("jid", BIND_NS).text(bound.toString()).build())
                  .build();
          writeStanza(iqResult(id, result));
        },
        () -> writeStanza(Stanzas.error(e, StanzaError.INTERNAL_SERVER_ERROR, null, ctx.domain())));
  }

  /** XEP-0198 §5: a new stream takes over a detached session of the same account. */
  private void resumeRequested(XmlElement e) {
    String previd = e.attr("previd");
    long h;
    try {
      h = Long.parseLong(e.attr("h"));
    } catch (NumberFormatException ex) {
      sink.write(smFailed("bad-request", null));
      return;
    }
    XmppSession old = previd == null ? null : ctx.resumable().take(previd);
    if (old == null || !account.equals(old.account)) {
      if (old != null) {
        ctx.resumable().add(previd, old);
      }
      sink.write(smFailed("item-not-found", null));
      return;
    }
    StreamSink newSink = sink;
    phase = Phase.CLOSED; // this session object is replaced by the old one
    cancel(authTimer);
    old.sink.execute(() -> old.resume(newSink, h));
  }

  /** Runs on the old session's thread: adopts the new transport and resends what was lost. */
  private void resume(StreamSink newSink, long h) {
    if (phase != Phase.DETACHED && phase != Phase.BOUND) {
      newSink.write(smFailed("item-not-found", null));
      return;
    }
    if (phase == Phase.BOUND) {
      sink.close(); // the old transport is still open but the client has moved on
    }
    cancel(resumeTimer);
    sink = newSink;
    phase = Phase.BOUND;
    ctx.resumable().remove(sm.id(), this);
    newSink.adopt(this);
    sm.acked(h);
    newSink.write(
        "<resumed xmlns='"
            + StreamManagement.NS
            + "' previd='"
            + sm.id()
            + "' h='"
            + sm.handled()
            + "'/>");
    for (XmlElement stanza : sm.pending()) {
      newSink.write(serialize(stanza));
    }
    LOG.debug("session {} resumed; {} stanzas resent", jid, sm.unackedCount());
  }

  /** The resumption window passed: the session ends, its unacknowledged messages go offline. */
  private void expire() {
    if (phase == Phase.DETACHED) {
      ctx.resumable().remove(sm.id(), this);
      end();
    }
  }

  private void end() {
    Phase was = phase;
    phase = Phase.CLOSED;
    cancel(resumeTimer);
    if (was != Phase.BOUND && was != Phase.DETACHED) {
      return;
    }
    Jid gone = jid;
    if (available) {
      // RFC 6121 §4.5.3.1: the server broadcasts unavailable presence for a vanished resource.
      available = false;
      XmlElement unavailable =
          XmlElement.builder("presence", Stanzas.CLIENT_NS).attr("type", "unavailable").build();
      ctx.transport()
          .send(
              Destination.PARSER,
              Envelope.inbound(ctx.nextId(), sessionRef, unavailable, ctx.nowMicros(), "access"));
    }
    ctx.connections().unbind(gone, this);
    String stream = streamId;
    java.util.List<XmlElement> undelivered = sm == null ? java.util.List.of() : sm.pending();
    String smId = sm == null ? null : sm.id();
    ctx.blocking()
        .execute(
            () -> {
              ctx.sessions().remove(gone, stream);
              ctx.undelivered().store(gone, smId, undelivered);
            });
  }

  // ---------------------------------------------------------------- stream management

  private void streamManagement(XmlElement e) {
    switch (e.name()) {
      case "enable":
        if (sm != null) {
          sink.write(smFailed("unexpected-request", "already enabled"));
          return;
        }
        sm = new StreamManagement(newId(), ctx.config().maxUnackedStanzas());
        smResumable = "true".equals(e.attr("resume")) || "1".equals(e.attr("resume"));
        StringBuilder enabled =
            new StringBuilder("<enabled xmlns='").append(StreamManagement.NS).append("' id='");
        enabled.append(sm.id()).append('\'');
        if (smResumable) {
          enabled
              .append(" resume='true' max='")
              .append(ctx.config().resumeTimeout().toSeconds())
              .append('\'');
        }
        sink.write(enabled.append("/>"));
        break;
      case "r":
        if (sm != null) {
          sink.write("<a xmlns='" + StreamManagement.NS + "' h='" + sm.handled() + "'/>");
        }
        break;
      case "a":
        if (sm != null) {
          try {
            if (!sm.acked(Long.parseLong(e.attr("h")))) {
              streamError(StreamError.UNDEFINED_CONDITION, "h acknowledges stanzas never sent");
            }
          } catch (NumberFormatException ex) {
            streamError(StreamError.UNDEFINED_CONDITION, "bad h");
          }
        }
        break;
      default:
        sink.write(smFailed("feature-not-implemented", null));
    }
  }

  /** XEP-0352: an inactive client gets presence held back, latest per sender, until needed. */
  private void clientState(XmlElement e) throws StreamErrorException {
    if ("inactive".equals(e.name())) {
      csi.inactive();
    } else if ("active".equals(e.name())) {
      for (XmlElement held : csi.active()) {
        writeStanza(held);
      }
    } else {
      throw new StreamErrorException(StreamError.UNSUPPORTED_STANZA_TYPE, e.name());
    }
  }

  private static String smFailed(String condition, String text) {
    StringBuilder f = new StringBuilder("<failed xmlns='").append(StreamManagement.NS).append("'>");
    f.append('<').append(condition).append(" xmlns='").append(Stanzas.STANZAS_NS).append("'/>");
    if (text != null) {
      f.append("<text xmlns='").append(Stanzas.STANZAS_NS).append("'>");
      XmlElement.escapeText(text, f);
      f.append("</text>");
    }
    return f.append("</failed>").toString();
  }

  // ---------------------------------------------------------------- stanzas

  private void stanza(XmlElement e) throws StreamErrorException {
    Stanza.Kind kind = Stanza.Kind.of(e);
    if (kind == null) {
      throw new StreamErrorException(
          StreamError.UNSUPPORTED_STANZA_TYPE, "unsupported element " + e.name());
    }
    if (sm != null) {
      sm.countReceived();
    }
    String from = e.attr("from");
    if (from != null && !from.equals(jid.toString()) && !fromMatches(from)) {
      throw new StreamErrorException(StreamError.INVALID_FROM, "'from' is not this session");
    }
    if (kind == Stanza.Kind.IQ && e.child("session", SESSION_NS) != null && e.attr("to") == null) {
      writeStanza(iqResult(e.attr("id"), null));
      return;
    }
    if (kind == Stanza.Kind.PRESENCE && e.attr("to") == null) {
      String type = e.attr("type");
      if (type == null) {
        available = true;
      } else if ("unavailable".equals(type)) {
        available = false;
      }
    }
    ctx.metrics().stanzaIn(kind.element());
    Envelope envelope = Envelope.inbound(ctx.nextId(), sessionRef, e, ctx.nowMicros(), "access");
    ctx.transport()
        .send(Destination.PARSER, envelope)
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                LOG.warn("stream {}: parser refused a stanza: {}", streamId, error.toString());
                sink.execute(() -> streamError(StreamError.RESOURCE_CONSTRAINT, "server busy"));
              }
            });
  }

  private boolean fromMatches(String from) {
    try {
      Jid f = Jid.of(from);
      return f.equals(jid) || f.equals(jid.bare());
    } catch (JidFormatException e) {
      return false;
    }
  }

  /** Writes a stanza the pipeline delivered to this session. Safe from any thread. */
  void deliver(XmlElement stanza) {
    ctx.metrics().stanzaOut(PipelineMetrics.kindOf(stanza.name()));
    sink.execute(() -> writeStanza(stanza));
  }

  /** Writes (or, while detached, queues) a stanza, counting it for stream management. */
  private void writeStanza(XmlElement stanza) {
    if (phase == Phase.CLOSED) {
      return;
    }
    if (csi.isInactive()) {
      if (csi.hold(stanza)) {
        return;
      }
      // Something urgent: what was held goes first, in order.
      for (XmlElement held : csi.active()) {
        writeStanza(held);
      }
      csi.inactive();
    }
    if (sm != null && !sm.sent(stanza)) {
      streamError(StreamError.RESOURCE_CONSTRAINT, "too many unacknowledged stanzas");
      return;
    }
    if (phase == Phase.DETACHED) {
      return;
    }
    sink.write(serialize(stanza));
    if (sm != null && sm.unackedCount() % 5 == 0) {
      sink.write("<r xmlns='" + StreamManagement.NS + "'/>");
    }
    if (sink.pendingOutputBytes() > ctx.config().maxPendingOutputBytes()) {
      // The client stopped reading: do not buffer for it without bound.
      streamError(StreamError.POLICY_VIOLATION, "client does not read");
      sink.close();
    }
  }

  private static String serialize(XmlElement stanza) {
    StringBuilder out = new StringBuilder(256);
    stanza.writeTo(out, Stanzas.CLIENT_NS);
    return out.toString();
  }

  Jid jid() {
    return jid;
  }

  String streamId() {
    return streamId;
  }

  boolean isOpen() {
    Phase p = phase;
    return p == Phase.BOUND || p == Phase.DETACHED;
  }

  // ---------------------------------------------------------------- output

  /** Sends a stream error (RFC 6120 §4.9), preceded by a header if none was sent, and closes. */
  void streamError(StreamError condition, String text) {
    if (phase == Phase.CLOSED || sink == null) {
      return;
    }
    ctx.metrics().error("access", condition.condition());
    LOG.debug("stream {} of {}: stream error {} ({})", streamId, jid, condition.condition(), text);
    StringBuilder out = new StringBuilder(256);
    if (!headerSent) {
      out.append(sink.streamHeader(streamId == null ? newId() : streamId, ctx.domain()));
    }
    out.append(sink.standalone(condition.toXml(text))).append(sink.streamClose());
    smResumable = false;
    sink.writeAndClose(out);
    end();
  }

  private XmlElement iqResult(String id, XmlElement payload) {
    XmlElement.Builder b = XmlElement.builder("iq", Stanzas.CLIENT_NS).attr("type", "result");
    if (id != null) {
      b.attr("id", id);
    }
    if (payload != null) {
      b.child(payload);
    }
    return b.build();
  }

  /**
   * Runs blocking work off the session's thread with reading paused, then continues on it; a
   * failure calls {@code onError} there.
   */
  private <T> void offThread(
      java.util.function.Supplier<T> work, java.util.function.Consumer<T> then, Runnable onError) {
    offThread(work, () -> {}, then, onError);
  }

  /** As above; {@code ifClosed} runs when the session closed while the work was under way. */
  private <T> void offThread(
      java.util.function.Supplier<T> work,
      Runnable ifClosed,
      java.util.function.Consumer<T> then,
      Runnable onError) {
    StreamSink s = sink;
    s.setReading(false);
    CompletableFuture.supplyAsync(work, ctx.blocking())
        .whenComplete(
            (result, error) ->
                s.execute(
                    () -> {
                      s.setReading(true);
                      if (phase == Phase.CLOSED) {
                        if (error == null) {
                          ifClosed.run();
                        }
                        return;
                      }
                      if (error != null) {
                        LOG.warn("stream {}: {}", streamId, error.toString());
                        onError.run();
                      } else {
                        then.accept(result);
                      }
                    }));
  }

  private static void cancel(ScheduledFuture<?> f) {
    if (f != null) {
      f.cancel(false);
    }
  }

  private static String newId() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String randomResource() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return "sb-" + HexFormat.of().formatHex(b);
  }
}
