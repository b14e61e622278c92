package io.switchboard.operator.model;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The NATS (JetStream) and MongoDB that the operator runs when a server asks for them to be
 * managed: each a StatefulSet with a PersistentVolumeClaim per pod and a headless Service.
 */
public final class ManagedDependencies {

  static final String DATA_VOLUME = "data";

  private ManagedDependencies() {}

  // ---- NATS

  public static Service natsService(ServerModel model) {
    return headlessService(
        model,
        ServerResources.natsName(model.name()),
        ServerResources.NATS,
        List.of(
            servicePort("client", ServerModel.NATS_CLIENT_PORT),
            servicePort("cluster", ServerModel.NATS_CLUSTER_PORT),
            servicePort("monitor", ServerModel.NATS_MONITOR_PORT)));
  }

  /** NATS with JetStream on a volume; a cluster with routes between the pods when replicas > 1. */
  public static StatefulSet natsStatefulSet(ServerModel model) {
    String name = ServerResources.natsName(model.name());
    int replicas = model.natsReplicas();
    List<String> args = new ArrayList<>();
    args.add("--jetstream");
    args.add("--store_dir=/data/jetstream");
    args.add("--port=" + ServerModel.NATS_CLIENT_PORT);
    args.add("--http_port=" + ServerModel.NATS_MONITOR_PORT);
    args.add("--server_name=$(POD_NAME)");
    if (replicas > 1) {
      List<String> routes = new ArrayList<>();
      for (int i = 0; i < replicas; i++) {
        routes.add(
            "nats://"
                + name
                + "-"
                + i
                + "."
                + name
                + "."
                + model.namespace()
                + ".svc:"
                + ServerModel.NATS_CLUSTER_PORT);
      }
      args.add("--cluster_name=" + name);
      args.add("--cluster=nats://0.0.0.0:" + ServerModel.NATS_CLUSTER_PORT);
      args.add("--routes=" + String.join(",", routes));
    }
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(model.namespace())
        .withLabels(ServerResources.labels(model.name(), ServerResources.NATS))
        .withOwnerReferences(model.ownerReference())
        .endMetadata()
        .withNewSpec()
        .withServiceName(name)
        .withReplicas(replicas)
        .withPodManagementPolicy("Parallel")
        .withNewSelector()
        .withMatchLabels(ServerResources.selectorLabels(model.name(), ServerResources.NATS))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(ServerResources.labels(model.name(), ServerResources.NATS))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(ServerResources.NATS)
        .withImage(model.natsImage())
        .withArgs(args)
        .addToEnv(
            new EnvVarBuilder()
                .withName("POD_NAME")
                .withNewValueFrom()
                .withNewFieldRef("v1", "metadata.name")
                .endValueFrom()
                .build())
        .withPorts(
            containerPort("client", ServerModel.NATS_CLIENT_PORT),
            containerPort("cluster", ServerModel.NATS_CLUSTER_PORT),
            containerPort("monitor", ServerModel.NATS_MONITOR_PORT))
        .withResources(model.natsManaged().getResources())
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/healthz?js-enabled-only=true")
        .withPort(new IntOrString("monitor"))
        .endHttpGet()
        .withPeriodSeconds(10)
        .endReadinessProbe()
        .addNewVolumeMount()
        .withName(DATA_VOLUME)
        .withMountPath("/data")
        .endVolumeMount()
        .endContainer()
        .endSpec()
        .endTemplate()
        .withVolumeClaimTemplates(
            claim(model.natsStorage(), model.natsManaged().getStorageClassName()))
        .endSpec()
        .build();
  }

  // ---- MongoDB

  public static Service mongoDbService(ServerModel model) {
    return headlessService(
        model,
        ServerResources.mongoDbName(model.name()),
        ServerResources.MONGODB,
        List.of(servicePort(ServerResources.MONGODB, ServerModel.MONGODB_PORT)));
  }

  /** A single-node MongoDB on a volume: for development clusters, without replication. */
  public static StatefulSet mongoDbStatefulSet(ServerModel model) {
    String name = ServerResources.mongoDbName(model.name());
    ResourceRequirements resources = model.mongoDbManaged().getResources();
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(model.namespace())
        .withLabels(ServerResources.labels(model.name(), ServerResources.MONGODB))
        .withOwnerReferences(model.ownerReference())
        .endMetadata()
        .withNewSpec()
        .withServiceName(name)
        .withReplicas(1)
        .withNewSelector()
        .withMatchLabels(ServerResources.selectorLabels(model.name(), ServerResources.MONGODB))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(ServerResources.labels(model.name(), ServerResources.MONGODB))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(ServerResources.MONGODB)
        .withImage(model.mongoDbImage())
        .withArgs("--bind_ip_all")
        .withPorts(containerPort(ServerResources.MONGODB, ServerModel.MONGODB_PORT))
        .withResources(resources)
        .withNewReadinessProbe()
        .withNewTcpSocket()
        .withPort(new IntOrString(ServerResources.MONGODB))
        .endTcpSocket()
        .withPeriodSeconds(10)
        .endReadinessProbe()
        .addNewVolumeMount()
        .withName(DATA_VOLUME)
        .withMountPath("/data/db")
        .endVolumeMount()
        .endContainer()
        .endSpec()
        .endTemplate()
        .withVolumeClaimTemplates(
            claim(model.mongoDbStorage(), model.mongoDbManaged().getStorageClassName()))
        .endSpec()
        .build();
  }

  // ---- shared

  private static Service headlessService(
      ServerModel model, String name, String component, List<ServicePort> ports) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(model.namespace())
        .withLabels(ServerResources.labels(model.name(), component))
        .withOwnerReferences(model.ownerReference())
        .endMetadata()
        .withNewSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(ServerResources.selectorLabels(model.name(), component))
        .withPorts(ports)
        .endSpec()
        .build();
  }

  private static PersistentVolumeClaim claim(String size, String storageClassName) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(DATA_VOLUME)
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(storageClassName)
        .withNewResources()
        .addToRequests("storage", new Quantity(size))
        .endResources()
        .endSpec()
        .build();
  }

  private static ServicePort servicePort(String name, int port) {
    return new ServicePortBuilder()
        .withName(name)
        .withPort(port)
        .withTargetPort(new IntOrString(name))
        .withProtocol("TCP")
        .build();
  }

  private static ContainerPort containerPort(String name, int port) {
    return new ContainerPortBuilder()
        .withName(name)
        .withContainerPort(port)
        .withProtocol("TCP")
        .build();
  }
}
