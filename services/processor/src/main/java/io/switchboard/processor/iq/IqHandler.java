package io.switchboard.processor.iq;

import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Stanza;
import java.util.Set;

/**
 * Handles iq requests addressed to the server or to an account, for one payload element and
 * namespace (Openfire's one-class-per-namespace, Tigase's processors): it returns its results
 * through {@code out} and never sees a socket.
 */
public interface IqHandler {

  /** Local name of the payload element, e.g. {@code ping}. */
  String element();

  /** Namespace of the payload element, e.g. {@code urn:xmpp:ping}. */
  String namespace();

  /** Handles an iq get or set whose payload matches. */
  void handle(Stanza iq, Envelope in, StageOutput out) throws Exception;

  /**
   * Service discovery (XEP-0030) features this handler adds to the server's disco#info answer.
   * Empty by default: not every payload namespace is a feature worth announcing.
   */
  default Set<String> serverFeatures() {
    return Set.of();
  }

  /** Features this handler adds to an account's (bare JID's) disco#info answer. */
  default Set<String> accountFeatures() {
    return Set.of();
  }
}
