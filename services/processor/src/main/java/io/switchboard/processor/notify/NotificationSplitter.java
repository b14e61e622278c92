package io.switchboard.processor.notify;

import io.switchboard.core.notify.catalog.Catalog;
import io.switchboard.core.notify.message.MessageStore;
import io.switchboard.core.notify.message.NotificationRequest;
import io.switchboard.core.notify.message.Part;
import io.switchboard.core.notify.message.PartFactory;
import io.switchboard.core.notify.message.PartStatus;
import io.switchboard.core.notify.message.Recipient;
import io.switchboard.core.notify.template.TemplateRenderer;
import io.switchboard.crds.Application;
import io.switchboard.crds.Channel;
import io.switchboard.crds.ChannelType;
import io.switchboard.crds.Template;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Splits one request into parts, one per recipient per channel, each rendered for its channel by
 * {@link PartFactory} (which also makes the router's fallback parts) (docs/notifications.md,
 * "Splitting"). A pure function of the request, the catalog and the users' addresses, so that a
 * redelivered request splits into the same parts with the same ids.
 *
 * <ul>
 *   <li>The channels are the requested ones, or every channel the application may use; disabled
 *       channels and channels the application may not use are left out.
 *   <li>A user gets a part on each of those channels they have an address for: in-app always (every
 *       user has an account), e-mail, SMS and webhook where their address book has one.
 *   <li>A direct address gets a part on each of those channels of its kind: e-mail on e-mail
 *       channels, a phone on SMS, a URL on webhook channels.
 *   <li>Chat-bot channels (DingTalk, WeCom, Feishu, Slack) post to one group: a request that names
 *       one gets one part for that group, whoever the recipients are.
 * </ul>
 *
 * Recipients that no channel reaches, unknown users, and templates that fail to render become parts
 * (or notes) in state {@code failed} with the reason, so the caller sees them.
 */
final class NotificationSplitter {

  /** The result: the parts, and the recipients no channel could reach. */
  record Split(List<Part> parts, List<String> unreachable) {}

  private final PartFactory factory;

  NotificationSplitter(TemplateRenderer renderer) {
    this.factory = new PartFactory(renderer);
  }

  Split split(
      NotificationRequest r,
      Catalog catalog,
      Predicate<String> userExists,
      Function<String, Map<String, String>> addressesOf,
      Instant now) {
    List<Part> parts = new ArrayList<>();
    List<String> unreachable = new ArrayList<>();
    Template template = catalog.template(r.template()).orElse(null);
    List<Channel> channels = channels(r, catalog);
    Map<ChannelType, PartFactory.Content> rendered = new HashMap<>();

    List<Target> targets = new ArrayList<>();
    for (Recipient recipient : r.recipients()) {
      int before = targets.size();
      if (recipient.isUser() && !userExists.test(recipient.value())) {
        unreachable.add(recipient + " (no such user)");
        continue;
      }
      Map<String, String> addresses =
          recipient.isUser() ? addressesOf.apply(recipient.value()) : Map.of();
      for (Channel c : channels) {
        ChannelType type = c.getSpec().getType();
        if (isGroup(type)) {
          continue;
        }
        String address = address(recipient, addresses, type);
        if (address != null) {
          targets.add(new Target(recipient, c, address.isEmpty() ? null : address));
        }
      }
      if (targets.size() == before
          && channels.stream().noneMatch(c -> isGroup(c.getSpec().getType()))) {
        unreachable.add(recipient + " (no address on the channels " + names(channels) + ")");
      }
    }
    for (Channel c : channels) {
      if (isGroup(c.getSpec().getType())) {
        targets.add(new Target(new Recipient("group", c.getMetadata().getName()), c, null));
      }
    }

    for (Target t : targets) {
      ChannelType type = t.channel().getSpec().getType();
      String channelName = t.channel().getMetadata().getName();
      String id = MessageStore.partId(r.id(), t.recipient().toString(), channelName);
      PartFactory.Content content =
          rendered.computeIfAbsent(type, k -> factory.render(template, r, k));
      parts.add(
          PartFactory.part(
              id,
              r,
              t.recipient(),
              channelName,
              type,
              t.address(),
              content,
              PartStatus.PENDING,
              "split",
              null,
              null,
              now));
    }
    return new Split(parts, unreachable);
  }

  /** The channels a request may use, in the order it named them. */
  static List<Channel> channels(NotificationRequest r, Catalog catalog) {
    Application app = catalog.application(r.application()).orElse(null);
    List<String> allowed =
        app == null || app.getSpec().getAllowedChannels() == null
            ? null
            : app.getSpec().getAllowedChannels();
    Map<String, Channel> chosen = new LinkedHashMap<>();
    List<String> names =
        r.channels().isEmpty()
            ? (allowed != null ? allowed : catalog.channels().keySet().stream().sorted().toList())
            : r.channels();
    for (String name : names) {
      Channel c = catalog.channel(name).orElse(null);
      if (c == null || Boolean.FALSE.equals(c.getSpec().getEnabled())) {
        continue;
      }
      if (allowed != null && !allowed.contains(name)) {
        continue;
      }
      chosen.put(name, c);
    }
    return List.copyOf(chosen.values());
  }

  private static String address(
      Recipient recipient, Map<String, String> addresses, ChannelType type) {
    return PartFactory.address(recipient, addresses, type);
  }

  static boolean isGroup(ChannelType type) {
    return PartFactory.isGroup(type);
  }

  private static List<String> names(List<Channel> channels) {
    return channels.stream().map(c -> c.getMetadata().getName()).toList();
  }

  private record Target(Recipient recipient, Channel channel, String address) {}
}
