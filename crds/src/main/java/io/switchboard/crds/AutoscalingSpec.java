package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.sundr.builder.annotations.Buildable;

/** Horizontal autoscaling of one stage (a HorizontalPodAutoscaler on CPU). */
@Buildable(editableEnabled = false, builderPackage = "io.fabric8.kubernetes.api.builder")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AutoscalingSpec {

  @JsonPropertyDescription("Lower bound; defaults to 1.")
  @Min(1)
  private Integer minReplicas;

  @JsonPropertyDescription("Upper bound.")
  @Required
  @Min(1)
  private Integer maxReplicas;

  @JsonPropertyDescription(
      "Average CPU utilisation to aim for, in percent of the request; defaults to 75.")
  @Min(1)
  @Max(100)
  private Integer targetCPUUtilizationPercentage;

  public Integer getMinReplicas() {
    return minReplicas;
  }

  public void setMinReplicas(Integer minReplicas) {
    this.minReplicas = minReplicas;
  }

  public Integer getMaxReplicas() {
    return maxReplicas;
  }

  public void setMaxReplicas(Integer maxReplicas) {
    this.maxReplicas = maxReplicas;
  }

  public Integer getTargetCPUUtilizationPercentage() {
    return targetCPUUtilizationPercentage;
  }

  public void setTargetCPUUtilizationPercentage(Integer targetCPUUtilizationPercentage) {
    this.targetCPUUtilizationPercentage = targetCPUUtilizationPercentage;
  }
}
