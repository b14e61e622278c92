package io.switchboard.core.blocking;

import io.micronaut.context.annotation.Requires;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Dispatcher;
import io.switchboard.core.pipeline.TransportConfig;
import io.switchboard.core.pipeline.TransportFactory;
import io.switchboard.xmpp.Jid;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Block list changes of a distributed deployment: a core NATS subject {@code
 * <prefix>.blocklist.changed} that every process subscribes to (no queue group), carrying the bare
 * JID. A notice published while a subscriber is disconnected is lost to it, so a reconnection
 * counts as "any list may have changed".
 */
@Singleton
@Requires(property = TransportFactory.DEPLOYMENT_TYPE, value = "distributed")
public class NatsBlockListChanges implements BlockListChanges {

  private static final Logger LOG = LoggerFactory.getLogger(NatsBlockListChanges.class);

  private final Connection connection;
  private final String subject;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Dispatcher dispatcher;
  private final ConnectionListener reconnects;

  public NatsBlockListChanges(Connection connection, TransportConfig.Nats config)
      throws InterruptedException {
    this.connection = connection;
    this.subject = config.subjectPrefix() + ".blocklist.changed";
    this.dispatcher =
        connection.createDispatcher(
            msg -> {
              Jid account = Jid.ofOrNull(new String(msg.getData(), StandardCharsets.UTF_8));
              if (account == null) {
                LOG.warn("ignoring a malformed block list notice on {}", subject);
                return;
              }
              for (Listener l : listeners) {
                l.changed(account);
              }
            });
    dispatcher.setPendingLimits(-1, -1);
    dispatcher.subscribe(subject);
    this.reconnects =
        (conn, event) -> {
          if (event == ConnectionListener.Events.RECONNECTED
              || event == ConnectionListener.Events.RESUBSCRIBED) {
            for (Listener l : listeners) {
              l.anyChanged();
            }
          }
        };
    connection.addConnectionListener(reconnects);
    try {
      connection.flush(Duration.ofSeconds(5));
    } catch (TimeoutException e) {
      LOG.warn("subscribing to {} not confirmed within 5 s", subject);
    }
  }

  @Override
  public void publish(Jid account) {
    connection.publish(subject, account.bare().toString().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void subscribe(Listener listener) {
    listeners.add(listener);
  }

  @PreDestroy
  void close() {
    connection.removeConnectionListener(reconnects);
    try {
      connection.closeDispatcher(dispatcher);
    } catch (RuntimeException e) {
      LOG.debug("closing the block list dispatcher: {}", e.toString());
    }
  }
}
