package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.sundr.builder.annotations.Buildable;
import java.util.Map;

/** An Ingress for the HTTP API and /xmpp-websocket. */
@Buildable(editableEnabled = false, builderPackage = "io.fabric8.kubernetes.api.builder")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IngressSpec {

  @JsonPropertyDescription("IngressClass to use; the cluster default when absent.")
  private String className;

  @JsonPropertyDescription("Host name clients use.")
  @Required
  @Pattern("^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  private String host;

  @JsonPropertyDescription("Secret of type kubernetes.io/tls for the host; plain HTTP when absent.")
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  private String tlsSecretName;

  @JsonPropertyDescription("Annotations of the Ingress (for the ingress controller).")
  private Map<String, String> annotations;

  public String getClassName() {
    return className;
  }

  public void setClassName(String className) {
    this.className = className;
  }

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public String getTlsSecretName() {
    return tlsSecretName;
  }

  public void setTlsSecretName(String tlsSecretName) {
    this.tlsSecretName = tlsSecretName;
  }

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }
}
