package io.switchboard.operator.model;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names and labels of everything the operator creates for a MessagingServer, derived in this one
 * place (as Strimzi's {@code KafkaResources}).
 */
public final class ServerResources {

  /** Field manager and {@code app.kubernetes.io/managed-by} value of the operator. */
  public static final String MANAGER = "switchboard-operator";

  public static final String LABEL_NAME = "app.kubernetes.io/name";
  public static final String LABEL_INSTANCE = "app.kubernetes.io/instance";
  public static final String LABEL_COMPONENT = "app.kubernetes.io/component";
  public static final String LABEL_PART_OF = "app.kubernetes.io/part-of";
  public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";

  /** Label on every pod of the pipeline stages (not on NATS or MongoDB). */
  public static final String LABEL_STAGE = "switchboard.io/stage";

  /** Pod-template annotation whose change rolls the pods when the configuration changes. */
  public static final String CONFIG_CHECKSUM_ANNOTATION = "switchboard.io/config-checksum";

  /** Longest MessagingServer name, so that every derived name stays a valid object name. */
  public static final int MAX_NAME_LENGTH = 40;

  /**
   * The kinds of object the operator owns for a server: watched, and deleted when no longer wanted.
   * (The ServiceMonitor, a kind of the Prometheus operator, is handled apart.)
   */
  public static final List<Class<? extends HasMetadata>> OWNED_KINDS =
      List.of(
          ConfigMap.class,
          Service.class,
          Deployment.class,
          StatefulSet.class,
          PodDisruptionBudget.class,
          HorizontalPodAutoscaler.class,
          NetworkPolicy.class,
          Ingress.class);

  static final String APP = "switchboard";
  static final String NATS = "nats";
  static final String MONGODB = "mongodb";

  private ServerResources() {}

  public static String configMapName(String server) {
    return server + "-config";
  }

  public static String deploymentName(String server, Stage stage) {
    return server + "-" + stage.role();
  }

  public static String stageServiceName(String server, Stage stage) {
    return server + "-" + stage.role();
  }

  public static String disruptionBudgetName(String server, Stage stage) {
    return server + "-" + stage.role();
  }

  public static String autoscalerName(String server, Stage stage) {
    return server + "-" + stage.role();
  }

  /** The Service of a client listener: {@code <server>-xmpp}, {@code -xmpps}, {@code -http}. */
  public static String listenerServiceName(String server, Listener listener) {
    return server + "-" + listener.portName();
  }

  public static String ingressName(String server) {
    return server;
  }

  public static String natsName(String server) {
    return server + "-" + NATS;
  }

  public static String mongoDbName(String server) {
    return server + "-" + MONGODB;
  }

  /** The Secret with the key that encrypts applications' secret keys in the store. */
  public static String masterKeySecretName(String server) {
    return server + "-api-master-key";
  }

  /** The Secret with the bearer token of the admin HTTP API, shared by every access pod. */
  public static String adminTokenSecretName(String server) {
    return server + "-admin-token";
  }

  public static String serviceMonitorName(String server) {
    return server;
  }

  /** NetworkPolicy names: {@code <server>-stages}, {@code -access}, {@code -nats}, ... */
  public static String networkPolicyName(String server, String part) {
    return server + "-" + part;
  }

  /** Labels that select the pods of one component (a stage role, nats or mongodb). */
  public static Map<String, String> selectorLabels(String server, String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LABEL_NAME, APP);
    labels.put(LABEL_INSTANCE, server);
    labels.put(LABEL_COMPONENT, component);
    return labels;
  }

  /** Labels of every object of one component. */
  public static Map<String, String> labels(String server, String component) {
    Map<String, String> labels = selectorLabels(server, component);
    labels.put(LABEL_PART_OF, APP);
    labels.put(LABEL_MANAGED_BY, MANAGER);
    return labels;
  }

  /** Labels that select every pod that belongs to the server. */
  public static Map<String, String> instanceLabels(String server) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LABEL_NAME, APP);
    labels.put(LABEL_INSTANCE, server);
    return labels;
  }

  /** The label selector (as a string) of everything the operator owns for a server. */
  public static String ownedSelector(String server) {
    return LABEL_INSTANCE + "=" + server + "," + LABEL_MANAGED_BY + "=" + MANAGER;
  }

  /** A controller owner reference to the custom resource. */
  public static OwnerReference ownerReference(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}
