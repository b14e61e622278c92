package io.switchboard.access.xmpp;

import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.switchboard.xmpp.StreamError;
import io.switchboard.xmpp.StreamErrorException;
import io.switchboard.xmpp.XmlElement;
import io.switchboard.xmpp.XmlParser;
import io.switchboard.xmpp.XmppStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * XMPP over WebSocket (RFC 7395): every text frame is one complete element, {@code <open/>} and
 * {@code <close/>} in the framing namespace stand for the stream header and trailer. Frames are
 * parsed with the same restricted-XML rules as TCP streams and handed to the {@link XmppSession} on
 * the session's own serial executor.
 */
final class WebSocketSink implements StreamSink {

  static final String FRAMING_NS = "urn:ietf:params:xml:ns:xmpp-framing";
  private static final String STREAMS_NS = "http://etherx.jabber.org/streams";

  private final WebSocketSession socket;
  private final SerialExecutor executor;
  private final ScheduledExecutorService timer;
  private final boolean encrypted;
  private final int maxFrameBytes;
  private final long closeTimeoutMillis;
  private final String remote;
  private final ArrayDeque<String> paused = new ArrayDeque<>();
  private XmppSession session;
  private boolean reading = true;
  private boolean opened;
  private boolean closed;

  WebSocketSink(
      WebSocketSession socket,
      AccessContext ctx,
      SerialExecutor executor,
      ScheduledExecutorService timer,
      boolean encrypted,
      String remote) {
    this.socket = socket;
    this.executor = executor;
    this.timer = timer;
    this.encrypted = encrypted;
    this.maxFrameBytes = ctx.config().maxStanzaBytes();
    this.closeTimeoutMillis = ctx.config().closeTimeout().toMillis();
    this.remote = remote;
    this.session = new XmppSession(ctx);
  }

  void start() {
    execute(() -> session.attach(this));
  }

  /** A text frame from the client; handled on the session's executor, in order. */
  void frame(String text) {
    execute(
        () -> {
          if (!reading) {
            paused.add(text);
          } else {
            handle(text);
          }
        });
  }

  void lost() {
    execute(
        () -> {
          closed = true;
          session.transportLost();
        });
  }

  private void handle(String text) {
    if (closed) {
      return;
    }
    try {
      if (text.getBytes(StandardCharsets.UTF_8).length > maxFrameBytes) {
        throw new StreamErrorException(
            StreamError.POLICY_VIOLATION, "frame exceeds " + maxFrameBytes + " bytes");
      }
      XmlElement e = XmlParser.parse(text);
      if (FRAMING_NS.equals(e.namespace()) && "open".equals(e.name())) {
        opened = true;
        session.opened(new XmppStreamReader.StreamHeader(attributes(e), "jabber:client"));
      } else if (FRAMING_NS.equals(e.namespace()) && "close".equals(e.name())) {
        session.closedByClient();
      } else if (!opened) {
        throw new StreamErrorException(StreamError.BAD_FORMAT, "expected <open/>");
      } else {
        session.element(e);
      }
    } catch (StreamErrorException e) {
      session.streamError(e.condition(), e.text());
    }
  }

  private static Map<String, String> attributes(XmlElement e) {
    return e.attributes();
  }

  @Override
  public void write(CharSequence xml) {
    if (!closed) {
      socket.sendAsync(xml.toString());
    }
  }

  @Override
  public void writeAndClose(CharSequence xml) {
    if (closed) {
      return;
    }
    closed = true;
    socket.sendAsync(xml.toString()).whenComplete((ok, error) -> socket.close(CloseReason.NORMAL));
  }

  @Override
  public void writeAndAwaitClose(CharSequence xml) {
    if (closed) {
      return;
    }
    closed = true;
    // RFC 7395 §3.6: after the server's <close/>, the client closes the WebSocket connection.
    socket.sendAsync(xml.toString());
    timer.schedule(
        () -> {
          if (socket.isOpen()) {
            socket.close(CloseReason.NORMAL);
          }
        },
        closeTimeoutMillis,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    closed = true;
    socket.close(CloseReason.GOING_AWAY);
  }

  @Override
  public void execute(Runnable task) {
    executor.execute(task);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
    return timer.schedule(() -> execute(task), delay, unit);
  }

  @Override
  public void setReading(boolean on) {
    reading = on;
    while (reading && !paused.isEmpty()) {
      handle(paused.poll());
    }
  }

  @Override
  public String streamHeader(String streamId, String domain) {
    return "<open xmlns='"
        + FRAMING_NS
        + "' id='"
        + streamId
        + "' from='"
        + domain
        + "' version='1.0' xml:lang='en'/>";
  }

  @Override
  public String streamClose() {
    return "<close xmlns='" + FRAMING_NS + "'/>";
  }

  @Override
  public String standalone(CharSequence streamElement) {
    String xml = streamElement.toString();
    int end = xml.indexOf('>');
    if (xml.startsWith("<stream:") && end > 0) {
      int insert = xml.charAt(end - 1) == '/' ? end - 1 : end;
      return xml.substring(0, insert)
          + " xmlns:stream='"
          + STREAMS_NS
          + "'"
          + xml.substring(insert);
    }
    return xml;
  }

  @Override
  public boolean canStartTls() {
    return false;
  }

  @Override
  public void startTls(String proceedXml) {
    throw new UnsupportedOperationException("no STARTTLS over WebSocket");
  }

  @Override
  public boolean isEncrypted() {
    return encrypted;
  }

  @Override
  public void restart() {
    // The client sends a new <open/>; nothing to reset.
  }

  @Override
  public long pendingOutputBytes() {
    return 0;
  }

  @Override
  public String remoteAddress() {
    return remote;
  }

  @Override
  public void adopt(XmppSession resumed) {
    this.session = resumed;
  }

  XmppSession session() {
    return session;
  }
}
