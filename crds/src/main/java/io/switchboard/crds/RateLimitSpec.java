package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.sundr.builder.annotations.Buildable;

/** A token-bucket rate limit. */
@Buildable(editableEnabled = false, builderPackage = "io.fabric8.kubernetes.api.builder")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RateLimitSpec {

  @JsonPropertyDescription("Sustained rate, in requests per second.")
  @Required
  @Min(1)
  private Integer perSecond;

  @JsonPropertyDescription("Bucket size; defaults to perSecond.")
  @Min(1)
  private Integer burst;

  public Integer getPerSecond() {
    return perSecond;
  }

  public void setPerSecond(Integer perSecond) {
    this.perSecond = perSecond;
  }

  public Integer getBurst() {
    return burst;
  }

  public void setBurst(Integer burst) {
    this.burst = burst;
  }
}
