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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * XEP-0163 personal eventing: the {@code http://jabber.org/protocol/pubsub} requests of XEP-0060
 * that PEP needs, on every account's bare JID (or without {@code to}, on one's own). Publishing
 * (§7.1, with auto-create and publish-options preconditions), retracting (§7.2), retrieving items
 * (§6.5, all, the newest {@code max_items}, or by id) and creating nodes (§8.1, with a
 * configuration). Only the owner publishes, retracts and creates; who may retrieve follows the
 * node's access model. Subscriptions are implicit (presence and +notify), so subscribe, options,
 * subscriptions and affiliations get {@code feature-not-implemented}.
 */
@Singleton
public class PubSubHandler implements IqHandler {

  /** The XEP-0060 features of a PEP service, announced by accounts (XEP-0163 §6.1). */
  static final Set<String> FEATURES =
      Set.of(
          PubSub.NS + "#access-open",
          PubSub.NS + "#access-presence",
          PubSub.NS + "#access-whitelist",
          PubSub.NS + "#auto-create",
          PubSub.NS + "#auto-subscribe",
          PubSub.NS + "#config-node",
          PubSub.NS + "#create-and-configure",
          PubSub.NS + "#create-nodes",
          PubSub.NS + "#delete-items",
          PubSub.NS + "#delete-nodes",
          PubSub.NS + "#filtered-notifications",
          PubSub.NS + "#item-ids",
          PubSub.NS + "#last-published",
          PubSub.NS + "#persistent-items",
          PubSub.NS + "#presence-notifications",
          PubSub.NS + "#publish",
          PubSub.NS + "#publish-options",
          PubSub.NS + "#purge-nodes",
          PubSub.NS + "#retract-items",
          PubSub.NS + "#retrieve-default",
          PubSub.NS + "#retrieve-items");

  private final PepService service;
  private final PepStore store;
  private final PepAccess access;
  private final PepNotifier notifier;
  private final PepConfig limits;

  PubSubHandler(
      PepService service,
      PepStore store,
      PepAccess access,
      PepNotifier notifier,
      PepConfig limits) {
    this.service = service;
    this.store = store;
    this.access = access;
    this.notifier = notifier;
    this.limits = limits;
  }

  @Override
  public String element() {
    return "pubsub";
  }

  @Override
  public String namespace() {
    return PubSub.NS;
  }

  /**
   * Also at the server: clients such as Smack's OpenPGP (XEP-0373) look for PEP's features in the
   * domain's disco#info, as ejabberd announces them there. The domain itself is no pubsub service.
   */
  @Override
  public Set<String> serverFeatures() {
    return FEATURES;
  }

  @Override
  public Set<String> accountFeatures() {
    return FEATURES;
  }

  @Override
  public void handle(Stanza iq, Envelope in, StageOutput out) {
    String fallbackFrom = iq.from().bare().toString();
    try {
      Target target = service.target(iq);
      XmlElement pubsub = iq.payload();
      XmlElement action = action(pubsub);
      boolean set = "set".equals(iq.type());
      switch (action.name()) {
        case "publish" -> {
          requireType(set, "publish is a set");
          publish(iq, target, pubsub, action, in, out);
        }
        case "retract" -> {
          requireType(set, "retract is a set");
          retract(iq, target, action, in, out);
        }
        case "items" -> {
          requireType(!set, "items is a get");
          items(iq, target, action, in, out);
        }
        case "create" -> {
          requireType(set, "create is a set");
          create(iq, target, pubsub, action, in, out);
        }
        case "subscribe", "unsubscribe" -> throw Failure.unsupported("subscribe");
        case "options" -> throw Failure.unsupported("subscription-options");
        case "subscriptions" -> throw Failure.unsupported("retrieve-subscriptions");
        case "affiliations" -> throw Failure.unsupported("retrieve-affiliations");
        case "default" -> throw Failure.unsupported("retrieve-default-sub");
        default ->
            throw new Failure(
                StanzaError.BAD_REQUEST, null, "unknown pubsub request <" + action.name() + "/>");
      }
    } catch (Failure f) {
      PubSub.reply(in, iq, f, fallbackFrom, out);
    }
  }

  /** The request's element: the one child other than publish-options and configure. */
  private static XmlElement action(XmlElement pubsub) throws Failure {
    XmlElement action = null;
    for (XmlElement e : pubsub.elements()) {
      if (!e.namespace().equals(PubSub.NS)) {
        continue;
      }
      if (e.name().equals("publish-options") || e.name().equals("configure")) {
        continue;
      }
      if (action != null) {
        throw new Failure(StanzaError.BAD_REQUEST, null, "one request per <pubsub/>");
      }
      action = e;
    }
    if (action == null) {
      throw new Failure(StanzaError.BAD_REQUEST, null, "an empty <pubsub/> asks for nothing");
    }
    return action;
  }

  private static void requireType(boolean ok, String text) throws Failure {
    if (!ok) {
      throw new Failure(StanzaError.BAD_REQUEST, null, text);
    }
  }

