package io.switchboard.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  static final Instant T1 = Instant.parse("2026-01-01T10:00:00.123Z");
  static final Instant T2 = Instant.parse("2026-01-01T11:00:00Z");

  @Test
  void newConditionGetsNowAsTransitionTime() {
    List<Condition> merged =
        Conditions.merge(
            null, List.of(Conditions.of("Ready", false, "Waiting", "m", 1L)), List.of(), T1);
    assertThat(merged)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
              assertThat(c.getObservedGeneration()).isEqualTo(1L);
            });
  }

  @Test
  void sameStatusKeepsTheTransitionTimeEvenWithANewReason() {
    List<Condition> first =
        Conditions.merge(
            null, List.of(Conditions.of("Ready", false, "Waiting", "a", 1L)), List.of(), T1);
    List<Condition> second =
        Conditions.merge(
            first, List.of(Conditions.of("Ready", false, "InvalidSpec", "b", 2L)), List.of(), T2);
    Condition ready = Conditions.find(second, "Ready");
    assertThat(ready.getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(ready.getReason()).isEqualTo("InvalidSpec");
    assertThat(ready.getMessage()).isEqualTo("b");
    assertThat(ready.getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void realTransitionChangesTheTime() {
    List<Condition> first =
        Conditions.merge(
            null, List.of(Conditions.of("Ready", false, "Waiting", "a", 1L)), List.of(), T1);
    List<Condition> second =
        Conditions.merge(
            first, List.of(Conditions.of("Ready", true, "AllReady", "b", 1L)), List.of(), T2);
    assertThat(Conditions.find(second, "Ready").getLastTransitionTime())
        .isEqualTo("2026-01-01T11:00:00Z");
    assertThat(Conditions.isTrue(second, "Ready")).isTrue();
  }

  @Test
  void untouchedTypesStayRemovedTypesGoAndOrderIsStable() {
    List<Condition> first =
        Conditions.merge(
            null,
            List.of(
                Conditions.of("ReconciliationPaused", true, "P", "p", 1L),
                Conditions.of("Custom", true, "C", "c", 1L),
                Conditions.of("Degraded", false, "AsExpected", "d", 1L),
                Conditions.of("Ready", false, "W", "r", 1L)),
            List.of(),
            T1);
    assertThat(first)
        .extracting(Condition::getType)
        .containsExactly("Ready", "Degraded", "ReconciliationPaused", "Custom");
    List<Condition> second =
        Conditions.merge(
            first,
            List.of(Conditions.of("Ready", true, "OK", "r", 1L)),
            List.of("ReconciliationPaused"),
            T2);
    assertThat(second)
        .extracting(Condition::getType)
        .containsExactly("Ready", "Degraded", "Custom");
    assertThat(Conditions.find(second, "Degraded").getLastTransitionTime())
        .isEqualTo("2026-01-01T10:00:00Z");
  }
}
