package io.switchboard.access.xmpp;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import jakarta.annotation.PreDestroy;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * XMPP over WebSocket (RFC 7395) at {@code /xmpp-websocket} on the HTTP port, subprotocol {@code
 * xmpp}, so browsers connect through a plain HTTP ingress. The stream is the same {@link
 * XmppSession} as over TCP. There is no STARTTLS over WebSocket: the connection counts as encrypted
 * when it is {@code wss}, comes through a proxy that says {@code X-Forwarded-Proto: https}, or
 * comes from loopback (development); otherwise only what the TLS policy allows without encryption
 * is offered.
 */
@ServerWebSocket(value = "/xmpp-websocket", subprotocols = "xmpp")
@Requires(property = "switchboard.stages.access.enabled", notEquals = "false")
public class XmppWebSocketEndpoint {

  private static final String SINK = "switchboard.xmpp";

  private final XmppServer server;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sb-ws-timer");
            t.setDaemon(true);
            return t;
          });

  public XmppWebSocketEndpoint(XmppServer server) {
    this.server = server;
  }

  @OnOpen
  public void open(WebSocketSession socket, HttpRequest<?> request) {
    if (!"xmpp".equals(socket.getSubprotocol().orElse(null))) {
      // RFC 7395 §3.2: the subprotocol must be negotiated.
      socket.close(CloseReason.PROTOCOL_ERROR);
      return;
    }
    InetSocketAddress remote = request.getRemoteAddress();
    boolean encrypted =
        socket.isSecure()
            || "https".equalsIgnoreCase(request.getHeaders().get("X-Forwarded-Proto"))
            || (remote != null
                && remote.getAddress() != null
                && remote.getAddress().isLoopbackAddress());
    AccessContext ctx = server.context();
    WebSocketSink sink =
        new WebSocketSink(
            socket,
            ctx,
            new SerialExecutor(ctx.blocking()),
            timer,
            encrypted,
            String.valueOf(remote));
    socket.put(SINK, sink);
    sink.start();
  }

  @OnMessage(maxPayloadLength = 1 << 20)
  public void message(String frame, WebSocketSession socket) {
    socket.get(SINK, WebSocketSink.class).ifPresent(s -> s.frame(frame));
  }

  @OnClose
  public void close(WebSocketSession socket) {
    socket.get(SINK, WebSocketSink.class).ifPresent(WebSocketSink::lost);
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
  }
}
