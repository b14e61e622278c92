package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.sundr.builder.annotations.Buildable;

/** Where clients connect. */
@Buildable(editableEnabled = false, builderPackage = "io.fabric8.kubernetes.api.builder")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EndpointsStatus {

  @JsonPropertyDescription("host:port of XMPP over TCP.")
  private String xmpp;

  @JsonPropertyDescription("host:port of XMPP over direct TLS.")
  private String directTls;

  @JsonPropertyDescription("URL of the HTTP API.")
  private String http;

  @JsonPropertyDescription("URL of XMPP over WebSocket.")
  private String websocket;

  public String getXmpp() {
    return xmpp;
  }

  public void setXmpp(String xmpp) {
    this.xmpp = xmpp;
  }

  public String getDirectTls() {
    return directTls;
  }

  public void setDirectTls(String directTls) {
    this.directTls = directTls;
  }

  public String getHttp() {
    return http;
  }

  public void setHttp(String http) {
    this.http = http;
  }

  public String getWebsocket() {
    return websocket;
  }

  public void setWebsocket(String websocket) {
    this.websocket = websocket;
  }
}
