package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Markup of a template body. */
public enum TemplateFormat {
  @JsonProperty("text")
  TEXT("text"),
  @JsonProperty("markdown")
  MARKDOWN("markdown"),
  @JsonProperty("html")
  HTML("html");

  private final String value;

  TemplateFormat(String value) {
    this.value = value;
  }

  /** The value as written in YAML. */
  public String value() {
    return value;
  }
}
