package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.sundr.builder.annotations.Buildable;

/** Client listeners of the access stage. */
@Buildable(editableEnabled = false, builderPackage = "io.fabric8.kubernetes.api.builder")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ListenersSpec {

  @JsonPropertyDescription("XMPP over TCP with STARTTLS (default port 5222, enabled by default).")
  private ListenerSpec xmpp;

  @JsonPropertyDescription(
      "XMPP over direct TLS (default port 5223, disabled by default; needs tls).")
  private ListenerSpec directTls;

  @JsonPropertyDescription(
      "HTTP: the notification API and XMPP over WebSocket at /xmpp-websocket (default port 8080, enabled by default).")
  private ListenerSpec http;

  public ListenerSpec getXmpp() {
    return xmpp;
  }

  public void setXmpp(ListenerSpec xmpp) {
    this.xmpp = xmpp;
  }

  public ListenerSpec getDirectTls() {
    return directTls;
  }

  public void setDirectTls(ListenerSpec directTls) {
    this.directTls = directTls;
  }

  public ListenerSpec getHttp() {
    return http;
  }

  public void setHttp(ListenerSpec http) {
    this.http = http;
  }
}
