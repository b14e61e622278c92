package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.sundr.builder.annotations.Buildable;

/** A client listener of the access stage and the Service that exposes it. */
@Buildable(editableEnabled = false, builderPackage = "io.fabric8.kubernetes.api.builder")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ListenerSpec {

  @JsonPropertyDescription("Whether the listener is exposed.")
  private Boolean enabled;

  @JsonPropertyDescription("Port of the Service.")
  @Min(1)
  @Max(65535)
  private Integer port;

  @JsonPropertyDescription("Type of the Service; defaults to ClusterIP.")
  private ServiceType serviceType;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public ServiceType getServiceType() {
    return serviceType;
  }

  public void setServiceType(ServiceType serviceType) {
    this.serviceType = serviceType;
  }
}
