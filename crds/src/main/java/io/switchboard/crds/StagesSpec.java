package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.sundr.builder.annotations.Buildable;

/** The four pipeline stages. A stage left out runs with one replica and no limits. */
@Buildable(editableEnabled = false, builderPackage = "io.fabric8.kubernetes.api.builder")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StagesSpec {

  @JsonPropertyDescription("Connections: XMPP, WebSocket, the HTTP API.")
  private StageSpec access;

  @JsonPropertyDescription("Validation of stanzas and API payloads.")
  private StageSpec parser;

  @JsonPropertyDescription("Business logic and storage.")
  private StageSpec processor;

  @JsonPropertyDescription("Routing to sessions, the offline store and channels.")
  private StageSpec router;

  public StageSpec getAccess() {
    return access;
  }

  public void setAccess(StageSpec access) {
    this.access = access;
  }

  public StageSpec getParser() {
    return parser;
  }

  public void setParser(StageSpec parser) {
    this.parser = parser;
  }

  public StageSpec getProcessor() {
    return processor;
  }

  public void setProcessor(StageSpec processor) {
    this.processor = processor;
  }

  public StageSpec getRouter() {
    return router;
  }

  public void setRouter(StageSpec router) {
    this.router = router;
  }
}
