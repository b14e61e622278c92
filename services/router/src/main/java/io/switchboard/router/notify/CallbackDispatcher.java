package io.switchboard.router.notify;

import io.switchboard.core.notify.apps.ApiKey;
import io.switchboard.core.notify.apps.ApiKeyStore;
import io.switchboard.core.notify.auth.Signer;
import io.switchboard.core.notify.message.CallbackOutbox;
import io.switchboard.core.notify.message.MessageStore;
import io.switchboard.router.channel.ChannelHttp;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts status callbacks to applications: each a JSON body signed with {@code SB-HMAC-SHA256} keyed
 * with the application's secret key ({@code Credential=} its access key id), so the application
 * verifies it the way Switchboard verifies the application. A failed post is retried with back-off
 * up to {@value #MAX_ATTEMPTS} times; a part's callbacks go out one after the other, in status
 * order. Every attempt is written into the part's history.
 */
@Singleton
public class CallbackDispatcher {

  static final int MAX_ATTEMPTS = 8;
  private static final Logger LOG = LoggerFactory.getLogger(CallbackDispatcher.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Backoff BACKOFF =
      new Backoff(MAX_ATTEMPTS, Duration.ofSeconds(1), Duration.ofMinutes(10));

  private final CallbackOutbox outbox;
  private final MessageStore messages;
  private final ApiKeyStore keys;
  private final ChannelHttp http;
  private final Signer signer;
  private final Clock clock;

  public CallbackDispatcher(
      CallbackOutbox outbox,
      MessageStore messages,
      ApiKeyStore keys,
      ChannelHttp http,
      Clock clock) {
    this.outbox = outbox;
    this.messages = messages;
    this.keys = keys;
    this.http = http;
    this.signer = new Signer(clock);
    this.clock = clock;
  }

  /** Posts the callbacks that are due; the number posted or attempted. */
  public int runOnce(int limit) throws InterruptedException {
    Instant now = clock.instant();
    int n = 0;
    for (CallbackOutbox.Callback c : outbox.due(now, limit)) {
      if (!outbox.claim(c.id(), now, now.plus(TIMEOUT).plusSeconds(30))) {
        continue;
      }
      post(c);
      n++;
    }
    return n;
  }

  private void post(CallbackOutbox.Callback c) throws InterruptedException {
    int attempts = c.attempts() + 1;
    String result;
    boolean ok = false;
    boolean retry = true;
    Optional<ApiKey> key = keys.activeKeyOf(c.application());
    if (key.isEmpty()) {
      result = "application " + c.application() + " has no enabled key to sign with";
      retry = false;
    } else {
      try {
        URI uri = ChannelHttp.httpUri(c.url());
        byte[] body = c.body().getBytes(StandardCharsets.UTF_8);
        String auth =
            signer.authorization(key.get().accessKeyId(), key.get().secretKey(), "POST", uri, body);
        ChannelHttp.Answer answer =
            http.post(
                uri,
                body,
                Map.of(
                    "Content-Type",
                    "application/json",
                    "Authorization",
                    auth,
                    "Idempotency-Key",
                    c.id()),
                TIMEOUT);
        ok = answer.status() / 100 == 2;
        retry = !ok && (answer.status() >= 500 || answer.status() == 429 || answer.status() == 408);
        result = "HTTP " + answer.status();
      } catch (IOException e) {
        result = "unreachable: " + e.getClass().getSimpleName();
      } catch (IllegalArgumentException e) {
        result = "bad callback URL: " + e.getMessage();
        retry = false;
      }
    }
    messages.recordCallback(c.partId(), statusOf(c), result + " (attempt " + attempts + ")");
    if (ok) {
      outbox.sent(c.id(), attempts);
    } else if (retry && attempts < MAX_ATTEMPTS) {
      outbox.retryAt(c.id(), attempts, clock.instant().plus(BACKOFF.delay(attempts, null)));
    } else {
      LOG.info("callback {} to {} given up: {}", c.id(), c.url(), result);
      outbox.failed(c.id(), attempts);
    }
  }

  private static String statusOf(CallbackOutbox.Callback c) {
    int i = c.body().indexOf("\"status\":\"");
    if (i < 0) {
      return "";
    }
    int start = i + "\"status\":\"".length();
    return c.body().substring(start, c.body().indexOf('"', start));
  }
}
