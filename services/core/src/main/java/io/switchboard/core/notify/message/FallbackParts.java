package io.switchboard.core.notify.message;

import io.switchboard.core.notify.apps.AddressBook;
import io.switchboard.core.notify.catalog.Catalog;
import io.switchboard.core.notify.template.TemplateRenderer;
import io.switchboard.crds.Application;
import io.switchboard.crds.Channel;
import io.switchboard.crds.ChannelType;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Fallback parts (docs/notifications.md, "Fallback channels"): when a part ends {@code failed} or
 * {@code dead} and its Channel names a {@code fallbackChannel}, the same recipient gets a new part
 * on that channel, rendered from the template's variant for it and linked to the failed part by
 * {@code fallbackOf}. Its id is derived from the failed part's id and the fallback channel, so
 * making it twice stores it once. A chain never visits a channel twice (a → b → a stops at b) and
 * is at most {@link #MAX_CHAIN} parts long.
 */
@Singleton
public class FallbackParts {

  /** Parts in one chain at most: the split's part and its fallbacks. */
  public static final int MAX_CHAIN = 5;

  private final MessageStore messages;
  private final PartStatusRecorder status;
  private final AddressBook addresses;
  private final PartFactory factory;
  private final Clock clock;

  public FallbackParts(
      MessageStore messages,
      PartStatusRecorder status,
      AddressBook addresses,
      TemplateRenderer renderer,
      Clock clock) {
    this.messages = messages;
    this.status = status;
    this.addresses = addresses;
    this.factory = new PartFactory(renderer);
    this.clock = clock;
  }

  /** Where a failed part falls back to: a channel, the recipient there and its address. */
  public sealed interface Plan {

    /** No fallback, and why (for the log). */
    record None(String why) implements Plan {}

    /**
     * A fallback part to make.
     *
     * @param address the recipient's address on the channel, null where it needs none
     */
    record Make(Channel channel, Recipient recipient, String address) implements Plan {}
  }

  /**
   * Decides the fallback of a failed part: a pure function of the part, the channels its chain
   * tried already, the catalog and the user's addresses.
   *
   * @param tried the channels of the failed part and of the parts it is a fallback of
   */
  public static Plan plan(
      Part failed,
      List<String> tried,
      Catalog catalog,
      Function<String, Map<String, String>> addressesOf) {
    Channel from = catalog.channel(failed.channel()).orElse(null);
    if (from == null || from.getSpec().getFallbackChannel() == null) {
      return new Plan.None("channel " + failed.channel() + " has no fallback channel");
    }
    String name = from.getSpec().getFallbackChannel();
    if (tried.contains(name)) {
      return new Plan.None("fallback channel " + name + " was tried already: " + tried);
    }
    if (tried.size() >= MAX_CHAIN) {
      return new Plan.None("fallback chain longer than " + MAX_CHAIN + ": " + tried);
    }
    Channel to = catalog.channel(name).orElse(null);
    if (to == null || Boolean.FALSE.equals(to.getSpec().getEnabled())) {
      return new Plan.None("fallback channel " + name + " does not exist or is disabled");
    }
    List<String> allowed =
        catalog
            .application(failed.application())
            .map(Application::getSpec)
            .map(s -> s.getAllowedChannels())
            .orElse(null);
    if (allowed != null && !allowed.contains(name)) {
      return new Plan.None(
          "application " + failed.application() + " may not use fallback channel " + name);
    }
    ChannelType type = to.getSpec().getType();
    if (PartFactory.isGroup(type)) {
      return new Plan.Make(to, new Recipient("group", name), null);
    }
    Recipient recipient = recipientOf(failed);
    if (recipient == null) {
      return new Plan.None("a group part has no recipient to reach on " + name);
    }
    Map<String, String> book = recipient.isUser() ? addressesOf.apply(recipient.value()) : Map.of();
    String address = PartFactory.address(recipient, book, type);
    if (address == null) {
      return new Plan.None(recipient + " has no address on fallback channel " + name);
    }
    return new Plan.Make(to, recipient, address.isEmpty() ? null : address);
  }

  /** The id of the fallback part of {@code failed} on {@code channel}: the same every time. */
  public static String partId(Part failed, String channel) {
    return MessageStore.partId(failed.messageId(), "fallback of " + failed.id(), channel);
  }

  /**
   * Makes and stores the fallback part of a part that failed for good, and queues its first
   * callback; idempotent. An external fallback part starts {@code queued} (the router's sweep takes
   * it if its hand-over is lost), an in-app one {@code pending} (delivered at the user's next login
   * if its hand-over is lost).
   *
   * @param reason why the part failed, for the fallback part's history
   * @return the fallback part as stored (made now or before), or empty when there is none
   */
  public Optional<Part> create(Part failed, String reason, Catalog catalog) {
    List<String> tried = chain(failed);
    Plan plan = plan(failed, tried, catalog, addresses::of);
    if (!(plan instanceof Plan.Make make)) {
      return Optional.empty();
    }
    Optional<NotificationRequest> request = messages.findRequest(failed.messageId());
    if (request.isEmpty()) {
      return Optional.empty();
    }
    String channel = make.channel().getMetadata().getName();
    ChannelType type = make.channel().getSpec().getType();
    PartFactory.Content content =
        factory.render(
            catalog.template(request.get().template()).orElse(null), request.get(), type);
    Part part =
        PartFactory.part(
            partId(failed, channel),
            request.get(),
            make.recipient(),
            channel,
            type,
            make.address(),
            content,
            type == ChannelType.IN_APP ? PartStatus.PENDING : PartStatus.QUEUED,
            "fallback of " + failed.id() + " (" + failed.channel() + ": " + reason + ")",
            failed.callbackUrl(),
            failed.id(),
            clock.instant());
    messages.insertLatePart(part);
    Optional<Part> stored = messages.findPart(part.id());
    stored.ifPresent(status::created);
    return stored;
  }

  /** The channels of a part and of the parts it stands in for, newest first. */
  private List<String> chain(Part failed) {
    List<String> tried = new ArrayList<>();
    tried.add(failed.channel());
    String previous = failed.fallbackOf();
    while (previous != null && tried.size() <= MAX_CHAIN) {
      Optional<Part> p = messages.findPart(previous);
      if (p.isEmpty()) {
        break;
      }
      tried.add(p.get().channel());
      previous = p.get().fallbackOf();
    }
    return tried;
  }

  /** The recipient of a part, from its text form; null for a chat group. */
  static Recipient recipientOf(Part p) {
    if (p.user() != null) {
      return new Recipient(Recipient.USER, p.user());
    }
    int colon = p.recipient().indexOf(':');
    if (colon < 0) {
      return new Recipient(Recipient.USER, p.recipient());
    }
    String kind = p.recipient().substring(0, colon);
    if (!AddressBook.KINDS.contains(kind)) {
      return null;
    }
    return new Recipient(kind, p.recipient().substring(colon + 1));
  }
}
