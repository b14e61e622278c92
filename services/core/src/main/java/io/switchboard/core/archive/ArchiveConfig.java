package io.switchboard.core.archive;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;

/**
 * Message archive (XEP-0313) settings.
 *
 * @param enabled whether the router archives messages at all
 * @param defaultMode archiving default of accounts that set no preferences: always, never or roster
 * @param queueCapacity archive writes waiting for the background writer; a full queue makes the
 *     router wait up to {@code offerTimeout}, after which the write is dropped and counted
 * @param batchSize most documents one insertMany writes
 * @param flushInterval longest time a write waits for more to share its batch
 * @param offerTimeout how long the router waits for room in a full queue
 * @param cacheTtl how long archiving preferences and roster look-ups are cached by the router
 */
@ConfigurationProperties("switchboard.archive")
public record ArchiveConfig(
    @Bindable(defaultValue = "true") boolean enabled,
    @Bindable(defaultValue = "never") @Pattern(regexp = "always|never|roster") String defaultMode,
    @Bindable(defaultValue = "20000") @Min(16) int queueCapacity,
    @Bindable(defaultValue = "500") @Min(1) @Max(10000) int batchSize,
    @Bindable(defaultValue = "5ms") @NotNull Duration flushInterval,
    @Bindable(defaultValue = "2s") @NotNull Duration offerTimeout,
    @Bindable(defaultValue = "10s") @NotNull Duration cacheTtl) {

  /** The defaults, for tests that build stores without a context. */
  public static ArchiveConfig defaults() {
    return new ArchiveConfig(
        true,
        "always",
        20000,
        500,
        Duration.ofMillis(5),
        Duration.ofSeconds(2),
        Duration.ofSeconds(10));
  }
}
