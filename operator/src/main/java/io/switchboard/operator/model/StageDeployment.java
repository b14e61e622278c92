package io.switchboard.operator.model;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Deployment of one pipeline stage. */
public final class StageDeployment {

  public static final String CONTAINER = "switchboard";
  public static final String HEALTH_PATH = "/health";
  public static final String METRICS_PATH = "/prometheus";

  private StageDeployment() {}

  /**
   * The stage's Deployment; {@code configChecksum} is {@link ServiceConfiguration#checksum} of the
   * ConfigMap data, so that a configuration change rolls the pods.
   */
  public static Deployment deployment(ServerModel model, Stage stage, String configChecksum) {
    String server = model.name();
    Map<String, String> podLabels = ServerResources.labels(server, stage.role());
    podLabels.put(ServerResources.LABEL_STAGE, stage.role());

    Map<String, String> podAnnotations = new LinkedHashMap<>(model.podAnnotations(stage));
    podAnnotations.put(ServerResources.CONFIG_CHECKSUM_ANNOTATION, configChecksum);
    if (model.metricsEnabled()) {
      podAnnotations.put("prometheus.io/scrape", "true");
      podAnnotations.put("prometheus.io/port", String.valueOf(Listener.HTTP.containerPort()));
      podAnnotations.put("prometheus.io/path", METRICS_PATH);
    }

    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(ServerResources.deploymentName(server, stage))
        .withNamespace(model.namespace())
        .withLabels(ServerResources.labels(server, stage.role()))
        .withOwnerReferences(model.ownerReference())
        .endMetadata()
        .withNewSpec()
        .withReplicas(model.replicas(stage))
        .withNewSelector()
        .withMatchLabels(ServerResources.selectorLabels(server, stage.role()))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels)
        .withAnnotations(podAnnotations)
        .endMetadata()
        .withNewSpec()
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withTerminationGracePeriodSeconds(30L)
        .withNodeSelector(model.nodeSelector(stage))
        .withTolerations(model.tolerations(stage))
        .addNewContainer()
        .withName(CONTAINER)
        .withImage(model.image())
        .withImagePullPolicy(model.imagePullPolicy())
        .withEnv(env(model, stage))
        .withPorts(ports(model, stage))
        .withResources(model.resources(stage))
        .withStartupProbe(probe(5, 5, 36))
        .withReadinessProbe(probe(0, 10, 3))
        .withLivenessProbe(probe(0, 20, 3))
        .withVolumeMounts(mounts(model))
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .endContainer()
        .withVolumes(volumes(model))
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  static List<EnvVar> env(ServerModel model, Stage stage) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("SWITCHBOARD_ROLE", stage.role(), null));
    env.add(
        new EnvVar(
            "MICRONAUT_CONFIG_FILES",
            ServiceConfiguration.MOUNT_PATH
                + "/"
                + ServiceConfiguration.SHARED_FILE
                + ","
                + ServiceConfiguration.MOUNT_PATH
                + "/"
                + ServiceConfiguration.stageFile(stage),
            null));
    env.add(new EnvVar("SWITCHBOARD_NATS_URL", model.natsUrl(), null));
    if (model.managedMongoDb()) {
      env.add(new EnvVar("SWITCHBOARD_MONGO_URI", model.managedMongoDbUri(), null));
    } else {
      env.add(
          new EnvVarBuilder()
              .withName("SWITCHBOARD_MONGO_URI")
              .withNewValueFrom()
              .withNewSecretKeyRef()
              .withName(model.mongoDbUriSecret().getName())
              .withKey(model.mongoDbUriKey())
              .endSecretKeyRef()
              .endValueFrom()
              .build());
    }
    env.add(
        new EnvVarBuilder()
            .withName(MasterKey.ENV)
            .withNewValueFrom()
            .withNewSecretKeyRef()
            .withName(ServerResources.masterKeySecretName(model.name()))
            .withKey(MasterKey.KEY)
            .endSecretKeyRef()
            .endValueFrom()
            .build());
    if (stage == Stage.ACCESS) {
      // One token per server, so that every access replica accepts the same one.
      env.add(
          new EnvVarBuilder()
              .withName(AdminToken.ENV)
              .withNewValueFrom()
              .withNewSecretKeyRef()
              .withName(ServerResources.adminTokenSecretName(model.name()))
              .withKey(AdminToken.KEY)
              .endSecretKeyRef()
              .endValueFrom()
              .build());
    }
    env.add(
        new EnvVarBuilder()
            .withName("SWITCHBOARD_NODE_ID")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.name")
            .endFieldRef()
            .endValueFrom()
            .build());
    if (model.tls() != null) {
      env.add(
          new EnvVarBuilder()
              .withName("SWITCHBOARD_XMPP_TLS_KEYSTORE_PASSWORD")
              .withNewValueFrom()
              .withNewSecretKeyRef()
              .withName(model.tls().getSecretName())
              .withKey(model.keyStorePasswordKey())
              .endSecretKeyRef()
              .endValueFrom()
              .build());
    }
    return env;
  }

  static List<ContainerPort> ports(ServerModel model, Stage stage) {
    List<ContainerPort> ports = new ArrayList<>();
    ports.add(port(Listener.HTTP));
    if (stage == Stage.ACCESS) {
      ports.add(port(Listener.XMPP));
      if (model.listenerEnabled(Listener.DIRECT_TLS)) {
        ports.add(port(Listener.DIRECT_TLS));
      }
    }
    return ports;
  }

  private static ContainerPort port(Listener listener) {
    return new ContainerPortBuilder()
        .withName(listener.portName())
        .withContainerPort(listener.containerPort())
        .withProtocol("TCP")
        .build();
  }

  private static Probe probe(int initialDelay, int period, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(HEALTH_PATH)
        .withNewPort(Listener.HTTP.portName())
        .endHttpGet()
        .withInitialDelaySeconds(initialDelay)
        .withPeriodSeconds(period)
        .withTimeoutSeconds(3)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  private static List<VolumeMount> mounts(ServerModel model) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(mount("config", ServiceConfiguration.MOUNT_PATH, true));
    mounts.add(mount("data", ServiceConfiguration.DATA_DIR, false));
    mounts.add(mount("tmp", "/tmp", false));
    if (model.tls() != null) {
      mounts.add(mount("tls", ServiceConfiguration.TLS_PATH, true));
    }
    if (model.natsCredentials() != null) {
      mounts.add(mount("nats-credentials", ServiceConfiguration.NATS_CREDENTIALS_PATH, true));
    }
    return mounts;
  }

  private static VolumeMount mount(String name, String path, boolean readOnly) {
    return new VolumeMountBuilder()
        .withName(name)
        .withMountPath(path)
        .withReadOnly(readOnly)
        .build();
  }

  private static List<Volume> volumes(ServerModel model) {
    List<Volume> volumes = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName("config")
            .withNewConfigMap()
            .withName(ServerResources.configMapName(model.name()))
            .endConfigMap()
            .build());
    volumes.add(new VolumeBuilder().withName("data").withNewEmptyDir().endEmptyDir().build());
    volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
    if (model.tls() != null) {
      volumes.add(
          new VolumeBuilder()
              .withName("tls")
              .withNewSecret()
              .withSecretName(model.tls().getSecretName())
              .endSecret()
              .build());
    }
    if (model.natsCredentials() != null) {
      volumes.add(
          new VolumeBuilder()
              .withName("nats-credentials")
              .withNewSecret()
              .withSecretName(model.natsCredentials().getName())
              .endSecret()
              .build());
    }
    return volumes;
  }
}
