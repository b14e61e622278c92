package io.switchboard.operator.model;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ConfigMap with the service configuration every stage reads (docs/architecture.md): {@code
 * application.properties} shared by all stages, and {@code <role>.properties} that switches on the
 * stage a pod runs. Pods load both through {@code MICRONAUT_CONFIG_FILES}. The MongoDB connection
 * string is not here: it comes from a Secret through the {@code SWITCHBOARD_MONGO_URI} variable.
 */
public final class ServiceConfiguration {

  /** Where the ConfigMap is mounted in the stage containers. */
  public static final String MOUNT_PATH = "/etc/switchboard/config";

  /** Where the stages keep local state (an emptyDir). */
  public static final String DATA_DIR = "/var/lib/switchboard";

  /** Where the TLS key store Secret is mounted. */
  public static final String TLS_PATH = "/etc/switchboard/tls";

  /** Where the NATS credentials Secret is mounted. */
  public static final String NATS_CREDENTIALS_PATH = "/etc/switchboard/nats";

  public static final String SHARED_FILE = "application.properties";

  private ServiceConfiguration() {}

  /** The ConfigMap's data: file name to content, in a stable order. */
  public static Map<String, String> data(ServerModel model) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("deployment.type", "distributed");
    props.put("switchboard.domain", model.primaryDomain());
    props.put("switchboard.domains", String.join(",", model.domains()));
    props.put("switchboard.data-dir", DATA_DIR);
    props.put("switchboard.nats.url", model.natsUrl());
    if (model.natsCredentials() != null) {
      props.put(
          "switchboard.nats.credentials-file",
          NATS_CREDENTIALS_PATH + "/" + model.natsCredentialsKey());
    }
    props.put("switchboard.mongo.database", model.mongoDbDatabase());
    props.put("switchboard.xmpp.host", "0.0.0.0");
    props.put("switchboard.xmpp.port", String.valueOf(Listener.XMPP.containerPort()));
    if (model.listenerEnabled(Listener.DIRECT_TLS)) {
      props.put(
          "switchboard.xmpp.direct-tls-port", String.valueOf(Listener.DIRECT_TLS.containerPort()));
    }
    if (model.tls() != null) {
      props.put("switchboard.xmpp.tls-keystore", TLS_PATH + "/" + model.keyStoreKey());
    }
    props.put("micronaut.server.host", "0.0.0.0");
    props.put("micronaut.server.port", String.valueOf(Listener.HTTP.containerPort()));
    props.putAll(model.config());

    Map<String, String> data = new TreeMap<>();
    data.put(SHARED_FILE, render(props));
    for (Stage stage : Stage.values()) {
      Map<String, String> stageProps = new LinkedHashMap<>();
      for (Stage other : Stage.values()) {
        stageProps.put(
            "switchboard.stages." + other.role() + ".enabled", String.valueOf(other == stage));
      }
      data.put(stageFile(stage), render(stageProps));
    }
    return data;
  }

  /** The file that switches on one stage. */
  public static String stageFile(Stage stage) {
    return stage.role() + ".properties";
  }

  public static ConfigMap configMap(ServerModel model) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(ServerResources.configMapName(model.name()))
        .withNamespace(model.namespace())
        .withLabels(ServerResources.labels(model.name(), "config"))
        .withOwnerReferences(model.ownerReference())
        .endMetadata()
        .withData(data(model))
        .build();
  }

  /**
   * SHA-256 over the ConfigMap's data, in key order: the pod-template annotation that rolls the
   * pods when the configuration changes.
   */
  public static String checksum(Map<String, String> data) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, String> e : new TreeMap<>(data).entrySet()) {
        digest.update(e.getKey().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(e.getValue().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  /** Java properties text, one {@code key=value} a line, escaped as {@code Properties} reads. */
  static String render(Map<String, String> props) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> e : props.entrySet()) {
      out.append(escape(e.getKey(), true)).append('=').append(escape(e.getValue(), false));
      out.append('\n');
    }
    return out.toString();
  }

  private static String escape(String text, boolean key) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '=', ':', '#', '!' -> {
          if (key || i == 0) {
            out.append('\\');
          }
          out.append(c);
        }
        case ' ' -> out.append(key || i == 0 ? "\\ " : " ");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
