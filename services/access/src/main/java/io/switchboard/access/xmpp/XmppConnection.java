package io.switchboard.access.xmpp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
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
 * One client connection: the XMPP stream state machine of RFC 6120 (stream headers, STARTTLS, SASL,
 * resource binding) on a Netty channel. Once a resource is bound it hands every stanza to the
 * parser stage and writes what the pipeline delivers back. All state is touched on the channel's
 * event loop only; blocking work (store look-ups, session table writes) runs on the blocking
 * executor while reading is paused.
 */
final class XmppConnection extends ChannelInboundHandlerAdapter
    implements XmppStreamReader.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(XmppConnection.class);
  private static final String TLS_NS = "urn:ietf:params:xml:ns:xmpp-tls";
  private static final String BIND_NS = "urn:ietf:params:xml:ns:xmpp-bind";
  private static final String SESSION_NS = "urn:ietf:params:xml:ns:xmpp-session";
  private static final SecureRandom RANDOM = new SecureRandom();

  private enum Phase {
    /** Before authentication (possibly after STARTTLS). */
    NEGOTIATING,
    /** Authenticated, resource not yet bound. */
    AUTHENTICATED,
    /** Resource bound: stanzas flow. */
    BOUND,
    /** A closing stream tag or stream error was sent. */
    CLOSED
  }

  private final AccessContext ctx;
  private final XmppStreamReader reader;
  private final SaslNegotiation sasl;
  private final byte[] scratch = new byte[16 * 1024];
  private Channel channel;
  private String streamId;
  private Phase phase = Phase.NEGOTIATING;
  private boolean encrypted;
  private boolean headerSent;
  private int authFailures;
  private Jid account;
  private volatile Jid jid;

  /** Whether the client sent available presence and no unavailable since (for disconnects). */
  private boolean available;

  private SessionRef sessionRef;
  private ScheduledFuture<?> authTimer;

  XmppConnection(AccessContext ctx) {
    this.ctx = ctx;
    this.reader = new XmppStreamReader(ctx.config().maxStanzaBytes(), this);
    this.sasl = new SaslNegotiation(ctx.users());
  }

  // ---------------------------------------------------------------- channel events

  @Override
  public void channelActive(ChannelHandlerContext c) {
    channel = c.channel();
    ctx.connections().opened();
    long timeout = ctx.config().authTimeout().toMillis();
    authTimer =
        c.executor()
            .schedule(
                () -> {
                  if (phase != Phase.BOUND && phase != Phase.CLOSED) {
                    streamError(StreamError.CONNECTION_TIMEOUT, "authentication timed out");
                  }
                },
                timeout,
                TimeUnit.MILLISECONDS);
    c.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext c, Object msg) {
    ByteBuf buf = (ByteBuf) msg;
    try {
      while (buf.isReadable() && phase != Phase.CLOSED) {
        int n = Math.min(buf.readableBytes(), scratch.length);
        buf.readBytes(scratch, 0, n);
        reader.feed(scratch, 0, n);
      }
    } catch (StreamErrorException e) {
      streamError(e.condition(), e.text());
    } catch (RuntimeException e) {
      LOG.warn("stream {} failed", streamId, e);
      streamError(StreamError.INTERNAL_SERVER_ERROR, null);
    } finally {
      buf.release();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext c, Object evt) {
    if (evt instanceof IdleStateEvent && reader.isInsideElement()) {
      streamError(StreamError.CONNECTION_TIMEOUT, "incomplete stanza");
    }
    c.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext c) {
    ctx.connections().closed();
    if (authTimer != null) {
      authTimer.cancel(false);
    }
    reader.endOfInput();
    Phase was = phase;
    phase = Phase.CLOSED;
    if (was == Phase.BOUND || jid != null) {
      unbind();
    }
    c.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
    LOG.debug("stream {}: {}", streamId, cause.toString());
    ctx.metrics().error("access", "io");
    c.close();
  }

  // ---------------------------------------------------------------- stream events

  @Override
  public void streamOpened(XmppStreamReader.StreamHeader header) throws StreamErrorException {
    streamId = newStreamId();
    StringBuilder out = new StringBuilder(512);
    out.append("<?xml version='1.0'?><stream:stream xmlns='jabber:client'")
        .append(" xmlns:stream='http://etherx.jabber.org/streams' id='")
        .append(streamId)
        .append("' from='")
        .append(ctx.domain())
        .append("' version='1.0' xml:lang='en'>");
    write(out);
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
    write(features());
  }

  private CharSequence features() {
    StringBuilder f = new StringBuilder(512).append("<stream:features>");
    if (phase == Phase.NEGOTIATING) {
      if (!encrypted && ctx.tls() != null) {
        f.append("<starttls xmlns='").append(TLS_NS).append("'>");
        if (ctx.config().tlsRequired()) {
          f.append("<required/>");
        }
        f.append("</starttls>");
      }
      if (encrypted || !ctx.config().tlsRequired()) {
        f.append("<mechanisms xmlns='").append(SaslNegotiation.NS).append("'>");
        for (String m : SaslNegotiation.offered(encrypted, ctx.config().allowPlainWithoutTls())) {
          f.append("<mechanism>").append(m).append("</mechanism>");
        }
        f.append("</mechanisms>");
      }
    } else if (phase == Phase.AUTHENTICATED) {
      f.append("<bind xmlns='").append(BIND_NS).append("'/>");
      f.append("<session xmlns='").append(SESSION_NS).append("'><optional/></session>");
      // RFC 6121 §2.6 roster versioning and §3.4 subscription pre-approval.
      f.append("<ver xmlns='urn:xmpp:features:rosterver'/>");
      f.append("<sub xmlns='urn:xmpp:features:pre-approval'/>");
    }
    return f.append("</stream:features>");
  }

  @Override
  public void element(XmlElement e) throws StreamErrorException {
    switch (phase) {
      case NEGOTIATING:
        negotiate(e);
        break;
      case AUTHENTICATED:
        beforeBind(e);
        break;
      case BOUND:
        stanza(e);
        break;
      default:
        break;
    }
  }

  @Override
  public void streamClosed() {
    if (phase != Phase.CLOSED) {
      phase = Phase.CLOSED;
      channel.writeAndFlush(utf8("</stream:stream>")).addListener(ChannelFutureListener.CLOSE);
    }
  }

  // ---------------------------------------------------------------- negotiation

  private void negotiate(XmlElement e) throws StreamErrorException {
    if ("starttls".equals(e.name()) && TLS_NS.equals(e.namespace())) {
      starttls();
      return;
    }
    if (!SaslNegotiation.NS.equals(e.namespace())) {
      throw new StreamErrorException(StreamError.NOT_AUTHORIZED, "authenticate first");
    }
    if (!encrypted && ctx.config().tlsRequired()) {
      throw new StreamErrorException(StreamError.POLICY_VIOLATION, "STARTTLS is required");
    }
    switch (e.name()) {
      case "auth":
        String mechanism = e.attr("mechanism");
        if (mechanism == null
            || !SaslNegotiation.offered(encrypted, ctx.config().allowPlainWithoutTls())
                .contains(mechanism)) {
          boolean plainNeedsTls = "PLAIN".equals(mechanism) && !encrypted;
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
        write("<failure xmlns='" + SaslNegotiation.NS + "'><aborted/></failure>");
        break;
      default:
        throw new StreamErrorException(StreamError.UNSUPPORTED_STANZA_TYPE, e.name());
    }
  }

  private void starttls() throws StreamErrorException {
    if (encrypted || ctx.tls() == null) {
      channel
          .writeAndFlush(utf8("<failure xmlns='" + TLS_NS + "'/></stream:stream>"))
          .addListener(ChannelFutureListener.CLOSE);
      phase = Phase.CLOSED;
      return;
    }
    // startTls=true lets <proceed/> leave in the clear; everything after it is encrypted.
    SslHandler ssl = ctx.tls().newHandler(channel.alloc());
    channel.pipeline().addFirst("tls", new SslHandler(ssl.engine(), true));
    write("<proceed xmlns='" + TLS_NS + "'/>");
    encrypted = true;
    restartStream();
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
    // The mechanisms look up credentials in the store: off the event loop, reading paused.
    channel.config().setAutoRead(false);
    CompletableFuture.supplyAsync(
            () -> {
              try {
                byte[] challenge = sasl.step(response);
                return new Object[] {challenge, sasl.isComplete() ? sasl.account() : null};
              } catch (SaslFailure f) {
                return new Object[] {f};
              }
            },
            ctx.blocking())
        .whenComplete(
            (result, error) ->
                channel
                    .eventLoop()
                    .execute(
                        () -> {
                          channel.config().setAutoRead(true);
                          if (phase == Phase.CLOSED) {
                            return;
                          }
                          if (error != null) {
                            LOG.warn("SASL step failed on stream {}", streamId, error);
                            saslFailure("temporary-auth-failure", null);
                          } else if (result[0] instanceof SaslFailure f) {
                            saslFailure(f.condition(), f.text());
                          } else if (result[1] != null) {
                            saslSuccess((byte[]) result[0], (Jid) result[1]);
                          } else {
                            write(
                                "<challenge xmlns='"
                                    + SaslNegotiation.NS
                                    + "'>"
                                    + SaslNegotiation.encode((byte[]) result[0])
                                    + "</challenge>");
                          }
                        }));
  }

  private void saslSuccess(byte[] additional, Jid authenticated) {
    account = authenticated;
    phase = Phase.AUTHENTICATED;
    String data = additional == null ? "" : SaslNegotiation.encode(additional);
    write("<success xmlns='" + SaslNegotiation.NS + "'>" + data + "</success>");
    restartStream();
  }

  private void saslFailure(String condition, String text) {
    ctx.metrics().error("access", "sasl-" + condition);
    StringBuilder f =
        new StringBuilder("<failure xmlns='").append(SaslNegotiation.NS).append("'><");
    f.append(condition).append("/>");
    if (text != null) {
      f.append("<text xml:lang='en'>");
      escape(f, text);
      f.append("</text>");
    }
    write(f.append("</failure>"));
    if (!"aborted".equals(condition) && ++authFailures >= ctx.config().maxAuthFailures()) {
      streamError(StreamError.POLICY_VIOLATION, "too many failed authentication attempts");
    }
  }

  private void restartStream() {
    reader.reset();
    headerSent = false;
  }

  // ---------------------------------------------------------------- binding

  private void beforeBind(XmlElement e) throws StreamErrorException {
    if (!"iq".equals(e.name()) || !Stanzas.CLIENT_NS.equals(e.namespace())) {
      throw new StreamErrorException(StreamError.NOT_AUTHORIZED, "bind a resource first");
    }
    XmlElement bind = e.child("bind", BIND_NS);
    if (bind == null || !"set".equals(e.attr("type"))) {
      if (e.child("session", SESSION_NS) != null) {
        write(iqResult(e.attr("id"), null));
        return;
      }
      write(Stanzas.error(e, StanzaError.NOT_AUTHORIZED, "bind a resource first", ctx.domain()));
      return;
    }
    XmlElement resourceElement = bind.child("resource", BIND_NS);
    String requested = resourceElement == null ? "" : resourceElement.text().trim();
    Jid wanted;
    try {
      wanted = account.withResource(requested.isEmpty() ? randomResource() : requested);
    } catch (JidFormatException ex) {
      write(Stanzas.error(e, StanzaError.BAD_REQUEST, "invalid resource", ctx.domain()));
      return;
    }
    if (ctx.sessions().session(wanted).isPresent() || ctx.connections().isBound(wanted)) {
      // RFC 6120 §7.7.2.2: override with a server-generated resource.
      wanted = account.withResource(requested + "-" + randomResource());
    }
    Jid bound = wanted;
    String id = e.attr("id");
    channel.config().setAutoRead(false);
    SessionEntry entry =
        new SessionEntry(bound, ctx.nodeId(), streamId, false, 0, ctx.clock().millis());
    CompletableFuture.runAsync(() -> ctx.sessions().put(entry), ctx.blocking())
        .whenComplete(
            (ok, error) ->
                channel
                    .eventLoop()
                    .execute(
                        () -> {
                          channel.config().setAutoRead(true);
                          if (error != null) {
                            LOG.warn("binding {} failed", bound, error);
                            write(
                                Stanzas.error(
                                    e, StanzaError.INTERNAL_SERVER_ERROR, null, ctx.domain()));
                            return;
                          }
                          if (phase == Phase.CLOSED) {
                            ctx.blocking().execute(() -> ctx.sessions().remove(bound, streamId));
                            return;
                          }
                          jid = bound;
                          sessionRef = new SessionRef(ctx.nodeId(), streamId, bound);
                          ctx.connections().bind(bound, this);
                          phase = Phase.BOUND;
                          authTimer.cancel(false);
                          XmlElement result =
                              XmlElement.builder("bind", BIND_NS)
                                  .child(
                                      XmlElement.builder("jid", BIND_NS)
                                          .text(bound.toString())
                                          .build())
                                  .build();
                          write(iqResult(id, result));
                        }));
  }

  private void unbind() {
    Jid gone = jid;
    if (gone == null) {
      return;
    }
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
    ctx.blocking().execute(() -> ctx.sessions().remove(gone, stream));
  }

  // ---------------------------------------------------------------- stanzas

  private void stanza(XmlElement e) throws StreamErrorException {
    Stanza.Kind kind = Stanza.Kind.of(e);
    if (kind == null) {
      throw new StreamErrorException(
          StreamError.UNSUPPORTED_STANZA_TYPE, "unsupported element " + e.name());
    }
    String from = e.attr("from");
    if (from != null && !from.equals(jid.toString()) && !fromMatches(from)) {
      throw new StreamErrorException(StreamError.INVALID_FROM, "'from' is not this session");
    }
    if (kind == Stanza.Kind.IQ && e.child("session", SESSION_NS) != null && e.attr("to") == null) {
      write(iqResult(e.attr("id"), null));
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
                channel
                    .eventLoop()
                    .execute(() -> streamError(StreamError.RESOURCE_CONSTRAINT, "server busy"));
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
    StringBuilder out = new StringBuilder(256);
    stanza.writeTo(out, Stanzas.CLIENT_NS);
    ctx.metrics().stanzaOut(PipelineMetrics.kindOf(stanza.name()));
    channel.writeAndFlush(utf8(out));
    if (channel.bytesBeforeWritable() > ctx.config().maxPendingOutputBytes()) {
      // The client stopped reading: do not buffer for it without bound.
      channel
          .eventLoop()
          .execute(
              () -> {
                streamError(StreamError.POLICY_VIOLATION, "client does not read");
                channel.close(); // without waiting for a flush that would never complete
              });
    }
  }

  /** The bound full JID, or null before binding. Read from other threads: informational. */
  Jid jid() {
    return jid;
  }

  String streamId() {
    return streamId;
  }

  boolean isOpen() {
    return channel != null && channel.isActive() && phase == Phase.BOUND;
  }

  // ---------------------------------------------------------------- output

  /** Sends a stream error (RFC 6120 §4.9), preceded by a header if none was sent, and closes. */
  void streamError(StreamError condition, String text) {
    if (phase == Phase.CLOSED || channel == null) {
      return;
    }
    ctx.metrics().error("access", condition.condition());
    StringBuilder out = new StringBuilder(256);
    if (!headerSent) {
      out.append("<?xml version='1.0'?><stream:stream xmlns='jabber:client'")
          .append(" xmlns:stream='http://etherx.jabber.org/streams' id='")
          .append(streamId == null ? newStreamId() : streamId)
          .append("' from='")
          .append(ctx.domain())
          .append("' version='1.0'>");
    }
    out.append(condition.toXml(text)).append("</stream:stream>");
    phase = Phase.CLOSED;
    channel.writeAndFlush(utf8(out)).addListener(ChannelFutureListener.CLOSE);
  }

  private void write(CharSequence xml) {
    channel.writeAndFlush(utf8(xml));
  }

  private void write(XmlElement stanza) {
    StringBuilder out = new StringBuilder(256);
    stanza.writeTo(out, Stanzas.CLIENT_NS);
    write(out);
  }

  private ByteBuf utf8(CharSequence s) {
    return ByteBufUtil.writeUtf8(channel.alloc(), s);
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

  private static String newStreamId() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String randomResource() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return "sb-" + HexFormat.of().formatHex(b);
  }

  private static void escape(StringBuilder out, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<':
          out.append("&lt;");
          break;
        case '>':
          out.append("&gt;");
          break;
        case '&':
          out.append("&amp;");
          break;
        default:
          out.append(c);
      }
    }
  }
}
