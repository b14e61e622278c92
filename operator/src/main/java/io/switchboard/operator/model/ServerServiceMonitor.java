package io.switchboard.operator.model;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Prometheus operator's ServiceMonitor that scrapes every stage's {@code /prometheus}. */
public final class ServerServiceMonitor {

  public static final String API_VERSION = "monitoring.coreos.com/v1";
  public static final String KIND = "ServiceMonitor";
  public static final String CRD_NAME = "servicemonitors.monitoring.coreos.com";

  private ServerServiceMonitor() {}

  /** The ServiceMonitor, or null when metrics are off. */
  public static GenericKubernetesResource serviceMonitor(ServerModel model) {
    if (!model.metricsEnabled()) {
      return null;
    }
    Map<String, String> labels = ServerResources.labels(model.name(), "metrics");
    labels.putAll(model.serviceMonitorLabels());
    Map<String, Object> selector = new LinkedHashMap<>();
    selector.put("matchLabels", ServerResources.instanceLabels(model.name()));
    selector.put(
        "matchExpressions",
        List.of(
            Map.of(
                "key",
                ServerResources.LABEL_COMPONENT,
                "operator",
                "In",
                "values",
                List.of("access", "parser", "processor", "router"))));
    Map<String, Object> endpoint = new LinkedHashMap<>();
    endpoint.put("port", Listener.HTTP.portName());
    endpoint.put("path", StageDeployment.METRICS_PATH);
    endpoint.put("interval", "30s");
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("selector", selector);
    spec.put("endpoints", List.of(endpoint));
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(API_VERSION)
        .withKind(KIND)
        .withNewMetadata()
        .withName(ServerResources.serviceMonitorName(model.name()))
        .withNamespace(model.namespace())
        .withLabels(labels)
        .withOwnerReferences(model.ownerReference())
        .endMetadata()
        .addToAdditionalProperties("spec", spec)
        .build();
  }
}
