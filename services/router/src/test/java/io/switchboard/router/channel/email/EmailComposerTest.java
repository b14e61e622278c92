package io.switchboard.router.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.router.channel.DeliveryOutcome;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

class EmailComposerTest {

  @Test
  void messageIdIsThePartIdAtTheSenderDomain() throws Exception {
    InternetAddress from = new InternetAddress("Ops <ops@mail.example.org>");

    assertThat(EmailComposer.messageId("m1.u2.email", from))
        .isEqualTo("<m1.u2.email@mail.example.org>");
    assertThat(EmailComposer.messageId("m1/u2 email", from))
        .matches("<[0-9a-f]{40}@mail\\.example\\.org>")
        .isEqualTo(EmailComposer.messageId("m1/u2 email", from));
  }

  @Test
  void markdownRendersWithRawHtmlEscapedAndUnsafeLinksDropped() {
    String html = EmailComposer.renderMarkdown("<b>x</b> [a](javascript:alert(1)) *y*");

    assertThat(html).contains("&lt;b&gt;x&lt;/b&gt;").contains("<em>y</em>");
    assertThat(html).doesNotContain("javascript:");
  }

  @Test
  void endpointsParse() {
    assertThat(EmailAdapter.SmtpEndpoint.parse("smtp.example.org:587", 25))
        .isEqualTo(new EmailAdapter.SmtpEndpoint("smtp.example.org", 587));
    assertThat(EmailAdapter.SmtpEndpoint.parse("smtp.example.org", 465).port()).isEqualTo(465);
    assertThat(EmailAdapter.SmtpEndpoint.parse("[::1]:2525", 25))
        .isEqualTo(new EmailAdapter.SmtpEndpoint("::1", 2525));
    assertThatThrownBy(() -> EmailAdapter.SmtpEndpoint.parse("host:99999", 25))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmailAdapter.SmtpEndpoint.parse("::1:25", 25))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void smtpRepliesDecideTransientOrPermanent() {
    MessagingException greylisted =
        new SMTPSendFailedException("RCPT", 451, "451 4.7.1 greylisted", null, null, null, null);
    MessagingException unknownMailbox =
        new MessagingException(
            "Invalid Addresses",
            new SMTPAddressFailedException(
                new InternetAddress(), "RCPT", 550, "550 5.1.1 mailbox unavailable"));

    assertThat(EmailAdapter.classify(greylisted)).isInstanceOf(DeliveryOutcome.Retry.class);
    assertThat(EmailAdapter.classify(unknownMailbox)).isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(
            EmailAdapter.classify(
                new AuthenticationFailedException("454 4.7.0 Temporary authentication failure")))
        .isInstanceOf(DeliveryOutcome.Retry.class);
    assertThat(
            EmailAdapter.classify(
                new MessagingException("could not connect", new ConnectException("refused"))))
        .isInstanceOf(DeliveryOutcome.Retry.class);
  }
}
