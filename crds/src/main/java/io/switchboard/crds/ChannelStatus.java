package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.sundr.builder.annotations.Buildable;
import java.util.List;

/** The observed state of a Channel. */
@Buildable(editableEnabled = false, builderPackage = "io.fabric8.kubernetes.api.builder")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChannelStatus {

  @JsonPropertyDescription("Generation of the spec the status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready and ReconciliationPaused.")
  private List<Condition> conditions;

  @JsonPropertyDescription("Usage and remaining quota.")
  private QuotaStatus quota;

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

  public QuotaStatus getQuota() {
    return quota;
  }

  public void setQuota(QuotaStatus quota) {
    this.quota = quota;
  }
}
