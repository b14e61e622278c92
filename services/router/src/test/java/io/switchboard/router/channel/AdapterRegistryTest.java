package io.switchboard.router.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.router.channel.dingtalk.DingTalkAdapter;
import io.switchboard.router.channel.email.EmailAdapter;
import io.switchboard.router.channel.feishu.FeishuAdapter;
import io.switchboard.router.channel.slack.SlackAdapter;
import io.switchboard.router.channel.webhook.WebhookAdapter;
import io.switchboard.router.channel.wecom.WeComAdapter;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdapterRegistryTest {

  private final ChannelHttp http = new ChannelHttp();
  private final Clock clock = Clock.systemUTC();

  @Test
  void findsEveryAdapterByType() {
    WebhookAdapter webhook = new WebhookAdapter(http, clock);
    AdapterRegistry registry =
        new AdapterRegistry(
            List.of(
                webhook,
                new EmailAdapter(clock),
                new DingTalkAdapter(http, clock),
                new WeComAdapter(http, clock),
                new FeishuAdapter(http, clock),
                new SlackAdapter(http, clock)));

    assertThat(registry.types())
        .containsExactly("dingtalk", "email", "feishu", "slack", "webhook", "wecom");
    assertThat(registry.find("webhook")).containsSame(webhook);
    assertThat(registry.find("sms")).isEmpty();
    assertThat(registry.find(null)).isEmpty();
  }

  @Test
  void refusesTwoAdaptersForOneType() {
    assertThatThrownBy(
            () ->
                new AdapterRegistry(
                    List.of(new SlackAdapter(http, clock), new SlackAdapter(http, clock))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("slack");
  }
}
