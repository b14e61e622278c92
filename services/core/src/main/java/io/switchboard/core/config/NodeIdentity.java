package io.switchboard.core.config;

import io.switchboard.core.pipeline.Destination;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/** This process's node id: configured, or the host name plus a random suffix. */
@Singleton
public final class NodeIdentity {

  private final String id;

  public NodeIdentity(SwitchboardConfig config) {
    String configured = config.nodeId();
    if (configured != null && !configured.isBlank()) {
      if (!Destination.isValidNodeId(configured)) {
        throw new IllegalArgumentException(
            "switchboard.node-id must be 1-64 of [A-Za-z0-9_-]: " + configured);
      }
      this.id = configured;
    } else {
      byte[] suffix = new byte[3];
      new SecureRandom().nextBytes(suffix);
      String host = hostName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
      if (host.length() > 40) {
        host = host.substring(0, 40);
      }
      this.id = host + "-" + HexFormat.of().formatHex(suffix);
    }
  }

  public String id() {
    return id;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "node";
    }
  }
}
