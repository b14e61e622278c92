package io.switchboard.access.xmpp;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.TaskExecutors;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.switchboard.core.config.NodeIdentity;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.core.pipeline.Transport;
import io.switchboard.core.session.SessionTable;
import io.switchboard.core.user.UserStore;
import io.switchboard.xmpp.StreamError;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The XMPP client listener (TCP, STARTTLS) of an access node. */
@Context
@Requires(property = "switchboard.stages.access.enabled", notEquals = "false")
public class XmppServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(XmppServer.class);

  private final EventLoopGroup group;
  private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final Channel listener;
  private final Channel directTls;
  private final AccessContext shared;
  private final InetSocketAddress address;

  public XmppServer(
      XmppConfig config,
      SwitchboardConfig platform,
      NodeIdentity node,
      Transport transport,
      SessionTable sessions,
      UserStore users,
      PipelineMetrics metrics,
      LocalConnections connections,
      Clock clock,
      @Named(TaskExecutors.BLOCKING) ExecutorService blocking,
      ResumableSessions resumable,
      UndeliveredMessages undelivered,
      InBandRegistration registration,
      ServerCapabilities capabilities)
      throws Exception {
    SslContext tls =
        TlsContextFactory.create(config, Path.of(platform.dataDir()), platform.domain());
    this.shared =
        new AccessContext(
            config,
            platform.domain(),
            node.id(),
            transport,
            sessions,
            users,
            metrics,
            connections,
            tls,
            blocking,
            clock,
            new AtomicLong(clock.millis() * 1000),
            resumable,
            undelivered,
            registration,
            capabilities);
    this.group = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
    long stanzaTimeout = config.stanzaTimeout().toMillis();
    this.listener = listen(shared, config.host(), config.port(), false, stanzaTimeout);
    this.address = (InetSocketAddress) listener.localAddress();
    if (config.directTlsPort() >= 0) {
      this.directTls = listen(shared, config.host(), config.directTlsPort(), true, stanzaTimeout);
      LOG.info(
          "XMPP direct TLS (XEP-0368) on {}",
          ((InetSocketAddress) directTls.localAddress()).getPort());
    } else {
      this.directTls = null;
    }
    LOG.info(
        "XMPP listening on {}:{} for domain {} (STARTTLS {})",
        address.getHostString(),
        address.getPort(),
        platform.domain(),
        config.tlsRequired() ? "required" : "offered");
  }

  private Channel listen(
      AccessContext shared, String host, int port, boolean tlsFirst, long stanzaTimeout)
      throws InterruptedException {
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    clients.add(ch);
                    if (tlsFirst) {
                      ch.pipeline().addLast("tls", shared.tls().newHandler(ch.alloc()));
                    }
                    ch.pipeline()
                        .addLast("flush", new FlushConsolidationHandler(64, true))
                        .addLast(
                            "idle",
                            new IdleStateHandler(stanzaTimeout, 0, 0, TimeUnit.MILLISECONDS))
                        .addLast("xmpp", new TcpXmppHandler(shared, tlsFirst));
                  }
                });
    return bootstrap.bind(host, port).sync().channel();
  }

  /** What every client session of this node shares (WebSocket sessions too). */
  AccessContext context() {
    return shared;
  }

  /** The port of the direct TLS listener, or -1 when it is off. */
  public int directTlsPort() {
    return directTls == null ? -1 : ((InetSocketAddress) directTls.localAddress()).getPort();
  }

  /** The bound address (the port is the real one when 0 was configured). */
  public InetSocketAddress address() {
    return address;
  }

  @Override
  @PreDestroy
  public void close() {
    listener.close().syncUninterruptibly();
    if (directTls != null) {
      directTls.close().syncUninterruptibly();
    }
    // RFC 6120 §4.9.3.20: tell every client the server is going away, then close.
    for (Channel ch : clients) {
      TcpXmppHandler c = ch.pipeline().get(TcpXmppHandler.class);
      if (c != null) {
        ch.eventLoop().execute(() -> c.session().streamError(StreamError.SYSTEM_SHUTDOWN, null));
      }
    }
    clients.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