  private void publish(
      Stanza iq, Target target, XmlElement pubsub, XmlElement publish, Envelope in, StageOutput out)
      throws Failure {
    String nodeName = PepService.node(publish);
    if (!target.isOwner()) {
      throw PepService.forbidden();
    }
    List<XmlElement> items = children(publish, "item");
    if (items.isEmpty()) {
      throw new Failure(StanzaError.BAD_REQUEST, "item-required", "publish one <item/>");
    }
    if (items.size() > 1) {
      throw new Failure(StanzaError.BAD_REQUEST, "invalid-payload", "publish one item per request");
    }
    XmlElement item = items.get(0);
    List<XmlElement> payloads = item.elements();
    if (payloads.isEmpty()) {
      throw new Failure(StanzaError.BAD_REQUEST, "payload-required", "the item has no payload");
    }
    if (payloads.size() > 1) {
      throw new Failure(
          StanzaError.BAD_REQUEST, "invalid-payload", "an item carries one payload element");
    }
    XmlElement payload = payloads.get(0);
    int bytes = payload.toXml().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > limits.maxPayloadBytes()) {
      throw new Failure(
          StanzaError.NOT_ACCEPTABLE,
          "payload-too-big",
          "the payload has " + bytes + " bytes, at most " + limits.maxPayloadBytes());
    }
    if (Moments.NODE.equals(nodeName)) {
      String invalid = Moments.invalid(payload);
      if (invalid != null) {
        throw new Failure(StanzaError.BAD_REQUEST, "invalid-payload", invalid);
      }
    }
    XmlElement options = pubsub.child("publish-options", PubSub.NS);
    PepNode node = existingOrCreated(target, nodeName, options);
    String itemId = item.attr("id");
    if (itemId == null || itemId.isEmpty()) {
      itemId = UUID.randomUUID().toString();
    }
    PepItem stored =
        store.publish(
            target.owner(),
            nodeName,
            itemId,
            payload,
            iq.from().toString(),
            node.config().keptItems());
    XmlElement result =
        XmlElement.builder("pubsub", PubSub.NS)
            .child(
                XmlElement.builder("publish", PubSub.NS)
                    .attr("node", nodeName)
                    .child(XmlElement.builder("item", PubSub.NS).attr("id", itemId).build())
                    .build())
            .build();
    Replies.reply(in, Replies.iqResult(iq, target.owner().toString(), result), out);
    notifier.published(node, stored, out);
  }

  /**
   * The node to publish to: an existing one whose configuration meets the publish-options
   * preconditions, or a new one with the defaults and those options (auto-create, §7.1.5).
   */
  private PepNode existingOrCreated(Target target, String nodeName, XmlElement options)
      throws Failure {
    XmlElement form = null;
    if (options != null) {
      form = options.child("x", PubSub.DATA_NS);
      if (form == null) {
        throw new Failure(StanzaError.BAD_REQUEST, null, "publish-options holds a data form");
      }
    }
    for (int attempt = 0; attempt < 2; attempt++) {
      var existing = store.node(target.owner(), nodeName);
      if (existing.isPresent()) {
        PepNode node = existing.get();
        if (form != null) {
          NodeConfig wanted;
          try {
            wanted = configured(node.config(), form, PubSub.PUBLISH_OPTIONS);
          } catch (InvalidConfigException e) {
            throw preconditionNotMet(e.getMessage());
          }
          if (!wanted.equals(node.config())) {
            throw preconditionNotMet("the node's configuration differs from publish-options");
          }
        }
        return node;
      }
      NodeConfig config = NodeConfig.defaults(nodeName, limits);
      if (form != null) {
        try {
          config = configured(config, form, PubSub.PUBLISH_OPTIONS);
        } catch (InvalidConfigException e) {
          throw preconditionNotMet(e.getMessage());
        }
      }
      checkNodeQuota(target);
      if (store.create(target.owner(), nodeName, config)) {
        return new PepNode(target.owner(), nodeName, config);
      }
      // Created meanwhile by another resource: check its configuration instead.
    }
    throw new Failure(StanzaError.INTERNAL_SERVER_ERROR, null, "the node changed meanwhile");
  }

  private NodeConfig configured(NodeConfig base, XmlElement form, String formType)
      throws InvalidConfigException {
    return NodeConfigForm.apply(base, form, formType, limits.maxItems());
  }

  private static Failure preconditionNotMet(String text) {
    return new Failure(StanzaError.CONFLICT, "precondition-not-met", text);
  }

  private void checkNodeQuota(Target target) throws Failure {
    if (store.nodeCount(target.owner()) >= limits.maxNodes()) {
      throw new Failure(
          StanzaError.POLICY_VIOLATION,
          null,
          "an account has at most " + limits.maxNodes() + " nodes");
    }
  }

  private void retract(Stanza iq, Target target, XmlElement retract, Envelope in, StageOutput out)
      throws Failure {
    String nodeName = PepService.node(retract);
    if (!target.isOwner()) {
      throw PepService.forbidden();
    }
    PepNode node =
        store.node(target.owner(), nodeName).orElseThrow(() -> PepService.noSuchNode(nodeName));
    List<String> ids = new ArrayList<>();
    for (XmlElement item : children(retract, "item")) {
      String id = item.attr("id");
      if (id == null || id.isEmpty()) {
        throw new Failure(StanzaError.BAD_REQUEST, "item-required", "name the item by its id");
      }
      ids.add(id);
    }
    if (ids.isEmpty()) {
      throw new Failure(StanzaError.BAD_REQUEST, "item-required", "name the item to retract");
    }
    boolean notify = node.config().notifyRetract();
    String notifyAttr = retract.attr("notify");
    if (notifyAttr != null) {
      switch (notifyAttr) {
        case "1", "true" -> notify = true;
        case "0", "false" -> notify = false;
        default -> throw new Failure(StanzaError.BAD_REQUEST, null, "notify is true or false");
      }
    }
    for (String id : ids) {
      if (!store.hasItem(target.owner(), nodeName, id)) {
        throw new Failure(StanzaError.ITEM_NOT_FOUND, null, "no item " + id + " in " + nodeName);
      }
    }
    ids.forEach(id -> store.retract(target.owner(), nodeName, id));
    Replies.reply(in, Replies.iqResult(iq, target.owner().toString(), null), out);
    if (notify) {
      notifier.retracted(node, ids, out);
    }
  }

  private void items(Stanza iq, Target target, XmlElement request, Envelope in, StageOutput out)
      throws Failure {
    String nodeName = PepService.node(request);
    PepNode node =
        store.node(target.owner(), nodeName).orElseThrow(() -> PepService.noSuchNode(nodeName));
    if (!access.mayRead(node, iq.from())) {
      throw PepAccess.denied(node);
    }
    List<String> ids = new ArrayList<>();
    for (XmlElement item : children(request, "item")) {
      String id = item.attr("id");
      if (id == null || id.isEmpty()) {
        throw new Failure(StanzaError.BAD_REQUEST, "item-required", "name items by their ids");
      }
      ids.add(id);
    }
    List<PepItem> found;
    if (!ids.isEmpty()) {
      found = store.items(target.owner(), nodeName, ids);
    } else {
      found = store.items(target.owner(), nodeName, maxItems(request.attr("max_items")));
    }
    XmlElement.Builder items = XmlElement.builder("items", PubSub.NS).attr("node", nodeName);
    for (PepItem i : found) {
      items.child(
          XmlElement.builder("item", PubSub.NS).attr("id", i.id()).child(i.payload()).build());
    }
    XmlElement result = XmlElement.builder("pubsub", PubSub.NS).child(items.build()).build();
    Replies.reply(in, Replies.iqResult(iq, target.owner().toString(), result), out);
  }

  /** {@code max_items}: a positive integer (§6.5.7), 0 for all when absent. */
  private static int maxItems(String value) throws Failure {
    if (value == null) {
      return 0;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new Failure(StanzaError.BAD_REQUEST, null, "max_items is a positive integer");
  }

  private void create(
      Stanza iq, Target target, XmlElement pubsub, XmlElement create, Envelope in, StageOutput out)
      throws Failure {
    String nodeName = create.attr("node");
    if (nodeName == null || nodeName.isEmpty()) {
      // §8.1.3: instant nodes are not supported; a PEP node is named after its payload.
      throw new Failure(StanzaError.NOT_ACCEPTABLE, "nodeid-required", "name the node");
    }
    if (!target.isOwner()) {
      throw PepService.forbidden();
    }
    NodeConfig config = NodeConfig.defaults(nodeName, limits);
    XmlElement configure = pubsub.child("configure", PubSub.NS);
    XmlElement form = configure == null ? null : configure.child("x", PubSub.DATA_NS);
    if (form != null) {
      try {
        config = configured(config, form, PubSub.NODE_CONFIG);
      } catch (InvalidConfigException e) {
        throw new Failure(StanzaError.NOT_ACCEPTABLE, null, e.getMessage());
      }
    }
    if (store.node(target.owner(), nodeName).isPresent()) {
      throw new Failure(StanzaError.CONFLICT, null, "the node " + nodeName + " exists");
    }
    checkNodeQuota(target);
    if (!store.create(target.owner(), nodeName, config)) {
      throw new Failure(StanzaError.CONFLICT, null, "the node " + nodeName + " exists");
    }
    Replies.reply(in, Replies.iqResult(iq, target.owner().toString(), null), out);
  }

  private static List<XmlElement> children(XmlElement parent, String name) {
    List<XmlElement> out = new ArrayList<>();
    for (XmlElement e : parent.elements()) {
      if (e.name().equals(name) && e.namespace().equals(PubSub.NS)) {
        out.add(e);
      }
    }
    return out;
  }
}
