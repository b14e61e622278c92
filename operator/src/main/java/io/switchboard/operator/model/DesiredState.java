package io.switchboard.operator.model;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Every object a MessagingServer should own, in the order they are applied: configuration and
 * dependencies before the stages that use them, the ways in last.
 */
public final class DesiredState {

  private DesiredState() {}

  public static List<HasMetadata> of(ServerModel model) {
    List<HasMetadata> desired = new ArrayList<>();
    ConfigMap config = ServiceConfiguration.configMap(model);
    String checksum = ServiceConfiguration.checksum(config.getData());
    desired.add(config);
    desired.addAll(ServerNetworkPolicies.policies(model));
    if (model.managedNats()) {
      desired.add(ManagedDependencies.natsService(model));
      desired.add(ManagedDependencies.natsStatefulSet(model));
    }
    if (model.managedMongoDb()) {
      desired.add(ManagedDependencies.mongoDbService(model));
      desired.add(ManagedDependencies.mongoDbStatefulSet(model));
    }
    for (Stage stage : Stage.values()) {
      desired.add(ServerServices.stageService(model, stage));
      desired.add(StageDeployment.deployment(model, stage, checksum));
      desired.add(StageScaling.disruptionBudget(model, stage));
      HasMetadata hpa = StageScaling.autoscaler(model, stage);
      if (hpa != null) {
        desired.add(hpa);
      }
    }
    for (Listener listener : Listener.values()) {
      if (model.listenerEnabled(listener)) {
        desired.add(ServerServices.listenerService(model, listener));
      }
    }
    HasMetadata ingress = ServerIngress.ingress(model);
    if (ingress != null) {
      desired.add(ingress);
    }
    return desired;
  }
}
