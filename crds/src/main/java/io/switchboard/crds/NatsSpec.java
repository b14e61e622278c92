package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.sundr.builder.annotations.Buildable;

/** The NATS server the stages talk over: an external url, or managed. */
@Buildable(editableEnabled = false, builderPackage = "io.fabric8.kubernetes.api.builder")
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.url) != has(self.managed)",
    message = "set exactly one of url and managed")
public class NatsSpec {

  @JsonPropertyDescription("URL of an external NATS server with JetStream.")
  @Pattern("^(nats|tls)://.+$")
  private String url;

  @JsonPropertyDescription(
      "Credentials file (.creds) for the external server; key defaults to nats.creds.")
  private SecretKeyRef credentialsSecretRef;

  @JsonPropertyDescription("Let the operator run NATS.")
  private ManagedNatsSpec managed;

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public SecretKeyRef getCredentialsSecretRef() {
    return credentialsSecretRef;
  }

  public void setCredentialsSecretRef(SecretKeyRef credentialsSecretRef) {
    this.credentialsSecretRef = credentialsSecretRef;
  }

  public ManagedNatsSpec getManaged() {
    return managed;
  }

  public void setManaged(ManagedNatsSpec managed) {
    this.managed = managed;
  }
}
