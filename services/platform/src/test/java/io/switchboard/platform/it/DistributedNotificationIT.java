package io.switchboard.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The notification scenarios in distributed mode, and what only that mode has: a stage process
 * stopped and started again in the middle of a burst of requests loses no part and sends none
 * twice.
 */
class DistributedNotificationIT extends NotificationScenarios {

  static final int BURST = 20;

  @Override
  TestPlatform.Mode mode() {
    return TestPlatform.Mode.DISTRIBUTED;
  }

  @Test
  void theProcessorRestartedInTheMiddleOfABurstLosesNoPartAndSendsNoneTwice() throws Exception {
    burstAcrossARestartOf("processor");
  }

  @Test
  void theRouterRestartedInTheMiddleOfABurstLosesNoPartAndSendsNoneTwice() throws Exception {
    burstAcrossARestartOf("router");
  }

  /**
   * Sends {@value #BURST} requests, one webhook part each. The stage is stopped after the tenth was
   * accepted while the next five are being sent; the last five are sent while it is down; then it
   * is started again. Every part must end delivered, and the receiver must have accepted each
   * exactly once.
   */
  private void burstAcrossARestartOf(String role) throws Exception {
    List<String> ids = new CopyOnWriteArrayList<>();
    CountDownLatch tenAccepted = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    String body =
        """
        {"template":"welcome","recipients":[{"webhook":"%s"}],
         "channels":["webhook"],"data":{"name":"N%%d"}}
        """
            .formatted(receiver.url("/burst"));
    CompletableFuture<Void> sending =
        CompletableFuture.runAsync(
            () -> {
              for (int i = 0; i < BURST; i++) {
                if (i == 10) {
                  tenAccepted.countDown();
                } else if (i == 15) {
                  unchecked(() -> stopped.await(60, TimeUnit.SECONDS));
                }
                int n = i;
                ids.add(unchecked(() -> accept(body.formatted(n))));
              }
            });
    assertThat(tenAccepted.await(60, TimeUnit.SECONDS)).isTrue();
    platform.stopRole(role);
    stopped.countDown();
    sending.get(60, TimeUnit.SECONDS);
    assertThat(ids).hasSize(BURST).doesNotHaveDuplicates();
    platform.startRole(role);

    // JetStream holds what the stopped stage had not acknowledged; the store holds the rest.
    await()
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              for (String id : ids) {
                assertThat(statuses(message(id)).values()).as(id).containsExactly("delivered");
              }
            });
    Map<String, Long> accepted = receiver.acceptedPerPart();
    assertThat(accepted).as(receiver.toString()).hasSize(BURST);
    assertThat(accepted.values()).as(receiver.toString()).containsOnly(1L);
    assertThat(receiver.deliveriesTo("/burst")).hasSize(BURST);
    for (String id : ids) {
      assertThat(accepted.keySet()).anyMatch(part -> part.startsWith(id + "."));
    }
    assertThat(receiver.badSignatures()).isEmpty();
  }
}
