package io.switchboard.processor.iq;

import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Replies;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the {@link IqHandler} of an iq request by its payload's name and namespace. Requests no
 * handler claims get {@code service-unavailable} (RFC 6120 §8.4); results and errors addressed to
 * the server go to the {@link IqResultHandler} waiting for them, or are dropped.
 */
@Singleton
public class IqDispatcher {

  private final Map<String, IqHandler> handlers = new HashMap<>();
  private final String domain;
  private final List<IqResultHandler> results;

  public IqDispatcher(
      List<IqHandler> all, SwitchboardConfig config, List<IqResultHandler> results) {
    this.domain = config.domain();
    this.results = List.copyOf(results);
    for (IqHandler h : all) {
      IqHandler previous = handlers.put(key(h.element(), h.namespace()), h);
      if (previous != null) {
        throw new IllegalStateException(
            "two handlers for " + h.namespace() + " " + h.element() + ": " + previous + ", " + h);
      }
    }
  }

  public void dispatch(Stanza iq, Envelope in, StageOutput out) throws Exception {
    if (!iq.isRequest()) {
      for (IqResultHandler r : results) {
        if (r.accepts(iq)) {
          r.handle(iq, in, out);
          return;
        }
      }
      return;
    }
    XmlElement payload = iq.payload();
    IqHandler handler =
        payload == null ? null : handlers.get(key(payload.name(), payload.namespace()));
    if (handler == null) {
      Replies.error(in, iq.element(), StanzaError.SERVICE_UNAVAILABLE, null, domain, out);
      return;
    }
    handler.handle(iq, in, out);
  }

  private static String key(String element, String namespace) {
    return namespace + ' ' + element;
  }
}
