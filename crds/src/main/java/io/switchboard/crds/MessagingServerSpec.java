package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.sundr.builder.annotations.Buildable;
import java.util.List;
import java.util.Map;

/** The desired state of a Switchboard platform instance. */
@Buildable(editableEnabled = false, builderPackage = "io.fabric8.kubernetes.api.builder")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MessagingServerSpec {

  @JsonPropertyDescription("Image that runs the stages; defaults to the operator's default image.")
  private String image;

  @JsonPropertyDescription("Pull policy of the image; defaults to IfNotPresent.")
  private PullPolicy imagePullPolicy;

  @JsonPropertyDescription("XMPP domains served; the first is the primary one.")
  @Required
  @Size(min = 1)
  private List<String> domains;

  @JsonPropertyDescription("The four pipeline stages.")
  private StagesSpec stages;

  @JsonPropertyDescription("Client listeners and their Services.")
  private ListenersSpec listeners;

  @JsonPropertyDescription(
      "Server certificate of the XMPP listeners; a self-signed one when absent.")
  private TlsSpec tls;

  @JsonPropertyDescription("Ingress for the HTTP API and /xmpp-websocket.")
  private IngressSpec ingress;

  @JsonPropertyDescription("NATS: external or managed.")
  @Required
  private NatsSpec nats;

  @JsonPropertyDescription("MongoDB: external or managed.")
  @Required
  private MongoDbSpec mongodb;

  @JsonPropertyDescription("Prometheus metrics.")
  private MetricsSpec metrics;

  @JsonPropertyDescription(
      "Further service properties (see docs/architecture.md), rendered into the configuration.")
  private Map<String, String> config;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public PullPolicy getImagePullPolicy() {
    return imagePullPolicy;
  }

  public void setImagePullPolicy(PullPolicy imagePullPolicy) {
    this.imagePullPolicy = imagePullPolicy;
  }

  public List<String> getDomains() {
    return domains;
  }

  public void setDomains(List<String> domains) {
    this.domains = domains;
  }

  public StagesSpec getStages() {
    return stages;
  }

  public void setStages(StagesSpec stages) {
    this.stages = stages;
  }

  public ListenersSpec getListeners() {
    return listeners;
  }

  public void setListeners(ListenersSpec listeners) {
    this.listeners = listeners;
  }

  public TlsSpec getTls() {
    return tls;
  }

  public void setTls(TlsSpec tls) {
    this.tls = tls;
  }

  public IngressSpec getIngress() {
    return ingress;
  }

  public void setIngress(IngressSpec ingress) {
    this.ingress = ingress;
  }

  public NatsSpec getNats() {
    return nats;
  }

  public void setNats(NatsSpec nats) {
    this.nats = nats;
  }

  public MongoDbSpec getMongodb() {
    return mongodb;
  }

  public void setMongodb(MongoDbSpec mongodb) {
    this.mongodb = mongodb;
  }

  public MetricsSpec getMetrics() {
    return metrics;
  }

  public void setMetrics(MetricsSpec metrics) {
    this.metrics = metrics;
  }

  public Map<String, String> getConfig() {
    return config;
  }

  public void setConfig(Map<String, String> config) {
    this.config = config;
  }
}
