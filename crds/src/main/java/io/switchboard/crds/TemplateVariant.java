package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.sundr.builder.annotations.Buildable;

/** One rendering of a template, for a channel type and a locale. */
@Buildable(editableEnabled = false, builderPackage = "io.fabric8.kubernetes.api.builder")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TemplateVariant {

  @JsonPropertyDescription("Channel type this variant is for; all types when absent.")
  private ChannelType channel;

  @JsonPropertyDescription(
      "Locale (BCP 47) of the variant; the template's defaultLocale when absent.")
  @Pattern("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
  private String locale;

  @JsonPropertyDescription("Markup of the body.")
  @Required
  private TemplateFormat format;

  @JsonPropertyDescription("Subject (e-mail) or title (bots); the template's subject when absent.")
  private String subject;

  @JsonPropertyDescription("The body, in the template language (Pebble, Jinja-like).")
  @Required
  private String body;

  public ChannelType getChannel() {
    return channel;
  }

  public void setChannel(ChannelType channel) {
    this.channel = channel;
  }

  public String getLocale() {
    return locale;
  }

  public void setLocale(String locale) {
    this.locale = locale;
  }

  public TemplateFormat getFormat() {
    return format;
  }

  public void setFormat(TemplateFormat format) {
    this.format = format;
  }

  public String getSubject() {
    return subject;
  }

  public void setSubject(String subject) {
    this.subject = subject;
  }

  public String getBody() {
    return body;
  }

  public void setBody(String body) {
    this.body = body;
  }
}
