package io.switchboard.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

  @Test
  void defaultsAreForARealCluster() {
    OperatorSettings s = OperatorSettings.fromEnvironment(Map.of());
    assertThat(s.namespaces()).isEmpty();
    assertThat(s.serverSideApply()).isTrue();
    assertThat(s.leaderElection()).isTrue();
    assertThat(s.metricsPort()).isEqualTo(8080);
    assertThat(s.defaultImage()).isEqualTo(OperatorSettings.DEFAULT_IMAGE);
    assertThat(s.retryInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.exitOnLostLeadership()).isTrue();
    assertThat(s.quotaRefreshInterval()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void environmentOverridesEverything() {
    OperatorSettings s =
        OperatorSettings.fromEnvironment(
            Map.of(
                "SWITCHBOARD_WATCH_NAMESPACES", " a, b ,,",
                "SWITCHBOARD_SERVER_SIDE_APPLY", "false",
                "SWITCHBOARD_LEADER_ELECTION", "false",
                "SWITCHBOARD_DEFAULT_IMAGE", "img:1",
                "SWITCHBOARD_METRICS_PORT", "0",
                "SWITCHBOARD_RETRY_INTERVAL", "PT1M",
                "SWITCHBOARD_QUOTA_REFRESH_INTERVAL", "15",
                "POD_NAMESPACE", "ops"));
    assertThat(s.namespaces()).containsExactlyInAnyOrder("a", "b");
    assertThat(s.serverSideApply()).isFalse();
    assertThat(s.leaderElection()).isFalse();
    assertThat(s.defaultImage()).isEqualTo("img:1");
    assertThat(s.metricsPort()).isZero();
    assertThat(s.retryInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.leaseNamespace()).isEqualTo("ops");
    assertThat(s.quotaRefreshInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(s.withQuotaRefreshInterval(Duration.ofMillis(300)).quotaRefreshInterval())
        .isEqualTo(Duration.ofMillis(300));
  }
}
