package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.sundr.builder.annotations.Buildable;

/** Why a template does not compile. */
@Buildable(editableEnabled = false, builderPackage = "io.fabric8.kubernetes.api.builder")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TemplateError {

  @JsonPropertyDescription("The compiler's message.")
  private String message;

  @JsonPropertyDescription("Index of the variant in spec.variants.")
  private Integer variant;

  @JsonPropertyDescription("Line of the error in the variant's body.")
  private Integer line;

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public Integer getVariant() {
    return variant;
  }

  public void setVariant(Integer variant) {
    this.variant = variant;
  }

  public Integer getLine() {
    return line;
  }

  public void setLine(Integer line) {
    this.line = line;
  }
}
