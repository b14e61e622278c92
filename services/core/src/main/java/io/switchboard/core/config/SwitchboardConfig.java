package io.switchboard.core.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;

/**
 * Settings every stage shares.
 *
 * @param domain the XMPP domain this platform serves
 * @param nodeId this process's node id (generated from the host name when absent)
 * @param dataDir where local state lives: the embedded store, the admin token, the TLS key
 */
@ConfigurationProperties("switchboard")
public record SwitchboardConfig(
    @Bindable(defaultValue = "localhost") @NotBlank String domain,
    @Nullable String nodeId,
    @Bindable(defaultValue = "./data") @NotBlank String dataDir) {}
