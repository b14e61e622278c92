package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.sundr.builder.annotations.Buildable;

/** Retries of failed deliveries with exponential backoff. */
@Buildable(editableEnabled = false, builderPackage = "io.fabric8.kubernetes.api.builder")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetrySpec {

  @JsonPropertyDescription("Attempts including the first; defaults to 5.")
  @Min(1)
  @Max(50)
  private Integer maxAttempts;

  @JsonPropertyDescription("Wait before the first retry, like 500ms or 2s; defaults to 1s.")
  @Pattern("^[0-9]+(ms|s|m|h)$")
  private String initialBackoff;

  @JsonPropertyDescription("Longest wait between attempts; defaults to 5m.")
  @Pattern("^[0-9]+(ms|s|m|h)$")
  private String maxBackoff;

  public Integer getMaxAttempts() {
    return maxAttempts;
  }

  public void setMaxAttempts(Integer maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  public String getInitialBackoff() {
    return initialBackoff;
  }

  public void setInitialBackoff(String initialBackoff) {
    this.initialBackoff = initialBackoff;
  }

  public String getMaxBackoff() {
    return maxBackoff;
  }

  public void setMaxBackoff(String maxBackoff) {
    this.maxBackoff = maxBackoff;
  }
}
