package io.switchboard.processor.pep;

import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Replies;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.XmlElement;

/** The XEP-0060 namespaces, and error replies with their pubsub-specific conditions (§7–§8). */
final class PubSub {

  static final String NS = "http://jabber.org/protocol/pubsub";
  static final String OWNER_NS = NS + "#owner";
  static final String EVENT_NS = NS + "#event";
  static final String ERRORS_NS = NS + "#errors";
  static final String NODE_CONFIG = NS + "#node_config";
  static final String PUBLISH_OPTIONS = NS + "#publish-options";
  static final String META_DATA = NS + "#meta-data";
  static final String DATA_NS = "jabber:x:data";
  static final String ADDRESS_NS = "http://jabber.org/protocol/address";

  /** A failed request: the stanza error, its pubsub#errors condition (or null) and a text. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    final StanzaError condition;
    final String pubsubCondition;
    final String feature;

    Failure(StanzaError condition, String pubsubCondition, String text) {
      this(condition, pubsubCondition, null, text);
    }

    private Failure(StanzaError condition, String pubsubCondition, String feature, String text) {
      super(text, null, false, false);
      this.condition = condition;
      this.pubsubCondition = pubsubCondition;
      this.feature = feature;
    }

    /** {@code feature-not-implemented} with {@code <unsupported feature='...'/>}. */
    static Failure unsupported(String feature) {
      return new Failure(
          StanzaError.FEATURE_NOT_IMPLEMENTED,
          "unsupported",
          feature,
          "the personal eventing service does not support " + feature);
    }
  }

  private PubSub() {}

  /** Sends the error reply of a failure, {@code from} the account the request was about. */
  static void reply(Envelope in, Stanza iq, Failure f, String from, StageOutput out) {
    if (iq.isError()) {
      return;
    }
    XmlElement reply = Stanzas.error(iq.element(), f.condition, f.getMessage(), from);
    if (f.pubsubCondition != null) {
      XmlElement.Builder specific =
          XmlElement.builder(f.pubsubCondition, ERRORS_NS).attr("feature", f.feature);
      XmlElement error = reply.child("error", reply.namespace());
      // RFC 6120 §8.3.2: the defined condition, the text, then the application-specific one.
      XmlElement withSpecific = error.toBuilder().child(specific.build()).build();
      reply =
          reply.toBuilder().removeChildren("error", reply.namespace()).child(withSpecific).build();
    }
    Replies.reply(in, reply, out);
  }
}
