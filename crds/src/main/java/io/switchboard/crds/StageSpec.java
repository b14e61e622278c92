package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.sundr.builder.annotations.Buildable;
import java.util.List;
import java.util.Map;

/** One pipeline stage: its own Deployment, Service, PodDisruptionBudget and optional HPA. */
@Buildable(editableEnabled = false, builderPackage = "io.fabric8.kubernetes.api.builder")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StageSpec {

  @JsonPropertyDescription("Number of pods; defaults to 1. Ignored while autoscaling is set.")
  @Min(0)
  private Integer replicas;

  @JsonPropertyDescription("CPU and memory requests and limits of the stage container.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("Scale the stage on CPU between min and max replicas.")
  private AutoscalingSpec autoscaling;

  @JsonPropertyDescription("Annotations added to the stage's pods.")
  private Map<String, String> podAnnotations;

  @JsonPropertyDescription("Node selector of the stage's pods.")
  private Map<String, String> nodeSelector;

  @JsonPropertyDescription("Tolerations of the stage's pods.")
  private List<Toleration> tolerations;

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public AutoscalingSpec getAutoscaling() {
    return autoscaling;
  }

  public void setAutoscaling(AutoscalingSpec autoscaling) {
    this.autoscaling = autoscaling;
  }

  public Map<String, String> getPodAnnotations() {
    return podAnnotations;
  }

  public void setPodAnnotations(Map<String, String> podAnnotations) {
    this.podAnnotations = podAnnotations;
  }

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }
}
