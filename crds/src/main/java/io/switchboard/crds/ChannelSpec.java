package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.sundr.builder.annotations.Buildable;
import java.util.Map;

/** A delivery channel of a MessagingServer. */
@Buildable(editableEnabled = false, builderPackage = "io.fabric8.kubernetes.api.builder")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChannelSpec {

  @JsonPropertyDescription("Name of the MessagingServer in the same namespace.")
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  private String serverRef;

  @JsonPropertyDescription("Kind of channel.")
  @Required
  private ChannelType type;

  @JsonPropertyDescription("Whether deliveries go out on this channel; defaults to true.")
  private Boolean enabled;

  @JsonPropertyDescription(
      "Endpoint of the channel: a webhook or bot URL, an SMTP host:port, an SMS gateway URL.")
  private String endpoint;

  @JsonPropertyDescription(
      "Non-secret settings of the channel type (sender address, sign name, ...).")
  private Map<String, String> settings;

  @JsonPropertyDescription("Secret with the channel's credentials; credentials are never inline.")
  private SecretRef secretRef;

  @JsonPropertyDescription("Rate limit of deliveries on this channel.")
  private RateLimitSpec rateLimit;

  @JsonPropertyDescription("Quota of deliveries per period.")
  private QuotaSpec quota;

  @JsonPropertyDescription("Retry policy of failed deliveries.")
  private RetrySpec retry;

  @JsonPropertyDescription("Channel (same namespace) used when this one fails for good.")
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  private String fallbackChannel;

  public String getServerRef() {
    return serverRef;
  }

  public void setServerRef(String serverRef) {
    this.serverRef = serverRef;
  }

  public ChannelType getType() {
    return type;
  }

  public void setType(ChannelType type) {
    this.type = type;
  }

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public Map<String, String> getSettings() {
    return settings;
  }

  public void setSettings(Map<String, String> settings) {
    this.settings = settings;
  }

  public SecretRef getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(SecretRef secretRef) {
    this.secretRef = secretRef;
  }

  public RateLimitSpec getRateLimit() {
    return rateLimit;
  }

  public void setRateLimit(RateLimitSpec rateLimit) {
    this.rateLimit = rateLimit;
  }

  public QuotaSpec getQuota() {
    return quota;
  }

  public void setQuota(QuotaSpec quota) {
    this.quota = quota;
  }

  public RetrySpec getRetry() {
    return retry;
  }

  public void setRetry(RetrySpec retry) {
    this.retry = retry;
  }

  public String getFallbackChannel() {
    return fallbackChannel;
  }

  public void setFallbackChannel(String fallbackChannel) {
    this.fallbackChannel = fallbackChannel;
  }
}
