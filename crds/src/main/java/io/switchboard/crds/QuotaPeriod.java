package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Period over which a quota counts. */
public enum QuotaPeriod {
  @JsonProperty("hour")
  HOUR("hour"),
  @JsonProperty("day")
  DAY("day"),
  @JsonProperty("month")
  MONTH("month");

  private final String value;

  QuotaPeriod(String value) {
    this.value = value;
  }

  /** The value as written in YAML. */
  public String value() {
    return value;
  }
}
