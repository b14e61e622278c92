package io.switchboard.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/** The Services of a server: one per stage (HTTP: health, metrics) and one per listener. */
public final class ServerServices {

  private ServerServices() {}

  /** The ClusterIP Service of a stage's HTTP port, for metrics and in-cluster calls. */
  public static Service stageService(ServerModel model, Stage stage) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(ServerResources.stageServiceName(model.name(), stage))
        .withNamespace(model.namespace())
        .withLabels(ServerResources.labels(model.name(), stage.role()))
        .withOwnerReferences(model.ownerReference())
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(ServerResources.selectorLabels(model.name(), stage.role()))
        .addNewPort()
        .withName(Listener.HTTP.portName())
        .withPort(Listener.HTTP.containerPort())
        .withTargetPort(new IntOrString(Listener.HTTP.portName()))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  /** The Service through which clients reach one listener of the access stage. */
  public static Service listenerService(ServerModel model, Listener listener) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(ServerResources.listenerServiceName(model.name(), listener))
        .withNamespace(model.namespace())
        .withLabels(ServerResources.labels(model.name(), Stage.ACCESS.role()))
        .withOwnerReferences(model.ownerReference())
        .endMetadata()
        .withNewSpec()
        .withType(model.serviceType(listener))
        .withSelector(ServerResources.selectorLabels(model.name(), Stage.ACCESS.role()))
        .addNewPort()
        .withName(listener.portName())
        .withPort(model.servicePort(listener))
        .withTargetPort(new IntOrString(listener.portName()))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }
}
