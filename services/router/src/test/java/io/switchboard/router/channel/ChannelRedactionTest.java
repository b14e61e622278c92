package io.switchboard.router.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelRedactionTest {

  @Test
  void originKeepsSchemeAndHostOnly() {
    assertThat(Redaction.origin("https://oapi.dingtalk.com/robot/send?access_token=abc"))
        .isEqualTo("https://oapi.dingtalk.com/…");
    assertThat(Redaction.origin("https://user:pw@hooks.example:8443/x#f"))
        .isEqualTo("https://hooks.example:8443/…");
    assertThat(Redaction.origin("http://127.0.0.1:9000")).isEqualTo("http://127.0.0.1:9000");
    assertThat(Redaction.origin("http://127.0.0.1:9000/")).isEqualTo("http://127.0.0.1:9000/");
    assertThat(Redaction.origin("hooks.slack.com/services/T/B/secret")).isEqualTo("(not a URL)");
    assertThat(Redaction.origin("a=b&c://x")).isEqualTo("(not a URL)");
    assertThat(Redaction.origin(null)).isEqualTo("(none)");
    assertThat(Redaction.origin("  ")).isEqualTo("(none)");
  }

  @Test
  void scrubMasksCredentialsAndTheirEncodedForms() {
    String detail = "refused a/b+c=, a%2Fb%2Bc%3D and a%2Fb%2Bc%3D; not 200";

    assertThat(Redaction.scrub(detail, List.of("a/b+c=", "200")))
        .isEqualTo("refused ***, *** and ***; not 200");
  }

  @Test
  void scrubMasksAUrlAsAWholeBeforeTheTokenInIt() {
    String url = "https://hooks.example/in?token=tok-123";

    assertThat(Redaction.scrub("cannot reach " + url + " (tok-123)", List.of("tok-123", url)))
        .isEqualTo("cannot reach *** (***)");
  }

  @Test
  void scrubKeepsTheKindAndTheRetryDelay() {
    DeliveryOutcome retry = new DeliveryOutcome.Retry("busy: key-1234", Duration.ofSeconds(9));

    DeliveryOutcome scrubbed = Redaction.scrub(retry, List.of("key-1234"));

    assertThat(scrubbed).isEqualTo(new DeliveryOutcome.Retry("busy: ***", Duration.ofSeconds(9)));
    assertThat(Redaction.scrub(new DeliveryOutcome.Failed("x key-1234"), List.of("key-1234")))
        .isEqualTo(new DeliveryOutcome.Failed("x ***"));
    DeliveryOutcome clean = new DeliveryOutcome.Delivered("ok");
    assertThat(Redaction.scrub(clean, List.of("key-1234"))).isSameAs(clean);
  }
}
