package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.sundr.builder.annotations.Buildable;

/** The MongoDB holding the platform's data: an external one by URI, or managed. */
@Buildable(editableEnabled = false, builderPackage = "io.fabric8.kubernetes.api.builder")
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.uriSecretRef) != has(self.managed)",
    message = "set exactly one of uriSecretRef and managed")
public class MongoDbSpec {

  @JsonPropertyDescription("Secret key holding the connection string; key defaults to uri.")
  private SecretKeyRef uriSecretRef;

  @JsonPropertyDescription("Database name; defaults to switchboard.")
  @Pattern("^[A-Za-z0-9_-]{1,63}$")
  private String database;

  @JsonPropertyDescription("Let the operator run a single-node MongoDB.")
  private ManagedMongoDbSpec managed;

  public SecretKeyRef getUriSecretRef() {
    return uriSecretRef;
  }

  public void setUriSecretRef(SecretKeyRef uriSecretRef) {
    this.uriSecretRef = uriSecretRef;
  }

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

  public ManagedMongoDbSpec getManaged() {
    return managed;
  }

  public void setManaged(ManagedMongoDbSpec managed) {
    this.managed = managed;
  }
}
