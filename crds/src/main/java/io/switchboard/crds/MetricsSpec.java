package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.sundr.builder.annotations.Buildable;
import java.util.Map;

/** Prometheus metrics of the stages. */
@Buildable(editableEnabled = false, builderPackage = "io.fabric8.kubernetes.api.builder")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetricsSpec {

  @JsonPropertyDescription(
      "Whether the stages are scraped (annotations, ServiceMonitor); defaults to true.")
  private Boolean enabled;

  @JsonPropertyDescription("Labels of the ServiceMonitor, to match the Prometheus selector.")
  private Map<String, String> serviceMonitorLabels;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Map<String, String> getServiceMonitorLabels() {
    return serviceMonitorLabels;
  }

  public void setServiceMonitorLabels(Map<String, String> serviceMonitorLabels) {
    this.serviceMonitorLabels = serviceMonitorLabels;
  }
}
