package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.sundr.builder.annotations.Buildable;

/** A variable a template needs. */
@Buildable(editableEnabled = false, builderPackage = "io.fabric8.kubernetes.api.builder")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TemplateVariable {

  @JsonPropertyDescription("Name used in the template body.")
  @Required
  @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
  private String name;

  @JsonPropertyDescription("Whether a request must supply it; defaults to true.")
  private Boolean required;

  @JsonPropertyDescription("What the variable holds.")
  private String description;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Boolean getRequired() {
    return required;
  }

  public void setRequired(Boolean required) {
    this.required = required;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }
}
