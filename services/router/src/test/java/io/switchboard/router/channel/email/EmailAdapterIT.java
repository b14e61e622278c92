package io.switchboard.router.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.switchboard.router.channel.ChannelSettings;
import io.switchboard.router.channel.DeliveryOutcome;
import io.switchboard.router.channel.LocalHttpServer;
import io.switchboard.router.channel.OutboundPart;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The e-mail adapter against GreenMail's SMTP server, with AUTH. */
class EmailAdapterIT {

  @RegisterExtension
  static final GreenMailExtension MAIL =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(
              GreenMailConfiguration.aConfig().withUser("alerts@example.org", "alerts", "s3cret"));

  private final EmailAdapter adapter = new EmailAdapter(Clock.systemUTC());

  private static ChannelSettings channel(
      Map<String, String> settings, Map<String, String> secrets) {
    return new ChannelSettings(
        "mail",
        "email",
        "127.0.0.1:" + MAIL.getSmtp().getPort(),
        settings,
        secrets,
        Duration.ofSeconds(10));
  }

  private static ChannelSettings channel() {
    return channel(
        Map.of("from", "Switchboard <alerts@example.org>"),
        Map.of("username", "alerts", "password", "s3cret"));
  }

  private static OutboundPart part(String format, String body) {
    return new OutboundPart(
        "m5", "m5.u7.email", "u7", "bob@example.org", "Your invoice", body, format, null, 1);
  }

  private static MimeMessage onlyMessage() {
    assertThat(MAIL.waitForIncomingEmail(5_000, 1)).isTrue();
    MimeMessage[] received = MAIL.getReceivedMessages();
    assertThat(received).hasSize(1);
    return received[0];
  }

  private static Map<String, String> parts(MimeMessage message) throws Exception {
    assertThat(message.getContentType()).startsWith("multipart/alternative");
    Multipart multipart = (Multipart) message.getContent();
    Map<String, String> byType = new HashMap<>();
    for (int i = 0; i < multipart.getCount(); i++) {
      BodyPart p = multipart.getBodyPart(i);
      byType.put(
          new ContentType(p.getContentType()).getBaseType().toLowerCase(Locale.ROOT),
          ((String) p.getContent()).replace("\r\n", "\n"));
    }
    return byType;
  }

  @Test
  void markdownArrivesAsTextAndHtmlAlternatives() throws Exception {
    DeliveryOutcome outcome =
        adapter.deliver(
            part(
                "markdown",
                "Total **€12.50**, due [today](https://pay.example/1).\n\n<script>x</script>"),
            channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    MimeMessage message = onlyMessage();
    assertThat(message.getSubject()).isEqualTo("Your invoice");
    assertThat(((InternetAddress) message.getFrom()[0]).getAddress())
        .isEqualTo("alerts@example.org");
    assertThat(((InternetAddress) message.getFrom()[0]).getPersonal()).isEqualTo("Switchboard");
    assertThat(message.getAllRecipients()[0].toString()).isEqualTo("bob@example.org");
    assertThat(message.getMessageID()).isEqualTo("<m5.u7.email@example.org>");
    Map<String, String> parts = parts(message);
    assertThat(parts.get("text/plain")).contains("Total **€12.50**");
    assertThat(parts.get("text/html"))
        .contains("<strong>€12.50</strong>")
        .contains("href=\"https://pay.example/1\">today</a>")
        .contains("&lt;script&gt;")
        .doesNotContain("<script>");
  }

  @Test
  void htmlGetsADerivedTextPart() throws Exception {
    DeliveryOutcome outcome =
        adapter.deliver(
            part(
                "html",
                "<h1>Invoice</h1><p>Total <b>12.50</b></p><ul><li>one</li><li>two</li></ul>"),
            channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    Map<String, String> parts = parts(onlyMessage());
    assertThat(parts.get("text/plain").strip()).isEqualTo("Invoice\n\nTotal 12.50\n\n- one\n- two");
    assertThat(parts.get("text/html")).contains("<b>12.50</b>");
  }

  @Test
  void textIsSentAsPlainText() throws Exception {
    DeliveryOutcome outcome = adapter.deliver(part("text", "Total 12.50"), channel());

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    MimeMessage message = onlyMessage();
    assertThat(message.getContentType()).startsWith("text/plain");
    assertThat(((String) message.getContent()).strip()).isEqualTo("Total 12.50");
  }

  @Test
  void wrongPasswordFails() throws Exception {
    DeliveryOutcome outcome =
        adapter.deliver(
            part("text", "x"),
            channel(
                Map.of("from", "alerts@example.org"),
                Map.of("username", "alerts", "password", "wrong")));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail()).contains("535");
    assertThat(MAIL.getReceivedMessages()).isEmpty();
  }

  @Test
  void requiredStarttlsThatTheServerDoesNotOfferFails() throws Exception {
    DeliveryOutcome outcome =
        adapter.deliver(
            part("text", "x"),
            channel(
                Map.of("from", "alerts@example.org", "starttls", "required"),
                Map.of("username", "alerts", "password", "s3cret")));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(outcome.detail()).contains("STARTTLS");
  }

  @Test
  void closedPortIsRetried() throws Exception {
    ChannelSettings closed =
        new ChannelSettings(
            "mail",
            "email",
            "127.0.0.1:" + LocalHttpServer.closedPort(),
            Map.of("from", "alerts@example.org"),
            Map.of(),
            Duration.ofSeconds(5));

    assertThat(adapter.deliver(part("text", "x"), closed))
        .isInstanceOf(DeliveryOutcome.Retry.class);
  }

  @Test
  void missingFromOrAddressFails() throws Exception {
    assertThat(adapter.deliver(part("text", "x"), channel(Map.of(), Map.of())))
        .isInstanceOf(DeliveryOutcome.Failed.class);
    OutboundPart noAddress =
        new OutboundPart("m5", "m5.u7.email", "u7", null, "s", "x", "text", null, 1);
    assertThat(adapter.deliver(noAddress, channel())).isInstanceOf(DeliveryOutcome.Failed.class);
  }
}
