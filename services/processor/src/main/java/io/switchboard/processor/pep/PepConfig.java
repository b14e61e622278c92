package io.switchboard.processor.pep;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Limits of personal eventing (XEP-0163).
 *
 * @param maxItems the largest {@code pubsub#max_items} a node may have (what {@code max} means)
 * @param momentsMaxItems {@code pubsub#max_items} of a new moments node ({@value Moments#NODE});
 *     other nodes start with 1
 * @param maxNodes nodes per account
 * @param maxPayloadBytes the largest item payload, serialized in UTF-8
 */
@ConfigurationProperties("switchboard.pep")
public record PepConfig(
    @Bindable(defaultValue = "256") @Min(1) @Max(10_000) int maxItems,
    @Bindable(defaultValue = "50") @Min(1) @Max(10_000) int momentsMaxItems,
    @Bindable(defaultValue = "256") @Min(1) @Max(10_000) int maxNodes,
    @Bindable(defaultValue = "131072") @Min(1024) @Max(16 * 1024 * 1024) int maxPayloadBytes) {}
