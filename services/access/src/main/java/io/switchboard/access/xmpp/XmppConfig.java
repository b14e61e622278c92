package io.switchboard.access.xmpp;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;

/**
 * The XMPP client listener (RFC 6120).
 *
 * @param host address to bind
 * @param port port to bind (0 picks a free one)
 * @param maxStanzaBytes largest stanza accepted; larger ones end the stream with policy-violation
 * @param authTimeout time a new connection has to authenticate and bind a resource
 * @param stanzaTimeout time a half-received stanza may stay incomplete
 * @param tlsRequired refuse to authenticate before STARTTLS
 * @param allowPlainWithoutTls offer SASL PLAIN on unencrypted streams (development and benchmarks)
 * @param tlsKeystore PKCS#12 key store with the server certificate; generated self-signed under the
 *     data folder when absent
 * @param tlsKeystorePassword its password
 * @param maxAuthFailures failed SASL attempts before the stream is closed
 * @param maxPendingOutputBytes bytes queued for a client that does not read before its stream is
 *     closed with policy-violation, so one stuck client cannot exhaust the server's memory
 * @param resumeTimeout how long a session with XEP-0198 resumption survives a dropped connection
 * @param maxUnackedStanzas stanzas kept for a client that does not acknowledge them (XEP-0198)
 * @param directTlsPort port of the XEP-0368 direct TLS listener; -1 turns it off, 0 picks one
 * @param closeTimeout after answering a client's closing stream tag with its own, how long the
 *     server waits for the client to close the connection (and end TLS) before closing it (RFC 6120
 *     §4.4)
 */
@ConfigurationProperties("switchboard.xmpp")
public record XmppConfig(
    @Bindable(defaultValue = "127.0.0.1") @NotBlank String host,
    @Bindable(defaultValue = "5222") @Min(0) @Max(65535) int port,
    @Bindable(defaultValue = "262144") @Min(1024) int maxStanzaBytes,
    @Bindable(defaultValue = "30s") Duration authTimeout,
    @Bindable(defaultValue = "60s") Duration stanzaTimeout,
    @Bindable(defaultValue = "true") boolean tlsRequired,
    @Bindable(defaultValue = "false") boolean allowPlainWithoutTls,
    @Nullable String tlsKeystore,
    @Nullable String tlsKeystorePassword,
    @Bindable(defaultValue = "3") @Min(1) int maxAuthFailures,
    @Bindable(defaultValue = "4194304") @Min(65536) long maxPendingOutputBytes,
    @Bindable(defaultValue = "300s") Duration resumeTimeout,
    @Bindable(defaultValue = "1000") @Min(10) int maxUnackedStanzas,
    @Bindable(defaultValue = "5223") @Min(-1) @Max(65535) int directTlsPort,
    @Bindable(defaultValue = "1s") Duration closeTimeout) {}
