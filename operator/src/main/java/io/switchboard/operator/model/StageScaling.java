package io.switchboard.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

/** The PodDisruptionBudget and the optional HorizontalPodAutoscaler of a stage. */
public final class StageScaling {

  private StageScaling() {}

  /** At most one pod of the stage down at a time through voluntary disruptions. */
  public static PodDisruptionBudget disruptionBudget(ServerModel model, Stage stage) {
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
        .withName(ServerResources.disruptionBudgetName(model.name(), stage))
        .withNamespace(model.namespace())
        .withLabels(ServerResources.labels(model.name(), stage.role()))
        .withOwnerReferences(model.ownerReference())
        .endMetadata()
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(ServerResources.selectorLabels(model.name(), stage.role()))
        .endSelector()
        .endSpec()
        .build();
  }

  /** The stage's HPA on CPU, or null when the stage has no autoscaling. */
  public static HorizontalPodAutoscaler autoscaler(ServerModel model, Stage stage) {
    if (model.autoscaling(stage) == null) {
      return null;
    }
    return new HorizontalPodAutoscalerBuilder()
        .withNewMetadata()
        .withName(ServerResources.autoscalerName(model.name(), stage))
        .withNamespace(model.namespace())
        .withLabels(ServerResources.labels(model.name(), stage.role()))
        .withOwnerReferences(model.ownerReference())
        .endMetadata()
        .withNewSpec()
        .withNewScaleTargetRef()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName(ServerResources.deploymentName(model.name(), stage))
        .endScaleTargetRef()
        .withMinReplicas(model.minReplicas(stage))
        .withMaxReplicas(model.autoscaling(stage).getMaxReplicas())
        .addNewMetric()
        .withType("Resource")
        .withNewResource()
        .withName("cpu")
        .withNewTarget()
        .withType("Utilization")
        .withAverageUtilization(model.cpuTarget(stage))
        .endTarget()
        .endResource()
        .endMetric()
        .endSpec()
        .build();
  }
}
