package io.switchboard.router.channel.webhook;

import io.switchboard.core.notify.auth.Signer;
import io.switchboard.core.notify.auth.SigningString;
import io.switchboard.router.channel.ChannelAdapter;
import io.switchboard.router.channel.ChannelHttp;
import io.switchboard.router.channel.ChannelSettings;
import io.switchboard.router.channel.DeliveryOutcome;
import io.switchboard.router.channel.HttpOutcomes;
import io.switchboard.router.channel.OutboundPart;
import io.switchboard.router.channel.Redaction;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code webhook}: POSTs the part as a JSON document to the channel's endpoint, or to the part's
 * address when the request named a webhook URL directly. Signed with {@code SB-HMAC-SHA256} when
 * the Channel's Secret has a {@value #SIGNING_KEY} ({@value #SIGNING_KEY_ALIAS} is read when it has
 * none); {@code Idempotency-Key} is the part id, the same on every attempt.
 */
@Singleton
public class WebhookAdapter implements ChannelAdapter {

  /** Secret key holding the HMAC key. */
  public static final String SIGNING_KEY = "signingKey";

  /** The HMAC key's older name, read when {@link #SIGNING_KEY} is absent. */
  public static final String SIGNING_KEY_ALIAS = "secret";

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
    URI direct = ChannelHttp.httpUri(part.address());
    URI target = direct != null ? direct : ChannelHttp.httpUri(channel.endpoint());
    List<String> credentials = Redaction.credentials(channel, channel.endpoint(), part.address());
    if (target != null) {
      String query = target.getRawQuery();
      if (query != null) {
        // A URL may carry a token in its query: keep its values out of the detail too.
        credentials.add(query);
        try {
          SigningString.parseQuery(query).values().forEach(credentials::addAll);
        } catch (IllegalArgumentException e) {
          // A malformed escape: the raw query is masked as a whole.
        }
      }
    }
    return Redaction.scrub(attempt(part, channel, target), credentials);
  }

  private DeliveryOutcome attempt(OutboundPart part, ChannelSettings channel, URI target)
      throws InterruptedException {
    if (target == null) {
      return new DeliveryOutcome.Failed(
          "no http(s) URL: channel endpoint "
              + Redaction.origin(channel.endpoint())
              + ", address "
              + Redaction.origin(part.address()));
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
    String secret = signingKey(channel);
    if (secret != null) {
      headers.put(
          "Authorization", signer.authorization(channel.name(), secret, "POST", target, body));
    }
    try {
      return HttpOutcomes.forStatus(http.post(target, body, headers, channel.timeout()), clock);
    } catch (IOException e) {
      return HttpOutcomes.unreachable(e);
    }
  }

  /** The HMAC key: {@value #SIGNING_KEY}, else {@value #SIGNING_KEY_ALIAS}; null without one. */
  static String signingKey(ChannelSettings channel) {
    for (String key : List.of(SIGNING_KEY, SIGNING_KEY_ALIAS)) {
      String value = channel.secret(key);
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return null;
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
