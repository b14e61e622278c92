package io.switchboard.operator.model;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.switchboard.crds.AutoscalingSpec;
import io.switchboard.crds.IngressSpec;
import io.switchboard.crds.ListenerSpec;
import io.switchboard.crds.ManagedMongoDbSpec;
import io.switchboard.crds.ManagedNatsSpec;
import io.switchboard.crds.MessagingServer;
import io.switchboard.crds.MessagingServerSpec;
import io.switchboard.crds.PullPolicy;
import io.switchboard.crds.SecretKeyRef;
import io.switchboard.crds.ServiceType;
import io.switchboard.crds.StageSpec;
import io.switchboard.crds.TlsSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A MessagingServer with every default resolved: what the model classes build from. Built by {@link
 * #from}, which assumes a spec that {@link SpecValidation} accepted.
 */
public final class ServerModel {

  public static final int DEFAULT_REPLICAS = 1;
  public static final int DEFAULT_MIN_REPLICAS = 1;
  public static final int DEFAULT_CPU_TARGET = 75;
  public static final String DEFAULT_NATS_IMAGE = "nats:2.10-alpine";
  public static final String DEFAULT_MONGODB_IMAGE = "mongo:7.0";
  public static final String DEFAULT_STORAGE = "1Gi";
  public static final String DEFAULT_DATABASE = "switchboard";
  public static final String DEFAULT_MONGODB_URI_KEY = "uri";
  public static final String DEFAULT_NATS_CREDENTIALS_KEY = "nats.creds";
  public static final String DEFAULT_KEYSTORE_KEY = "keystore.p12";
  public static final String DEFAULT_KEYSTORE_PASSWORD_KEY = "password";
  public static final int NATS_CLIENT_PORT = 4222;
  public static final int NATS_CLUSTER_PORT = 6222;
  public static final int NATS_MONITOR_PORT = 8222;
  public static final int MONGODB_PORT = 27017;

  private final MessagingServer server;
  private final MessagingServerSpec spec;
  private final String defaultImage;

  private ServerModel(MessagingServer server, String defaultImage) {
    this.server = server;
    this.spec = server.getSpec();
    this.defaultImage = defaultImage;
  }

  /** The model of a server whose spec passed {@link SpecValidation}. */
  public static ServerModel from(MessagingServer server, String defaultImage) {
    Objects.requireNonNull(server.getSpec(), "spec");
    return new ServerModel(server, defaultImage);
  }

  public MessagingServer resource() {
    return server;
  }

  public String name() {
    return server.getMetadata().getName();
  }

  public String namespace() {
    return server.getMetadata().getNamespace();
  }

  public OwnerReference ownerReference() {
    return ServerResources.ownerReference(server);
  }

  public String image() {
    return spec.getImage() != null ? spec.getImage() : defaultImage;
  }

  public String imagePullPolicy() {
    return spec.getImagePullPolicy() != null
        ? spec.getImagePullPolicy().value()
        : PullPolicy.IF_NOT_PRESENT.value();
  }

  public String primaryDomain() {
    return spec.getDomains().get(0);
  }

  public List<String> domains() {
    return spec.getDomains();
  }

  // ---- stages

  private StageSpec stage(Stage stage) {
    StageSpec s = stage.of(spec.getStages());
    return s != null ? s : new StageSpec();
  }

  /** Fixed replicas of a stage, or null while an HPA owns them. */
  public Integer replicas(Stage stage) {
    if (autoscaling(stage) != null) {
      return null;
    }
    Integer replicas = stage(stage).getReplicas();
    return replicas != null ? replicas : DEFAULT_REPLICAS;
  }

  public AutoscalingSpec autoscaling(Stage stage) {
    return stage(stage).getAutoscaling();
  }

  public int minReplicas(Stage stage) {
    Integer min = autoscaling(stage).getMinReplicas();
    return min != null ? min : DEFAULT_MIN_REPLICAS;
  }

  public int cpuTarget(Stage stage) {
    Integer target = autoscaling(stage).getTargetCPUUtilizationPercentage();
    return target != null ? target : DEFAULT_CPU_TARGET;
  }

  public ResourceRequirements resources(Stage stage) {
    return stage(stage).getResources();
  }

  public Map<String, String> podAnnotations(Stage stage) {
    return sorted(stage(stage).getPodAnnotations());
  }

  public Map<String, String> nodeSelector(Stage stage) {
    return stage(stage).getNodeSelector();
  }

  public List<Toleration> tolerations(Stage stage) {
    return stage(stage).getTolerations();
  }

  // ---- listeners

  public boolean listenerEnabled(Listener listener) {
    ListenerSpec l = listener.of(spec.getListeners());
    if (l == null || l.getEnabled() == null) {
      return listener.enabledByDefault();
    }
    return l.getEnabled();
  }

  public int servicePort(Listener listener) {
    ListenerSpec l = listener.of(spec.getListeners());
    return l != null && l.getPort() != null ? l.getPort() : listener.containerPort();
  }

  public String serviceType(Listener listener) {
    ListenerSpec l = listener.of(spec.getListeners());
    return l != null && l.getServiceType() != null
        ? l.getServiceType().value()
        : ServiceType.CLUSTER_IP.value();
  }

  // ---- TLS and ingress

  public TlsSpec tls() {
    return spec.getTls();
  }

  public String keyStoreKey() {
    return orDefault(spec.getTls().getKeyStoreKey(), DEFAULT_KEYSTORE_KEY);
  }

  public String keyStorePasswordKey() {
    return orDefault(spec.getTls().getPasswordKey(), DEFAULT_KEYSTORE_PASSWORD_KEY);
  }

  public IngressSpec ingress() {
    return spec.getIngress();
  }

  // ---- NATS

  public boolean managedNats() {
    return spec.getNats().getManaged() != null;
  }

  public ManagedNatsSpec natsManaged() {
    return spec.getNats().getManaged();
  }

  public int natsReplicas() {
    Integer replicas = natsManaged().getReplicas();
    return replicas != null ? replicas : 1;
  }

  public String natsImage() {
    return orDefault(natsManaged().getImage(), DEFAULT_NATS_IMAGE);
  }

  public String natsStorage() {
    return orDefault(natsManaged().getStorage(), DEFAULT_STORAGE);
  }

  /** The URL every stage connects to. */
  public String natsUrl() {
    if (managedNats()) {
      return "nats://"
          + ServerResources.natsName(name())
          + "."
          + namespace()
          + ".svc:"
          + NATS_CLIENT_PORT;
    }
    return spec.getNats().getUrl();
  }

  /** The NATS credentials file Secret, or null. */
  public SecretKeyRef natsCredentials() {
    return managedNats() ? null : spec.getNats().getCredentialsSecretRef();
  }

  public String natsCredentialsKey() {
    return orDefault(natsCredentials().getKey(), DEFAULT_NATS_CREDENTIALS_KEY);
  }

  // ---- MongoDB

  public boolean managedMongoDb() {
    return spec.getMongodb().getManaged() != null;
  }

  public ManagedMongoDbSpec mongoDbManaged() {
    return spec.getMongodb().getManaged();
  }

  public String mongoDbImage() {
    return orDefault(mongoDbManaged().getImage(), DEFAULT_MONGODB_IMAGE);
  }

  public String mongoDbStorage() {
    return orDefault(mongoDbManaged().getStorage(), DEFAULT_STORAGE);
  }

  public String mongoDbDatabase() {
    return orDefault(spec.getMongodb().getDatabase(), DEFAULT_DATABASE);
  }

  /** The connection string of the managed MongoDB (no credentials: a development database). */
  public String managedMongoDbUri() {
    return "mongodb://"
        + ServerResources.mongoDbName(name())
        + "."
        + namespace()
        + ".svc:"
        + MONGODB_PORT;
  }

  /** The Secret key holding the external connection string, or null when managed. */
  public SecretKeyRef mongoDbUriSecret() {
    return managedMongoDb() ? null : spec.getMongodb().getUriSecretRef();
  }

  public String mongoDbUriKey() {
    return orDefault(mongoDbUriSecret().getKey(), DEFAULT_MONGODB_URI_KEY);
  }

  // ---- metrics and free configuration

  public boolean metricsEnabled() {
    return spec.getMetrics() == null
        || spec.getMetrics().getEnabled() == null
        || spec.getMetrics().getEnabled();
  }

  public Map<String, String> serviceMonitorLabels() {
    return spec.getMetrics() == null
        ? Map.of()
        : sorted(spec.getMetrics().getServiceMonitorLabels());
  }

  /** The spec's further service properties, sorted. */
  public Map<String, String> config() {
    return sorted(spec.getConfig());
  }

  private static Map<String, String> sorted(Map<String, String> map) {
    return map == null ? new TreeMap<>() : new TreeMap<>(map);
  }

  private static String orDefault(String value, String fallback) {
    return value != null && !value.isBlank() ? value : fallback;
  }
}
