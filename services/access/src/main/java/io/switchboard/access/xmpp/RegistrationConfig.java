package io.switchboard.access.xmpp;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * In-band registration (XEP-0077) before login.
 *
 * @param enabled whether new accounts may register themselves (off by default, as in Prosody)
 * @param perIpInterval minimum time between two registrations from one IP address (ejabberd's
 *     registration_timeout); zero turns the limit off
 * @param requireEncryption refuse registration on unencrypted streams
 */
@ConfigurationProperties("switchboard.registration")
public record RegistrationConfig(
    @Bindable(defaultValue = "false") boolean enabled,
    @Bindable(defaultValue = "10m") Duration perIpInterval,
    @Bindable(defaultValue = "true") boolean requireEncryption) {}
