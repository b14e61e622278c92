package io.switchboard.core.pipeline;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;

/** Settings of the two transports. {@code deployment.type} chooses which one runs. */
public final class TransportConfig {

  private TransportConfig() {}

  /**
   * The in-memory transport.
   *
   * @param queueCapacity envelopes per partition before senders wait
   * @param partitions worker threads per destination; one session always maps to one of them
   * @param offerTimeout how long a sender waits on a full partition before failing
   */
  @ConfigurationProperties("switchboard.local")
  public record Local(
      @Bindable(defaultValue = "8192") @Min(1) int queueCapacity,
      @Bindable(defaultValue = "2") @Min(1) int partitions,
      @Bindable(defaultValue = "5s") Duration offerTimeout) {}

  /**
   * The NATS transport.
   *
   * @param url NATS server URL(s), comma separated
   * @param subjectPrefix first token of every subject, stream and bucket name, so that several
   *     platforms can share one NATS
   * @param duplicateWindow JetStream de-duplication window of the durable hand-overs
   * @param ackWait time a durable consumer has to ack before redelivery
   * @param maxDeliver attempts per durable message before it is dropped and counted
   * @param maxAckPending unacknowledged messages per durable consumer
   * @param sessionTtl age after which a session entry that was not refreshed is ignored
   * @param credentialsFile a NATS {@code .creds} file (user JWT and NKey seed) to authenticate
   *     with, for a NATS server in operator (decentralized JWT) mode; none when null or blank
   */
  @ConfigurationProperties("switchboard.nats")
  public record Nats(
      @Bindable(defaultValue = "nats://127.0.0.1:4222") @NotBlank String url,
      @Bindable(defaultValue = "sb") @NotBlank String subjectPrefix,
      @Bindable(defaultValue = "2m") Duration duplicateWindow,
      @Bindable(defaultValue = "30s") Duration ackWait,
      @Bindable(defaultValue = "10") @Min(1) int maxDeliver,
      @Bindable(defaultValue = "10000") @Min(1) int maxAckPending,
      @Bindable(defaultValue = "90s") Duration sessionTtl,
      @Nullable String credentialsFile) {}
}
