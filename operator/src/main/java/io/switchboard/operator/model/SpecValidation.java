package io.switchboard.operator.model;

import io.switchboard.crds.AutoscalingSpec;
import io.switchboard.crds.MessagingServer;
import io.switchboard.crds.MessagingServerSpec;
import io.switchboard.crds.MongoDbSpec;
import io.switchboard.crds.NatsSpec;
import io.switchboard.crds.StageSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks of a MessagingServer spec that the CRD schema cannot make (or that an API server
 * without CEL validation skips). Each problem is one sentence for the {@code Degraded} condition.
 */
public final class SpecValidation {

  private static final Pattern DOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

  /** Properties the operator sets itself; {@code spec.config} may not override them. */
  private static final Set<String> RESERVED =
      Set.of(
          "deployment.type",
          "switchboard.domain",
          "switchboard.domains",
          "switchboard.data-dir",
          "switchboard.nats.url",
          "switchboard.mongo.uri",
          "switchboard.mongo.database",
          "switchboard.xmpp.host",
          "switchboard.xmpp.port",
          "micronaut.server.host",
          "micronaut.server.port");

  private SpecValidation() {}

  /** The problems of the server's spec; empty when it can be reconciled. */
  public static List<String> validate(MessagingServer server) {
    List<String> problems = new ArrayList<>();
    String name = server.getMetadata().getName();
    if (name.length() > ServerResources.MAX_NAME_LENGTH) {
      problems.add(
          "metadata.name is longer than "
              + ServerResources.MAX_NAME_LENGTH
              + " characters, too long for the names derived from it");
    }
    MessagingServerSpec spec = server.getSpec();
    if (spec == null) {
      problems.add("spec is missing");
      return problems;
    }
    if (spec.getDomains() == null || spec.getDomains().isEmpty()) {
      problems.add("spec.domains needs at least one XMPP domain");
    } else {
      for (String domain : spec.getDomains()) {
        if (domain == null || domain.length() > 253 || !DOMAIN.matcher(domain).matches()) {
          problems.add("spec.domains: '" + domain + "' is not a lower-case DNS name");
        }
      }
    }
    NatsSpec nats = spec.getNats();
    if (nats == null || (nats.getUrl() == null) == (nats.getManaged() == null)) {
      problems.add("spec.nats needs exactly one of url and managed");
    } else if (nats.getManaged() != null && nats.getCredentialsSecretRef() != null) {
      problems.add("spec.nats.credentialsSecretRef is for an external url, not managed NATS");
    }
    MongoDbSpec mongo = spec.getMongodb();
    if (mongo == null || (mongo.getUriSecretRef() == null) == (mongo.getManaged() == null)) {
      problems.add("spec.mongodb needs exactly one of uriSecretRef and managed");
    }
    for (Stage stage : Stage.values()) {
      StageSpec s = stage.of(spec.getStages());
      if (s == null) {
        continue;
      }
      if (s.getReplicas() != null && s.getReplicas() < 0) {
        problems.add("spec.stages." + stage.role() + ".replicas must not be negative");
      }
      AutoscalingSpec a = s.getAutoscaling();
      if (a != null) {
        int min = a.getMinReplicas() != null ? a.getMinReplicas() : 1;
        if (a.getMaxReplicas() == null || a.getMaxReplicas() < min) {
          problems.add(
              "spec.stages."
                  + stage.role()
                  + ".autoscaling.maxReplicas must be at least minReplicas ("
                  + min
                  + ")");
        }
      }
    }
    ServerModel partial = ServerModel.from(server, "unused");
    if (partial.listenerEnabled(Listener.DIRECT_TLS) && spec.getTls() == null) {
      problems.add("spec.listeners.directTls needs spec.tls (a key store Secret)");
    }
    if (spec.getIngress() != null && !partial.listenerEnabled(Listener.HTTP)) {
      problems.add("spec.ingress needs the http listener enabled");
    }
    if (spec.getConfig() != null) {
      for (String key : spec.getConfig().keySet()) {
        if (RESERVED.contains(key) || key.startsWith("switchboard.stages.")) {
          problems.add(
              "spec.config may not set " + key + ": the operator derives it from the spec");
        }
      }
    }
    return problems;
  }
}
