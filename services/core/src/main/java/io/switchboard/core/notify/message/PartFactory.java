package io.switchboard.core.notify.message;

import io.switchboard.core.notify.template.Rendered;
import io.switchboard.core.notify.template.TemplateException;
import io.switchboard.core.notify.template.TemplateRenderer;
import io.switchboard.crds.ChannelType;
import io.switchboard.crds.Template;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Makes parts: where a recipient is reached on a channel type, the template rendered for that type,
 * and the part itself. The processor's split and the router's fallback parts both make their parts
 * here, so that a fallback part looks like any part of the split.
 */
public final class PartFactory {

  /** A template rendered for one channel type: the content, or why it could not be rendered. */
  public record Content(Rendered rendered, String failure) {

    public boolean ok() {
      return rendered != null;
    }
  }

  private final TemplateRenderer renderer;

  public PartFactory(TemplateRenderer renderer) {
    this.renderer = renderer;
  }

  /**
   * Renders a request's template for a channel type.
   *
   * @param template the template as the catalog has it now, null when it no longer exists
   */
  public Content render(Template template, NotificationRequest r, ChannelType type) {
    if (template == null) {
      return new Content(null, "template " + r.template() + " no longer exists");
    }
    try {
      return new Content(renderer.render(template.getSpec(), type, r.locale(), r.data()), null);
    } catch (TemplateException e) {
      return new Content(
          null,
          "template "
              + r.template()
              + " "
              + e.part()
              + " line "
              + e.line()
              + ": "
              + e.getMessage());
    }
  }

  /**
   * A new part: {@code pending} (or {@code status} when given) with the rendered content, or {@code
   * failed} with the reason when rendering failed.
   *
   * @param status the first state when the content rendered: pending, or queued for a part that
   *     goes straight to the router
   * @param note the first history entry's detail when the content rendered
   * @param fallbackOf the part this one replaces, null for a part of the split
   */
  public static Part part(
      String id,
      NotificationRequest r,
      Recipient recipient,
      String channel,
      ChannelType type,
      String address,
      Content content,
      PartStatus status,
      String note,
      String callbackUrl,
      String fallbackOf,
      Instant now) {
    PartStatus first = content.ok() ? status : PartStatus.FAILED;
    Rendered rendered = content.ok() ? content.rendered() : new Rendered(null, "", "text", null);
    String detail = content.ok() ? note : content.failure();
    return new Part(
        id,
        r.id(),
        r.application(),
        recipient.toString(),
        recipient.isUser() ? recipient.value() : null,
        channel,
        type.value(),
        address,
        rendered.subject(),
        rendered.body(),
        rendered.format(),
        first,
        0,
        null,
        now,
        List.of(new Part.Event("status", first.wire(), now, detail)),
        callbackUrl,
        fallbackOf);
  }

  /**
   * The address of a recipient on a channel type: null when it has none there, empty when the
   * channel needs none (in-app).
   *
   * @param addresses the user's address book ({@code email}, {@code phone}, {@code webhook}); empty
   *     for a direct address
   */
  public static String address(
      Recipient recipient, Map<String, String> addresses, ChannelType type) {
    if (recipient.isUser()) {
      return switch (type) {
        case IN_APP -> "";
        case EMAIL -> addresses.get(Recipient.EMAIL);
        case SMS -> addresses.get(Recipient.PHONE);
        case WEBHOOK -> addresses.get(Recipient.WEBHOOK);
        default -> null;
      };
    }
    return switch (type) {
      case EMAIL -> Recipient.EMAIL.equals(recipient.kind()) ? recipient.value() : null;
      case SMS -> Recipient.PHONE.equals(recipient.kind()) ? recipient.value() : null;
      case WEBHOOK -> Recipient.WEBHOOK.equals(recipient.kind()) ? recipient.value() : null;
      default -> null;
    };
  }

  /** Chat-bot channels post into one group, whoever the recipients are. */
  public static boolean isGroup(ChannelType type) {
    return type == ChannelType.DINGTALK
        || type == ChannelType.WECOM
        || type == ChannelType.FEISHU
        || type == ChannelType.SLACK;
  }
}
