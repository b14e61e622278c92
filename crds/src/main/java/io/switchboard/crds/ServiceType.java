package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Type of a Kubernetes Service. */
public enum ServiceType {
  @JsonProperty("ClusterIP")
  CLUSTER_IP("ClusterIP"),
  @JsonProperty("NodePort")
  NODE_PORT("NodePort"),
  @JsonProperty("LoadBalancer")
  LOAD_BALANCER("LoadBalancer");

  private final String value;

  ServiceType(String value) {
    this.value = value;
  }

  /** The value as written in YAML. */
  public String value() {
    return value;
  }
}
