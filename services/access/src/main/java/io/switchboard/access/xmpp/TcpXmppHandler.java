package io.switchboard.access.xmpp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.switchboard.xmpp.StreamError;
import io.switchboard.xmpp.StreamErrorException;
import io.switchboard.xmpp.XmlElement;
import io.switchboard.xmpp.XmppStreamReader;
import java.net.SocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XMPP over TCP (RFC 6120 framing) on a Netty channel: bytes go through the restricted stream
 * reader into the {@link XmppSession}; the session writes back through this sink. With {@code
 * directTls} the channel starts with TLS (XEP-0368) and STARTTLS is not offered.
 */
final class TcpXmppHandler extends ChannelInboundHandlerAdapter
    implements StreamSink, XmppStreamReader.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(TcpXmppHandler.class);

  private final XmppStreamReader reader;
  private final SslContext tls;
  private final long closeTimeoutMillis;
  private final byte[] scratch = new byte[16 * 1024];
  private XmppSession session;
  private Channel channel;
  private boolean encrypted;
  private boolean closed;

  /** Set while the server waits for the client to close after both stream closings. */
  private ScheduledFuture<?> closing;

  TcpXmppHandler(AccessContext ctx, boolean directTls) {
    this.reader = new XmppStreamReader(ctx.config().maxStanzaBytes(), this);
    this.tls = ctx.tls();
    this.closeTimeoutMillis = ctx.config().closeTimeout().toMillis();
    this.encrypted = directTls;
    this.session = new XmppSession(ctx);
  }

  // ---------------------------------------------------------------- Netty

  @Override
  public void channelActive(ChannelHandlerContext c) {
    channel = c.channel();
    session.attach(this);
    c.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext c, Object msg) {
    ByteBuf buf = (ByteBuf) msg;
    try {
      while (buf.isReadable() && !closed) {
        int n = Math.min(buf.readableBytes(), scratch.length);
        buf.readBytes(scratch, 0, n);
        reader.feed(scratch, 0, n);
      }
    } catch (StreamErrorException e) {
      session.streamError(e.condition(), e.text());
    } catch (RuntimeException e) {
      LOG.warn("stream from {} failed", remoteAddress(), e);
      session.streamError(StreamError.INTERNAL_SERVER_ERROR, null);
    } finally {
      buf.release();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext c, Object evt) {
    if (evt instanceof IdleStateEvent && reader.isInsideElement()) {
      session.stalled();
    }
    if (evt instanceof SslCloseCompletionEvent && closing != null) {
      // The client ended TLS (close_notify) after the stream: nothing more can come, close now.
      c.close();
    }
    c.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext c) {
    closed = true;
    if (closing != null) {
      closing.cancel(false);
    }
    reader.endOfInput();
    session.transportLost();
    c.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
    LOG.debug("connection {}: {}", remoteAddress(), cause.toString());
    c.close();
  }

  // ---------------------------------------------------------------- reader events

  @Override
  public void streamOpened(XmppStreamReader.StreamHeader header) throws StreamErrorException {
    session.opened(header);
  }

  @Override
  public void element(XmlElement e) throws StreamErrorException {
    session.element(e);
  }

  @Override
  public void streamClosed() {
    session.closedByClient();
  }

  // ---------------------------------------------------------------- sink

  @Override
  public void write(CharSequence xml) {
    channel.writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(), xml));
  }

  @Override
  public void writeAndClose(CharSequence xml) {
    closed = true;
    channel
        .writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(), xml))
        .addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void writeAndAwaitClose(CharSequence xml) {
    closed = true;
    channel.writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(), xml));
    closing =
        channel
            .eventLoop()
            .schedule(() -> channel.close(), closeTimeoutMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    closed = true;
    channel.close();
  }

  @Override
  public void execute(Runnable task) {
    channel.eventLoop().execute(task);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
    return channel.eventLoop().schedule(task, delay, unit);
  }

  @Override
  public void setReading(boolean on) {
    channel.config().setAutoRead(on);
  }

  @Override
  public String streamHeader(String streamId, String domain) {
    return "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
        + " xmlns:stream='http://etherx.jabber.org/streams' id='"
        + streamId
        + "' from='"
        + domain
        + "' version='1.0' xml:lang='en'>";
  }

  @Override
  public String streamClose() {
    return "</stream:stream>";
  }

  @Override
  public String standalone(CharSequence streamElement) {
    return streamElement.toString();
  }

  @Override
  public boolean canStartTls() {
    return tls != null && !encrypted;
  }

  @Override
  public void startTls(String proceedXml) {
    // startTls=true lets <proceed/> leave in the clear; everything after it is encrypted.
    SslHandler ssl = tls.newHandler(channel.alloc());
    channel.pipeline().addFirst("tls", new SslHandler(ssl.engine(), true));
    write(proceedXml);
    encrypted = true;
  }

  @Override
  public boolean isEncrypted() {
    return encrypted;
  }

  @Override
  public void restart() {
    reader.reset();
  }

  @Override
  public long pendingOutputBytes() {
    return channel.isWritable() ? 0 : channel.bytesBeforeWritable();
  }

  @Override
  public String remoteAddress() {
    SocketAddress a = channel == null ? null : channel.remoteAddress();
    return a == null ? "?" : a.toString();
  }

  @Override
  public void adopt(XmppSession resumed) {
    this.session = resumed;
  }

  XmppSession session() {
    return session;
  }
}
