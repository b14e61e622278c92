package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ServerMetricsTest {

  @Test
  void sumsEveryLabelSetOfTheSeriesAndNothingElse() {
    String exposition =
        """
        # HELP switchboard_offline_stored_total
        # TYPE switchboard_offline_stored_total counter
        switchboard_offline_stored_total{node="a"} 1200.0
        switchboard_offline_stored_total{node="b"} 34.0
        switchboard_offline_stored_totals 5.0
        switchboard_router_rejected_total{condition="offline-full"} 7.0
        """;
    assertEquals(1234, ServerMetrics.sum(exposition, "switchboard_offline_stored_total"));
    assertEquals(0, ServerMetrics.sum(exposition, "switchboard_archive_total"));
  }
}
