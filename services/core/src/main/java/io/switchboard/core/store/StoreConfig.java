package io.switchboard.core.store;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * MongoDB settings.
 *
 * @param uri connection string of an external MongoDB; absent means the embedded server
 * @param database database name
 * @param embeddedPort port of the embedded server on 127.0.0.1 (0 picks a free one)
 */
@ConfigurationProperties("switchboard.mongo")
public record StoreConfig(
    @Nullable String uri,
    @Bindable(defaultValue = "switchboard") @NotBlank String database,
    @Bindable(defaultValue = "0") @Min(0) @Max(65535) int embeddedPort) {}
