package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.sundr.builder.annotations.Buildable;
import java.util.List;
import java.util.Map;

/** The observed state of a MessagingServer. */
@Buildable(editableEnabled = false, builderPackage = "io.fabric8.kubernetes.api.builder")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MessagingServerStatus {

  @JsonPropertyDescription("Generation of the spec the status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready, Progressing, Degraded and ReconciliationPaused.")
  private List<Condition> conditions;

  @JsonPropertyDescription("Replicas per stage.")
  private Map<String, StageStatus> stages;

  @JsonPropertyDescription("Where clients connect.")
  private EndpointsStatus endpoints;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Map<String, StageStatus> getStages() {
    return stages;
  }

  public void setStages(Map<String, StageStatus> stages) {
    this.stages = stages;
  }

  public EndpointsStatus getEndpoints() {
    return endpoints;
  }

  public void setEndpoints(EndpointsStatus endpoints) {
    this.endpoints = endpoints;
  }
}
