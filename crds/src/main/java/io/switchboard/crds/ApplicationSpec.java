package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.sundr.builder.annotations.Buildable;
import java.util.List;

/** A calling system of the notification API. */
@Buildable(editableEnabled = false, builderPackage = "io.fabric8.kubernetes.api.builder")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApplicationSpec {

  @JsonPropertyDescription("Name of the MessagingServer in the same namespace.")
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  private String serverRef;

  @JsonPropertyDescription("Human-readable name.")
  private String displayName;

  @JsonPropertyDescription("Channels (names) the application may use; all when absent.")
  private List<String> allowedChannels;

  @JsonPropertyDescription("Templates (names) the application may use; all when absent.")
  private List<String> allowedTemplates;

  @JsonPropertyDescription("Rate limit of the application's API requests.")
  private RateLimitSpec rateLimit;

  @JsonPropertyDescription("URL that receives delivery status callbacks.")
  @Pattern("^https?://.+$")
  private String callbackUrl;

  public String getServerRef() {
    return serverRef;
  }

  public void setServerRef(String serverRef) {
    this.serverRef = serverRef;
  }

  public String getDisplayName() {
    return displayName;
  }

  public void setDisplayName(String displayName) {
    this.displayName = displayName;
  }

  public List<String> getAllowedChannels() {
    return allowedChannels;
  }

  public void setAllowedChannels(List<String> allowedChannels) {
    this.allowedChannels = allowedChannels;
  }

  public List<String> getAllowedTemplates() {
    return allowedTemplates;
  }

  public void setAllowedTemplates(List<String> allowedTemplates) {
    this.allowedTemplates = allowedTemplates;
  }

  public RateLimitSpec getRateLimit() {
    return rateLimit;
  }

  public void setRateLimit(RateLimitSpec rateLimit) {
    this.rateLimit = rateLimit;
  }

  public String getCallbackUrl() {
    return callbackUrl;
  }

  public void setCallbackUrl(String callbackUrl) {
    this.callbackUrl = callbackUrl;
  }
}
