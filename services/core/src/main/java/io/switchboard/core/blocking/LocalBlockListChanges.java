package io.switchboard.core.blocking;

import io.micronaut.context.annotation.Requires;
import io.switchboard.core.pipeline.TransportFactory;
import io.switchboard.xmpp.Jid;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Block list changes within the one process of a local deployment: listeners are called at once.
 */
@Singleton
@Requires(property = TransportFactory.DEPLOYMENT_TYPE, value = "local", defaultValue = "local")
public class LocalBlockListChanges implements BlockListChanges {

  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  @Override
  public void publish(Jid account) {
    for (Listener l : listeners) {
      l.changed(account);
    }
  }

  @Override
  public void subscribe(Listener listener) {
    listeners.add(listener);
  }
}
