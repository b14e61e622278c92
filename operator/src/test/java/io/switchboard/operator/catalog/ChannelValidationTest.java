package io.switchboard.operator.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.switchboard.crds.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelValidationTest {

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static Channel channel(String yaml) {
    return SERIALIZATION.unmarshal(
        """
        apiVersion: switchboard.io/v1alpha1
        kind: Channel
        metadata: {name: ch, namespace: ns}
        """
            + yaml,
        Channel.class);
  }

  @Test
  void everyExampleChannelIsValid() throws IOException {
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(Path.of("../examples"), "channel-*.yaml")) {
      int n = 0;
      for (Path file : files) {
        try (InputStream in = Files.newInputStream(file)) {
          Channel c = SERIALIZATION.unmarshal(in, Channel.class);
          assertThat(ChannelValidation.validate(c)).as(file.toString()).isEmpty();
          n++;
        }
      }
      assertThat(n).isEqualTo(8);
    }
  }

  @Test
  void emailNeedsAnSmtpEndpointAndASender() {
    assertThat(ChannelValidation.validate(channel("spec: {serverRef: s, type: email}")))
        .containsExactly(
            "spec.endpoint is required for an email channel (SMTP host:port)",
            "spec.settings.from is required for an email channel");
    assertThat(
            ChannelValidation.validate(
                channel(
                    "spec: {serverRef: s, type: email, endpoint: 'smtp.example.com:99999',"
                        + " settings: {from: a@b.c}}")))
        .singleElement()
        .asString()
        .startsWith("spec.endpoint must be host or host:port");
    assertThat(
            ChannelValidation.validate(
                channel(
                    "spec: {serverRef: s, type: email, endpoint: '[::1]:25',"
                        + " settings: {from: a@b.c}}")))
        .isEmpty();
  }

  @Test
  void robotsNeedTheirCredentialsInASecretUnlessTheEndpointStillCarriesThem() {
    assertThat(ChannelValidation.validate(channel("spec: {serverRef: s, type: dingtalk}")))
        .singleElement()
        .asString()
        .startsWith("spec.secretRef is required for a dingtalk channel");
    assertThat(
            ChannelValidation.validate(
                channel(
                    "spec: {serverRef: s, type: wecom,"
                        + " endpoint: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k'}")))
        .isEmpty();
    assertThat(
            ChannelValidation.validate(
                channel(
                    "spec: {serverRef: s, type: feishu,"
                        + " endpoint: 'https://open.feishu.cn/open-apis/bot/v2/hook/abc'}")))
        .isEmpty();
    assertThat(ChannelValidation.validate(channel("spec: {serverRef: s, type: slack}")))
        .containsExactly("spec.secretRef (key webhookUrl) is required for a slack channel");
    assertThat(ChannelValidation.validate(channel("spec: {serverRef: s, type: sms}"))).hasSize(2);
  }

  @Test
  void endpointsMustBeHttpUrlsAndSelfReferencesAndInvertedBackoffsAreRefused() {
    assertThat(
            ChannelValidation.validate(
                channel("spec: {serverRef: s, type: webhook, endpoint: 'ftp://x/y'}")))
        .containsExactly("spec.endpoint must be an http or https URL: ftp://x/y");
    assertThat(
            ChannelValidation.validate(
                channel(
                    "spec: {serverRef: s, type: webhook, fallbackChannel: ch,"
                        + " retry: {initialBackoff: 2m, maxBackoff: 30s},"
                        + " rateLimit: {perSecond: 10, burst: 5}}")))
        .containsExactly(
            "spec.fallbackChannel names the channel itself",
            "spec.retry.initialBackoff is longer than spec.retry.maxBackoff",
            "spec.rateLimit.burst is smaller than spec.rateLimit.perSecond");
    assertThat(
            ChannelValidation.validate(
                channel("spec: {serverRef: s, type: inApp, endpoint: 'https://x'}")))
        .containsExactly("spec.endpoint: an inApp channel has no endpoint");
    // A webhook channel without an endpoint sends to the recipients' own addresses.
    assertThat(ChannelValidation.validate(channel("spec: {serverRef: s, type: webhook}")))
        .isEmpty();
  }

  @Test
  void secretsMustHoldTheKeysTheAdapterNeeds() {
    Channel dingtalk = channel("spec: {serverRef: s, type: dingtalk, secretRef: {name: robot}}");
    assertThat(ChannelValidation.missingSecretKeys(dingtalk.getSpec(), Map.of("secret", "x")))
        .containsExactly("accessToken");
    assertThat(ChannelValidation.missingSecretKeys(dingtalk.getSpec(), Map.of("accessToken", "t")))
        .isEmpty();
    Channel email =
        channel(
            "spec: {serverRef: s, type: email, endpoint: smtp:25, settings: {from: a@b.c},"
                + " secretRef: {name: smtp}}");
    assertThat(ChannelValidation.missingSecretKeys(email.getSpec(), Map.of("username", "u")))
        .containsExactly("password");
    Channel webhook = channel("spec: {serverRef: s, type: webhook, secretRef: {name: w}}");
    assertThat(ChannelValidation.missingSecretKeys(webhook.getSpec(), Map.of())).isEmpty();
  }
}
