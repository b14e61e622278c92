package io.switchboard.router.channel.email;

import io.switchboard.router.channel.ChannelAdapter;
import io.switchboard.router.channel.ChannelSettings;
import io.switchboard.router.channel.DeliveryOutcome;
import io.switchboard.router.channel.OutboundPart;
import io.switchboard.router.channel.Redaction;
import jakarta.inject.Singleton;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Clock;
import java.util.Date;
import java.util.Locale;
import java.util.Properties;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * {@code email}: SMTP submission through Angus Mail. Endpoint {@code host:port}; settings {@code
 * from} (required), {@code starttls} ({@code true}: use it when offered, the default; {@code
 * required}: refuse a server that does not offer it; {@code false}), {@code ssl} ({@code true}:
 * implicit TLS, SMTPS); secrets {@code username} and {@code password} for AUTH. The part's address
 * is the recipient; see {@link EmailComposer} for the message itself.
 */
@Singleton
public class EmailAdapter implements ChannelAdapter {

  private final Clock clock;

  public EmailAdapter(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String type() {
    return "email";
  }

  @Override
  public DeliveryOutcome deliver(OutboundPart part, ChannelSettings channel) {
    // An SMTP server's reply may quote what it was given: keep the credentials out of the detail.
    return Redaction.scrub(attempt(part, channel), Redaction.credentials(channel));
  }

  private DeliveryOutcome attempt(OutboundPart part, ChannelSettings channel) {
    String from = channel.setting("from", null);
    if (from == null || from.isBlank()) {
      return new DeliveryOutcome.Failed("channel " + channel.name() + " has no 'from' setting");
    }
    if (part.address() == null || part.address().isBlank()) {
      return new DeliveryOutcome.Failed("no e-mail address for " + part.recipient());
    }
    boolean ssl = "true".equalsIgnoreCase(channel.setting("ssl", "false"));
    SmtpEndpoint endpoint;
    try {
      endpoint = SmtpEndpoint.parse(channel.endpoint(), ssl ? 465 : 25);
    } catch (IllegalArgumentException e) {
      return new DeliveryOutcome.Failed(e.getMessage());
    }
    String starttls = channel.setting("starttls", "true").toLowerCase(Locale.ROOT);
    if (!starttls.equals("true") && !starttls.equals("false") && !starttls.equals("required")) {
      return new DeliveryOutcome.Failed("starttls must be true, false or required: " + starttls);
    }
    String username = channel.secret("username");
    String protocol = ssl ? "smtps" : "smtp";
    Session session =
        Session.getInstance(properties(protocol, starttls, username != null, channel));

    MimeMessage message;
    InternetAddress to;
    try {
      InternetAddress sender = new InternetAddress(from, true);
      to = new InternetAddress(part.address().strip(), true);
      message = EmailComposer.compose(session, part, sender, to, Date.from(clock.instant()));
    } catch (AddressException e) {
      return new DeliveryOutcome.Failed("bad address: " + e.getMessage());
    } catch (MessagingException e) {
      return new DeliveryOutcome.Failed("cannot compose the message: " + e.getMessage());
    }

    try (Transport transport = session.getTransport(protocol)) {
      transport.connect(endpoint.host(), endpoint.port(), username, channel.secret("password"));
      transport.sendMessage(message, new InternetAddress[] {to});
      return new DeliveryOutcome.Delivered(
          "accepted by " + endpoint + " as " + message.getMessageID());
    } catch (MessagingException e) {
      return classify(e);
    }
  }

  private static Properties properties(
      String protocol, String starttls, boolean auth, ChannelSettings channel) {
    String p = "mail." + protocol + ".";
    String timeout = Long.toString(channel.timeout().toMillis());
    Properties props = new Properties();
    props.put(p + "connectiontimeout", timeout);
    props.put(p + "timeout", timeout);
    props.put(p + "writetimeout", timeout);
    props.put(p + "auth", Boolean.toString(auth));
    props.put(p + "starttls.enable", Boolean.toString(!starttls.equals("false")));
    props.put(p + "starttls.required", Boolean.toString(starttls.equals("required")));
    props.put(p + "ssl.checkserveridentity", "true");
    props.put(p + "quitwait", "false");
    String helo = channel.setting("helo", null);
    if (helo != null) {
      props.put(p + "localhost", helo);
    }
    return props;
  }

  /**
   * SMTP replies decide: 4xx transient, retried; 5xx permanent, failed. Without a reply code, a
   * connection that could not be made or broke is retried, a TLS or protocol mismatch failed.
   */
  static DeliveryOutcome classify(MessagingException e) {
    int code = replyCode(e);
    String detail = describe(e);
    if (code >= 400 && code < 500) {
      return new DeliveryOutcome.Retry(detail, null);
    }
    if (code >= 500) {
      return new DeliveryOutcome.Failed(detail);
    }
    if (e instanceof AuthenticationFailedException) {
      return new DeliveryOutcome.Failed(detail);
    }
    if (has(e, SSLHandshakeException.class)) {
      return new DeliveryOutcome.Failed(detail);
    }
    if (e instanceof MailConnectException || has(e, IOException.class)) {
      return new DeliveryOutcome.Retry(detail, null);
    }
    String msg = e.getMessage() == null ? "" : e.getMessage();
    if (msg.contains("STARTTLS")) {
      return new DeliveryOutcome.Failed(detail);
    }
    return new DeliveryOutcome.Retry(detail, null);
  }

  /** The SMTP reply code in the exception or those it chains, or 0. */
  static int replyCode(MessagingException e) {
    Exception current = e;
    for (int depth = 0; current != null && depth < 10; depth++) {
      int code = 0;
      if (current instanceof SMTPSendFailedException s) {
        code = s.getReturnCode();
      } else if (current instanceof SMTPAddressFailedException a) {
        code = a.getReturnCode();
      } else if (current instanceof SMTPSenderFailedException f) {
        code = f.getReturnCode();
      } else if (current instanceof AuthenticationFailedException) {
        code = leadingCode(current.getMessage());
      }
      if (code >= 400 && code < 600) {
        return code;
      }
      current = current instanceof MessagingException m ? m.getNextException() : null;
    }
    return 0;
  }

  private static int leadingCode(String message) {
    if (message == null) {
      return 0;
    }
    String m = message.strip();
    if (m.length() >= 3
        && Character.isDigit(m.charAt(0))
        && Character.isDigit(m.charAt(1))
        && Character.isDigit(m.charAt(2))) {
      return Integer.parseInt(m.substring(0, 3));
    }
    return 0;
  }

  private static boolean has(Throwable e, Class<? extends Throwable> type) {
    Throwable t = e;
    for (int depth = 0; t != null && depth < 10; depth++) {
      if (type.isInstance(t)) {
        return true;
      }
      t =
          t.getCause() != null
              ? t.getCause()
              : t instanceof MessagingException m ? m.getNextException() : null;
    }
    return false;
  }

  private static String describe(MessagingException e) {
    StringBuilder sb = new StringBuilder(e.getClass().getSimpleName());
    if (e.getMessage() != null) {
      sb.append(": ").append(e.getMessage().strip());
    }
    Exception next = e.getNextException();
    if (next != null && next.getMessage() != null && !sb.toString().contains(next.getMessage())) {
      sb.append(" (").append(next.getMessage().strip()).append(')');
    }
    return sb.toString();
  }

  /** {@code host:port}, {@code [v6]:port} or a bare host. */
  record SmtpEndpoint(String host, int port) {
    static SmtpEndpoint parse(String endpoint, int defaultPort) {
      if (endpoint == null || endpoint.isBlank()) {
        throw new IllegalArgumentException("no SMTP endpoint");
      }
      String e = endpoint.strip();
      String host;
      String port = null;
      if (e.startsWith("[")) {
        int close = e.indexOf(']');
        if (close < 0) {
          throw new IllegalArgumentException("bad SMTP endpoint " + endpoint);
        }
        host = e.substring(1, close);
        if (e.length() > close + 1) {
          if (e.charAt(close + 1) != ':') {
            throw new IllegalArgumentException("bad SMTP endpoint " + endpoint);
          }
          port = e.substring(close + 2);
        }
      } else {
        int colon = e.lastIndexOf(':');
        if (colon >= 0 && e.indexOf(':') != colon) {
          throw new IllegalArgumentException("write IPv6 SMTP hosts as [addr]:port: " + endpoint);
        }
        host = colon < 0 ? e : e.substring(0, colon);
        port = colon < 0 ? null : e.substring(colon + 1);
      }
      if (host.isEmpty() || host.contains("/")) {
        throw new IllegalArgumentException("bad SMTP endpoint " + endpoint);
      }
      int p = defaultPort;
      if (port != null) {
        try {
          p = Integer.parseInt(port);
        } catch (NumberFormatException ex) {
          throw new IllegalArgumentException("bad SMTP port in " + endpoint, ex);
        }
        if (p < 1 || p > 65535) {
          throw new IllegalArgumentException("bad SMTP port in " + endpoint);
        }
      }
      return new SmtpEndpoint(host, p);
    }

    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }
}
