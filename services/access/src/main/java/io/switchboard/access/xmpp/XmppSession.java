package io.switchboard.access.xmpp;

import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.JidFormatException;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.StreamError;
import io.switchboard.xmpp.StreamErrorException;
import io.switchboard.xmpp.XmlElement;
import io.switchboard.xmpp.XmppStreamReader;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client stream (RFC 6120), independent of the transport under it ({@link StreamSink}: TCP or
 * WebSocket): the stream header, the phases the stream goes through, its timers, stream errors and
 * closing. What happens within a phase is elsewhere: {@link StreamNegotiation} until a resource is
 * bound, {@link BoundSession} afterwards. State is touched on the sink's thread only; blocking work
 * (store look-ups, session table writes) runs on the blocking executor while reading is paused
 * ({@link #offThread}). A session with resumption enabled outlives a dropped transport for a while
 * ({@link #transportLost}) and can be taken over by a new one (XEP-0198).
 */
final class XmppSession {

  private static final Logger LOG = LoggerFactory.getLogger(XmppSession.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Where a stream stands. */
  enum Phase {
    NEGOTIATING,
    AUTHENTICATED,
    BOUND,
    /** Bound, stream management on, transport gone: waiting to be resumed. */
    DETACHED,
    CLOSED
  }

  private final AccessContext ctx;
  private final StreamNegotiation negotiation;
  private volatile BoundSession bound;
  private StreamSink sink;
  private String streamId;
  private Phase phase = Phase.NEGOTIATING;
  private boolean headerSent;
  private ScheduledFuture<?> authTimer;
  private ScheduledFuture<?> resumeTimer;

  XmppSession(AccessContext ctx) {
    this.ctx = ctx;
    this.negotiation = new StreamNegotiation(ctx, this);
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
    if (phase == Phase.BOUND && bound.resumable()) {
      phase = Phase.DETACHED;
      ctx.resumable().add(bound.smId(), this);
      long window = ctx.config().resumeTimeout().toMillis();
      resumeTimer = sink.schedule(this::expire, window, TimeUnit.MILLISECONDS);
      LOG.debug("session {} detached, resumable for {} ms", bound.jid(), window);
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
    sink.write(sink.standalone(negotiation.features(phase)));
  }

  void element(XmlElement e) throws StreamErrorException {
    switch (phase) {
      case NEGOTIATING:
        negotiation.beforeAuthentication(e);
        break;
      case AUTHENTICATED:
        negotiation.beforeBinding(e);
        break;
      case BOUND:
        bound.element(e);
        break;
      default:
        break;
    }
  }

  /**
   * The client closed its stream: no resumption; answer in kind and leave closing the connection to
   * the client (RFC 6120 §4.4), within the close timeout.
   */
  void closedByClient() {
    if (phase == Phase.CLOSED) {
      return;
    }
    if (bound != null) {
      bound.noResumption();
    }
    sink.writeAndAwaitClose(sink.streamClose());
    end();
  }

  /**
   * The server ends the session (an account removal): a stream error, no resumption, also when the
   * session is detached. Safe from any thread.
   */
  void terminate(StreamError condition, String text) {
    sink.execute(
        () -> {
          if (phase == Phase.DETACHED) {
            ctx.resumable().remove(bound.smId(), this);
          }
          streamError(condition, text);
        });
  }

  // ---------------------------------------------------------------- phase changes

  /** SASL succeeded ({@link StreamNegotiation#account()} is the account). */
  void authenticated() {
    phase = Phase.AUTHENTICATED;
  }

  /** A resource is bound: from now on stanzas flow. */
  void bound(Jid jid) {
    bound = new BoundSession(ctx, this, jid);
    ctx.connections().bind(jid, this);
    phase = Phase.BOUND;
    cancel(authTimer);
  }

  /** A stream restart (RFC 6120 §4.3.3) after STARTTLS or SASL: a new header is expected. */
  void restartStream() {
    sink.restart();
    headerSent = false;
  }

  /** Writes a last answer (such as a refused STARTTLS) and the stream's close, and closes. */
  void refuseTls(String failure) {
    phase = Phase.CLOSED;
    sink.writeAndClose(failure + sink.streamClose());
  }

  /** XEP-0198 §5: this new stream's transport goes to {@code old}, a detached session. */
  void handOverTo(XmppSession old, long h) {
    StreamSink newSink = sink;
    phase = Phase.CLOSED; // this session object is replaced by the old one
    cancel(authTimer);
    old.sink.execute(() -> old.resume(newSink, h));
  }

  /** Runs on the old session's thread: adopts the new transport and resends what was lost. */
  private void resume(StreamSink newSink, long h) {
    if (phase != Phase.DETACHED && phase != Phase.BOUND) {
      newSink.write(BoundSession.smFailed("item-not-found", null));
      return;
    }
    if (phase == Phase.BOUND) {
      sink.close(); // the old transport is still open but the client has moved on
    }
    cancel(resumeTimer);
    sink = newSink;
    phase = Phase.BOUND;
    ctx.resumable().remove(bound.smId(), this);
    newSink.adopt(this);
    bound.resumed(h);
  }

  /** The resumption window passed: the session ends, its unacknowledged messages go offline. */
  private void expire() {
    if (phase == Phase.DETACHED) {
      ctx.resumable().remove(bound.smId(), this);
      end();
    }
  }

  private void end() {
    Phase was = phase;
    phase = Phase.CLOSED;
    cancel(resumeTimer);
    if (was == Phase.BOUND || was == Phase.DETACHED) {
      bound.ended();
    }
  }

  // ---------------------------------------------------------------- output

  /** Writes a stanza the pipeline delivered to this session. Safe from any thread. */
  void deliver(XmlElement stanza) {
    ctx.metrics().stanzaOut(PipelineMetrics.kindOf(stanza.name()));
    sink.execute(() -> writeStanza(stanza));
  }

  /** Writes a stanza to the client; nothing once the stream is closed. */
  void writeStanza(XmlElement stanza) {
    if (phase == Phase.CLOSED) {
      return;
    }
    if (bound != null) {
      bound.write(stanza);
      return;
    }
    sink.write(serialize(stanza));
    checkOutputBacklog();
  }

  /** A client that stopped reading gets no unbounded buffer: its stream ends. */
  void checkOutputBacklog() {
    if (sink.pendingOutputBytes() > ctx.config().maxPendingOutputBytes()) {
      streamError(StreamError.POLICY_VIOLATION, "client does not read");
      sink.close();
    }
  }

  /** Sends a stream error (RFC 6120 §4.9), preceded by a header if none was sent, and closes. */
  void streamError(StreamError condition, String text) {
    if (phase == Phase.CLOSED || sink == null) {
      return;
    }
    ctx.metrics().error("access", condition.condition());
    LOG.debug(
        "stream {} of {}: stream error {} ({})", streamId, jid(), condition.condition(), text);
    StringBuilder out = new StringBuilder(256);
    if (!headerSent) {
      out.append(sink.streamHeader(streamId == null ? newId() : streamId, ctx.domain()));
    }
    out.append(sink.standalone(condition.toXml(text))).append(sink.streamClose());
    if (bound != null) {
      bound.noResumption();
    }
    sink.writeAndClose(out);
    end();
  }

  static String serialize(XmlElement stanza) {
    StringBuilder out = new StringBuilder(256);
    stanza.writeTo(out, Stanzas.CLIENT_NS);
    return out.toString();
  }

  // ---------------------------------------------------------------- state

  StreamSink sink() {
    return sink;
  }

  /** The authenticated account, or null. */
  Jid account() {
    return negotiation.account();
  }

  /** The bound full JID, or null. Safe from any thread. */
  Jid jid() {
    BoundSession b = bound;
    return b == null ? null : b.jid();
  }

  String streamId() {
    return streamId;
  }

  boolean isOpen() {
    Phase p = phase;
    return p == Phase.BOUND || p == Phase.DETACHED;
  }

  boolean isDetached() {
    return phase == Phase.DETACHED;
  }

  // ---------------------------------------------------------------- blocking work

  /**
   * Runs blocking work off the session's thread with reading paused, then continues on it; a
   * failure calls {@code onError} there.
   */
  <T> void offThread(Supplier<T> work, Consumer<T> then, Runnable onError) {
    offThread(work, () -> {}, then, onError);
  }

  /** As above; {@code ifClosed} runs when the session closed while the work was under way. */
  <T> void offThread(Supplier<T> work, Runnable ifClosed, Consumer<T> then, Runnable onError) {
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

  /** A random id for streams and stream management. */
  static String newId() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
