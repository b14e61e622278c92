package io.switchboard.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The platform's meters, named once here so every stage reports the same series. Meters are created
 * on first use and cached: the hot path does a map look-up, never a registry search.
 */
@Singleton
public class PipelineMetrics {

  private final MeterRegistry registry;
  private final Map<String, Timer> stageTimers = new ConcurrentHashMap<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public PipelineMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Processing time of one envelope in one stage. */
  public Timer stageTimer(String stage) {
    return stageTimers.computeIfAbsent(
        stage,
        s ->
            Timer.builder("switchboard.stage.processing")
                .description("Time a stage spends processing one envelope")
                .tag("stage", s)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry));
  }

  /** Stanzas read from clients, by element name (message, presence, iq, other). */
  public void stanzaIn(String kind) {
    counter("switchboard.stanzas.in", "kind", kind).increment();
  }

  /** Stanzas written to clients, by element name. */
  public void stanzaOut(String kind) {
    counter("switchboard.stanzas.out", "kind", kind).increment();
  }

  /** An error, by stage and a short type (stream error condition, exception class, ...). */
  public void error(String stage, String type) {
    counter("switchboard.errors", "stage", stage, "type", type).increment();
  }

  /** An envelope a stage had already processed and skipped (at-least-once redelivery). */
  public void duplicate(String stage) {
    counter("switchboard.envelopes.duplicate", "stage", stage).increment();
  }

  /** Any other event count, e.g. switchboard.nats.reconnects. */
  public void count(String name, String... tags) {
    counter(name, tags).increment();
  }

  /** Adds {@code amount} to an event count. */
  public void count(long amount, String name, String... tags) {
    counter(name, tags).increment(amount);
  }

  private Counter counter(String name, String... tags) {
    StringBuilder key = new StringBuilder(name);
    for (String t : tags) {
      key.append('|').append(t);
    }
    return counters.computeIfAbsent(
        key.toString(), k -> Counter.builder(name).tags(tags).register(registry));
  }

  /** Stanza kind label for a stanza element name, bounded to a few values. */
  public static String kindOf(String elementName) {
    switch (elementName) {
      case "message":
      case "presence":
      case "iq":
        return elementName;
      default:
        return "other";
    }
  }
}
