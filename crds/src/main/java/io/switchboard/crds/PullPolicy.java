package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Image pull policy. */
public enum PullPolicy {
  @JsonProperty("Always")
  ALWAYS("Always"),
  @JsonProperty("IfNotPresent")
  IF_NOT_PRESENT("IfNotPresent"),
  @JsonProperty("Never")
  NEVER("Never");

  private final String value;

  PullPolicy(String value) {
    this.value = value;
  }

  /** The value as written in YAML. */
  public String value() {
    return value;
  }
}
