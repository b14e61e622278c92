package io.switchboard.router.channel.webhook;

import io.switchboard.core.notify.auth.Signer;
import io.switchboard.router.channel.ChannelAdapter;
import io.switchboard.router.channel.ChannelHttp;
import io.switchboard.router.channel.ChannelSettings;
import io.switchboard.router.channel.DeliveryOutcome;
import io.switchboard.router.channel.HttpOutcomes;
import io.switchboard.router.channel.OutboundPart;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code webhook}: POSTs the part as a JSON document to the channel's endpoint, or to the part's
 * address when the request named a webhook URL directly. Signed with {@code SB-HMAC-SHA256} when
 * the channel has a {@code secret}; {@code Idempotency-Key} is the part id, the same on every
 * attempt.
 */
@Singleton
public class WebhookAdapter implements ChannelAdapter {

  /** Secret key holding the HMAC key. */
  public static final String SECRET = "secret";

  private final ChannelHttp http;
  private final Signer signer;
  private final Clock clock;

  public WebhookAdapter(ChannelHttp http, Clock clock) {
    this.http = http;
    this.clock = clock;
    this.signer = new Signer(clock);
  }

  @Override
  public String type() {
    return "webhook";
  }

  @Override
  public DeliveryOutcome deliver(OutboundPart part, ChannelSettings channel)
      throws InterruptedException {
    URI target = ChannelHttp.httpUri(part.address());
    if (target == null) {
      target = ChannelHttp.httpUri(channel.endpoint());
    }
    if (target == null) {
      return new DeliveryOutcome.Failed(
          "no http(s) URL: channel endpoint " + channel.endpoint() + ", address " + part.address());
    }
    byte[] body;
    try {
      body = ChannelHttp.json().writeValueAsBytes(document(part));
    } catch (IOException e) {
      return new DeliveryOutcome.Failed("cannot encode the part as JSON: " + e.getMessage());
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json; charset=utf-8");
    headers.put("Idempotency-Key", part.partId());
    String secret = channel.secret(SECRET);
    if (secret != null && !secret.isEmpty()) {
      headers.put(
          "Authorization", signer.authorization(channel.name(), secret, "POST", target, body));
    }
    try {
      return HttpOutcomes.forStatus(http.post(target, body, headers, channel.timeout()), clock);
    } catch (IOException e) {
      return HttpOutcomes.unreachable(e);
    }
  }

  /** The JSON document a receiver gets. */
  static Map<String, Object> document(OutboundPart part) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("messageId", part.messageId());
    doc.put("partId", part.partId());
    doc.put("recipient", part.recipient());
    doc.put("subject", part.subject());
    doc.put("body", part.body());
    doc.put("format", part.format());
    doc.put("data", part.data());
    doc.put("attempt", part.attempt());
    return doc;
  }
}
