package io.switchboard.operator.model;

import io.switchboard.crds.ListenerSpec;
import io.switchboard.crds.ListenersSpec;

/** The client listeners of the access stage; each gets its own Service. */
public enum Listener {
  XMPP("xmpp", 5222, true),
  DIRECT_TLS("xmpps", 5223, false),
  HTTP("http", 8080, true);

  private final String portName;
  private final int containerPort;
  private final boolean enabledByDefault;

  Listener(String portName, int containerPort, boolean enabledByDefault) {
    this.portName = portName;
    this.containerPort = containerPort;
    this.enabledByDefault = enabledByDefault;
  }

  /** Name of the container and Service port. */
  public String portName() {
    return portName;
  }

  /** Port the access container listens on; also the default Service port. */
  public int containerPort() {
    return containerPort;
  }

  boolean enabledByDefault() {
    return enabledByDefault;
  }

  /** This listener's part of the spec, or null when the spec leaves it out. */
  public ListenerSpec of(ListenersSpec listeners) {
    if (listeners == null) {
      return null;
    }
    return switch (this) {
      case XMPP -> listeners.getXmpp();
      case DIRECT_TLS -> listeners.getDirectTls();
      case HTTP -> listeners.getHttp();
    };
  }
}
