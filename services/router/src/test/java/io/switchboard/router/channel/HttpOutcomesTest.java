package io.switchboard.router.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpOutcomesTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

  private static ChannelHttp.Answer answer(int status, Map<String, List<String>> headers) {
    return new ChannelHttp.Answer(status, HttpHeaders.of(headers, (a, b) -> true), "");
  }

  @Test
  void retryAfterInSecondsOrAsAnHttpDate() {
    assertThat(HttpOutcomes.retryAfter("7", CLOCK)).isEqualTo(Duration.ofSeconds(7));
    assertThat(HttpOutcomes.retryAfter("Sun, 01 Mar 2026 12:01:30 GMT", CLOCK))
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(HttpOutcomes.retryAfter("Sun, 01 Mar 2026 11:00:00 GMT", CLOCK))
        .isEqualTo(Duration.ZERO);
    assertThat(HttpOutcomes.retryAfter("soon", CLOCK)).isNull();
    assertThat(HttpOutcomes.retryAfter(null, CLOCK)).isNull();
  }

  @Test
  void statusClasses() {
    assertThat(HttpOutcomes.forStatus(answer(204, Map.of()), CLOCK))
        .isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(HttpOutcomes.forStatus(answer(408, Map.of()), CLOCK))
        .isInstanceOf(DeliveryOutcome.Retry.class);
    assertThat(HttpOutcomes.forStatus(answer(502, Map.of()), CLOCK))
        .isInstanceOf(DeliveryOutcome.Retry.class);
    assertThat(HttpOutcomes.forStatus(answer(301, Map.of()), CLOCK))
        .isInstanceOf(DeliveryOutcome.Failed.class);
    assertThat(HttpOutcomes.forStatus(answer(404, Map.of()), CLOCK))
        .isInstanceOf(DeliveryOutcome.Failed.class);
    DeliveryOutcome unavailable =
        HttpOutcomes.forStatus(
            answer(503, Map.of("Retry-After", List.of("Sun, 01 Mar 2026 12:00:10 GMT"))), CLOCK);
    assertThat(((DeliveryOutcome.Retry) unavailable).retryAfter())
        .isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void unreachableIsRetried() {
    assertThat(HttpOutcomes.unreachable(new HttpTimeoutException("no answer")).detail())
        .isEqualTo("timed out: no answer");
    assertThat(HttpOutcomes.unreachable(new ConnectException(null)).detail())
        .isEqualTo("connection refused");
  }
}
