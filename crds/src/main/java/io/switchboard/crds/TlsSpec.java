package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.sundr.builder.annotations.Buildable;

/** The server certificate of the XMPP listeners, from a Secret holding a PKCS#12 key store. */
@Buildable(editableEnabled = false, builderPackage = "io.fabric8.kubernetes.api.builder")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TlsSpec {

  @JsonPropertyDescription("Secret with the key store and its password.")
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  private String secretName;

  @JsonPropertyDescription("Key of the PKCS#12 key store in the Secret; defaults to keystore.p12.")
  private String keyStoreKey;

  @JsonPropertyDescription("Key of the key store password in the Secret; defaults to password.")
  private String passwordKey;

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public String getKeyStoreKey() {
    return keyStoreKey;
  }

  public void setKeyStoreKey(String keyStoreKey) {
    this.keyStoreKey = keyStoreKey;
  }

  public String getPasswordKey() {
    return passwordKey;
  }

  public void setPasswordKey(String passwordKey) {
    this.passwordKey = passwordKey;
  }
}
