package io.switchboard.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Kubernetes-style conditions: one per type, {@code lastTransitionTime} changing only when the
 * status of a type really changes (a new reason or message alone keeps it).
 */
public final class Conditions {

  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";
  public static final String PAUSED = "ReconciliationPaused";

  private static final List<String> ORDER = List.of(READY, PROGRESSING, DEGRADED, PAUSED);

  private Conditions() {}

  /** A condition without a transition time; {@link #merge} sets it. */
  public static Condition of(
      String type, boolean status, String reason, String message, Long observedGeneration) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(observedGeneration)
        .build();
  }

  /**
   * The previous conditions with {@code updates} put in place of the same types and {@code removed}
   * types dropped. An updated condition keeps its previous {@code lastTransitionTime} while its
   * status is unchanged, and gets {@code now} otherwise.
   */
  public static List<Condition> merge(
      List<Condition> previous,
      Collection<Condition> updates,
      Collection<String> removed,
      Instant now) {
    Map<String, Condition> byType = new LinkedHashMap<>();
    if (previous != null) {
      for (Condition c : previous) {
        byType.put(c.getType(), c);
      }
    }
    String timestamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
    for (Condition update : updates) {
      Condition before = byType.get(update.getType());
      String transition =
          before != null
                  && Objects.equals(before.getStatus(), update.getStatus())
                  && before.getLastTransitionTime() != null
              ? before.getLastTransitionTime()
              : timestamp;
      byType.put(
          update.getType(),
          new ConditionBuilder(update).withLastTransitionTime(transition).build());
    }
    for (String type : removed) {
      byType.remove(type);
    }
    List<Condition> merged = new ArrayList<>(byType.values());
    merged.sort(Comparator.comparingInt(Conditions::rank));
    return merged;
  }

  /** The condition of a type, or null. */
  public static Condition find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  /** Whether the condition of a type is there with status True. */
  public static boolean isTrue(List<Condition> conditions, String type) {
    Condition c = find(conditions, type);
    return c != null && "True".equals(c.getStatus());
  }

  private static int rank(Condition c) {
    int i = ORDER.indexOf(c.getType());
    return i < 0 ? ORDER.size() : i;
  }
}
