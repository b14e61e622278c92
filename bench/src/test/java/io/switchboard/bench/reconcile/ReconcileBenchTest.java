package io.switchboard.bench.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReconcileBenchTest {

  @Test
  void percentilesAreNearestRank() {
    long[] sorted = new long[20];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = i + 1;
    }
    assertEquals(10, ReconcileBench.percentile(sorted, 50));
    assertEquals(19, ReconcileBench.percentile(sorted, 95));
    assertEquals(20, ReconcileBench.percentile(sorted, 100));
    assertEquals(7, ReconcileBench.percentile(new long[] {7}, 95));
  }

  @Test
  void optionsHaveDefaultsAndRefuseUnknownOnes() {
    ReconcileBench.Options defaults = ReconcileBench.Options.parse(new String[0]);
    assertEquals(20, defaults.repeat());
    assertEquals(100, defaults.servers());
    ReconcileBench.Options o =
        ReconcileBench.Options.parse(
            new String[] {"--servers", "7", "--bursts", "2", "--example", "x.yaml"});
    assertEquals(7, o.servers());
    assertEquals(2, o.bursts());
    assertEquals(Path.of("x.yaml"), o.example());
    assertThrows(
        IllegalArgumentException.class,
        () -> ReconcileBench.Options.parse(new String[] {"--rate", "5"}));
    assertThrows(
        IllegalArgumentException.class,
        () -> ReconcileBench.Options.parse(new String[] {"--servers"}));
  }
}
