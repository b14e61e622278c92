package io.switchboard.operator.model;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import io.switchboard.crds.IngressSpec;
import java.util.List;
import java.util.TreeMap;

/**
 * The Ingress for the HTTP API ({@code /api}) and XMPP over WebSocket ({@code /xmpp-websocket}).
 */
public final class ServerIngress {

  public static final String API_PATH = "/api";
  public static final String WEBSOCKET_PATH = "/xmpp-websocket";

  private ServerIngress() {}

  /** The Ingress, or null when the spec has none. */
  public static Ingress ingress(ServerModel model) {
    IngressSpec spec = model.ingress();
    if (spec == null) {
      return null;
    }
    List<IngressTLS> tls =
        spec.getTlsSecretName() == null
            ? null
            : List.of(
                new IngressTLSBuilder()
                    .withHosts(spec.getHost())
                    .withSecretName(spec.getTlsSecretName())
                    .build());
    return new IngressBuilder()
        .withNewMetadata()
        .withName(ServerResources.ingressName(model.name()))
        .withNamespace(model.namespace())
        .withLabels(ServerResources.labels(model.name(), Stage.ACCESS.role()))
        .withAnnotations(
            spec.getAnnotations() == null ? null : new TreeMap<>(spec.getAnnotations()))
        .withOwnerReferences(model.ownerReference())
        .endMetadata()
        .withNewSpec()
        .withIngressClassName(spec.getClassName())
        .withTls(tls)
        .addNewRule()
        .withHost(spec.getHost())
        .withNewHttp()
        .withPaths(path(model, API_PATH), path(model, WEBSOCKET_PATH))
        .endHttp()
        .endRule()
        .endSpec()
        .build();
  }

  private static HTTPIngressPath path(ServerModel model, String path) {
    return new HTTPIngressPathBuilder()
        .withPath(path)
        .withPathType("Prefix")
        .withNewBackend()
        .withNewService()
        .withName(ServerResources.listenerServiceName(model.name(), Listener.HTTP))
        .withNewPort()
        .withName(Listener.HTTP.portName())
        .endPort()
        .endService()
        .endBackend()
        .build();
  }
}
