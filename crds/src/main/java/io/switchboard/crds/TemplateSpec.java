package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.sundr.builder.annotations.Buildable;
import java.util.List;

/** A message template with per-channel and per-locale variants. */
@Buildable(editableEnabled = false, builderPackage = "io.fabric8.kubernetes.api.builder")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TemplateSpec {

  @JsonPropertyDescription("Name of the MessagingServer in the same namespace.")
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  private String serverRef;

  @JsonPropertyDescription("Default subject or title.")
  private String subject;

  @JsonPropertyDescription("Locale of variants without one; defaults to en.")
  @Pattern("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
  private String defaultLocale;

  @JsonPropertyDescription("Variables the template needs.")
  private List<TemplateVariable> variables;

  @JsonPropertyDescription("The renderings.")
  @Required
  @Size(min = 1)
  private List<TemplateVariant> variants;

  public String getServerRef() {
    return serverRef;
  }

  public void setServerRef(String serverRef) {
    this.serverRef = serverRef;
  }

  public String getSubject() {
    return subject;
  }

  public void setSubject(String subject) {
    this.subject = subject;
  }

  public String getDefaultLocale() {
    return defaultLocale;
  }

  public void setDefaultLocale(String defaultLocale) {
    this.defaultLocale = defaultLocale;
  }

  public List<TemplateVariable> getVariables() {
    return variables;
  }

  public void setVariables(List<TemplateVariable> variables) {
    this.variables = variables;
  }

  public List<TemplateVariant> getVariants() {
    return variants;
  }

  public void setVariants(List<TemplateVariant> variants) {
    this.variants = variants;
  }
}
