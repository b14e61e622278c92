package io.switchboard.router.channel.email;

import io.switchboard.core.notify.auth.SigningString;
import io.switchboard.router.channel.OutboundPart;
import io.switchboard.router.channel.PlainText;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Locale;
import java.util.regex.Pattern;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * The e-mail for a part. Text parts go as {@code text/plain}; markdown and HTML parts as {@code
 * multipart/alternative} with a text and an HTML part: markdown is rendered with commonmark (raw
 * HTML in it escaped, unsafe link schemes dropped) and kept as the text part; HTML is reduced to
 * text for the text part. The Message-ID is derived from the part id, so every attempt of a part
 * carries the same one and receivers can drop duplicates.
 */
final class EmailComposer {

  private static final Parser MARKDOWN = Parser.builder().build();
  private static final HtmlRenderer HTML =
      HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();
  private static final Pattern DOT_ATOM = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
  private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*");

  private EmailComposer() {}

  static MimeMessage compose(
      Session session, OutboundPart part, InternetAddress from, InternetAddress to, Date sent)
      throws MessagingException {
    MimeMessage message = new StableIdMessage(session, messageId(part.partId(), from));
    message.setFrom(from);
    message.setRecipient(Message.RecipientType.TO, to);
    if (part.subject() != null && !part.subject().isBlank()) {
      message.setSubject(part.subject().strip(), "UTF-8");
    }
    message.setSentDate(sent);
    String format = part.format().toLowerCase(Locale.ROOT);
    if (format.equals("markdown") || format.equals("html")) {
      String text;
      String html;
      if (format.equals("markdown")) {
        text = part.body();
        html = document(renderMarkdown(part.body()), part.subject());
      } else {
        text = PlainText.fromHtml(part.body());
        html =
            part.body().toLowerCase(Locale.ROOT).contains("<html")
                ? part.body()
                : document(part.body(), part.subject());
      }
      MimeBodyPart textPart = new MimeBodyPart();
      textPart.setText(text, "UTF-8", "plain");
      MimeBodyPart htmlPart = new MimeBodyPart();
      htmlPart.setText(html, "UTF-8", "html");
      MimeMultipart alternative = new MimeMultipart("alternative");
      alternative.addBodyPart(textPart);
      alternative.addBodyPart(htmlPart);
      message.setContent(alternative);
    } else {
      message.setText(part.body(), "UTF-8", "plain");
    }
    message.saveChanges();
    return message;
  }

  /** Renders markdown the way e-mails do: raw HTML escaped, unsafe URLs dropped. */
  static String renderMarkdown(String markdown) {
    return HTML.render(MARKDOWN.parse(markdown));
  }

  private static String document(String bodyHtml, String subject) {
    String title =
        subject == null
            ? ""
            : "<title>"
                + subject.strip().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                + "</title>";
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
        + title
        + "</head>\n<body>\n"
        + bodyHtml
        + "</body></html>\n";
  }

  /**
   * {@code <partId@sender-domain>}; a part id that is not a valid dot-atom is replaced by its
   * SHA-256.
   */
  static String messageId(String partId, InternetAddress from) {
    String local =
        DOT_ATOM.matcher(partId).matches() && partId.length() <= 128
            ? partId
            : SigningString.sha256Hex(partId.getBytes(StandardCharsets.UTF_8)).substring(0, 40);
    String address = from.getAddress();
    int at = address == null ? -1 : address.lastIndexOf('@');
    String domain = at < 0 ? "" : address.substring(at + 1);
    if (!DOMAIN.matcher(domain).matches()) {
      domain = "switchboard.invalid";
    }
    return "<" + local + "@" + domain + ">";
  }

  /** A MimeMessage whose Message-ID is fixed instead of random. */
  private static final class StableIdMessage extends MimeMessage {
    private final String id;

    StableIdMessage(Session session, String id) {
      super(session);
      this.id = id;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", id);
    }
  }
}
