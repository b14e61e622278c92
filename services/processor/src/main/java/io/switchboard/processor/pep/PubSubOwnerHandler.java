package io.switchboard.processor.pep;

import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Replies;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.processor.iq.IqHandler;
import io.switchboard.processor.pep.NodeConfigForm.InvalidConfigException;
import io.switchboard.processor.pep.PepService.Target;
import io.switchboard.processor.pep.PubSub.Failure;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Singleton;

/**
 * The owner's use cases of XEP-0060 for PEP nodes ({@code
 * http://jabber.org/protocol/pubsub#owner}): configure (§8.2: get the form, submit it, or cancel),
 * the default configuration (§8.3), delete (§8.4) and purge (§8.5), the last two notified to the
 * node's subscribers when its {@code notify_delete} says so. Only the account's owner may;
 * affiliations and subscriptions management get {@code feature-not-implemented} (PEP has no other
 * affiliates, and subscriptions come from presence).
 */
@Singleton
public class PubSubOwnerHandler implements IqHandler {

  private final PepService service;
  private final PepStore store;
  private final PepNotifier notifier;
  private final PepConfig limits;

  PubSubOwnerHandler(PepService service, PepStore store, PepNotifier notifier, PepConfig limits) {
    this.service = service;
    this.store = store;
    this.notifier = notifier;
    this.limits = limits;
  }

  @Override
  public String element() {
    return "pubsub";
  }

  @Override
  public String namespace() {
    return PubSub.OWNER_NS;
  }

  @Override
  public void handle(Stanza iq, Envelope in, StageOutput out) {
    try {
      Target target = service.target(iq);
      XmlElement action = null;
      for (XmlElement e : iq.payload().elements()) {
        if (e.namespace().equals(PubSub.OWNER_NS)) {
          if (action != null) {
            throw new Failure(StanzaError.BAD_REQUEST, null, "one request per <pubsub/>");
          }
          action = e;
        }
      }
      if (action == null) {
        throw new Failure(StanzaError.BAD_REQUEST, null, "an empty <pubsub/> asks for nothing");
      }
      if (!target.isOwner()) {
        throw PepService.forbidden();
      }
      boolean set = "set".equals(iq.type());
      switch (action.name()) {
        case "configure" -> {
          if (set) {
            configureSet(iq, target, action, in, out);
          } else {
            configureGet(iq, target, action, in, out);
          }
        }
        case "default" -> {
          requireType(!set, "default is a get");
          defaults(iq, target, action, in, out);
        }
        case "delete" -> {
          requireType(set, "delete is a set");
          delete(iq, target, action, in, out);
        }
        case "purge" -> {
          requireType(set, "purge is a set");
          purge(iq, target, action, in, out);
        }
        case "affiliations" -> throw Failure.unsupported("modify-affiliations");
        case "subscriptions" -> throw Failure.unsupported("manage-subscriptions");
        default ->
            throw new Failure(
                StanzaError.BAD_REQUEST, null, "unknown owner request <" + action.name() + "/>");
      }
    } catch (Failure f) {
      PubSub.reply(in, iq, f, iq.from().bare().toString(), out);
    }
  }

  private static void requireType(boolean ok, String text) throws Failure {
    if (!ok) {
      throw new Failure(StanzaError.BAD_REQUEST, null, text);
    }
  }

  private PepNode existing(Target target, XmlElement action) throws Failure {
    String name = PepService.node(action);
    return store.node(target.owner(), name).orElseThrow(() -> PepService.noSuchNode(name));
  }

  private void configureGet(
      Stanza iq, Target target, XmlElement action, Envelope in, StageOutput out) throws Failure {
    PepNode node = existing(target, action);
    XmlElement result =
        XmlElement.builder("pubsub", PubSub.OWNER_NS)
            .child(
                XmlElement.builder("configure", PubSub.OWNER_NS)
                    .attr("node", node.name())
                    .child(NodeConfigForm.form(node.config(), limits.maxItems()))
                    .build())
            .build();
    Replies.reply(in, Replies.iqResult(iq, target.owner().toString(), result), out);
  }

  private void configureSet(
      Stanza iq, Target target, XmlElement action, Envelope in, StageOutput out) throws Failure {
    PepNode node = existing(target, action);
    XmlElement form = action.child("x", PubSub.DATA_NS);
    if (form == null) {
      throw new Failure(StanzaError.BAD_REQUEST, null, "submit the node_config data form");
    }
    if (!"cancel".equals(form.attr("type"))) {
      NodeConfig config;
      try {
        config = NodeConfigForm.apply(node.config(), form, PubSub.NODE_CONFIG, limits.maxItems());
      } catch (InvalidConfigException e) {
        throw new Failure(StanzaError.NOT_ACCEPTABLE, null, e.getMessage());
      }
      store.configure(target.owner(), node.name(), config);
    }
    Replies.reply(in, Replies.iqResult(iq, target.owner().toString(), null), out);
  }

  private void defaults(Stanza iq, Target target, XmlElement action, Envelope in, StageOutput out) {
    String name = action.attr("node");
    XmlElement result =
        XmlElement.builder("pubsub", PubSub.OWNER_NS)
            .child(
                XmlElement.builder("default", PubSub.OWNER_NS)
                    .child(
                        NodeConfigForm.form(NodeConfig.defaults(name, limits), limits.maxItems()))
                    .build())
            .build();
    Replies.reply(in, Replies.iqResult(iq, target.owner().toString(), result), out);
  }

  private void delete(Stanza iq, Target target, XmlElement action, Envelope in, StageOutput out)
      throws Failure {
    PepNode node = existing(target, action);
    if (!store.delete(target.owner(), node.name())) {
      throw PepService.noSuchNode(node.name());
    }
    Replies.reply(in, Replies.iqResult(iq, target.owner().toString(), null), out);
    if (node.config().notifyDelete()) {
      notifier.nodeEvent(node, "delete", out);
    }
  }

  private void purge(Stanza iq, Target target, XmlElement action, Envelope in, StageOutput out)
      throws Failure {
    PepNode node = existing(target, action);
    store.purge(target.owner(), node.name());
    Replies.reply(in, Replies.iqResult(iq, target.owner().toString(), null), out);
    if (node.config().notifyDelete()) {
      notifier.nodeEvent(node, "purge", out);
    }
  }
}
