package io.switchboard.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * NetworkPolicies that let only the stages, NATS and MongoDB of a server talk to each other. From
 * outside, clients reach only the access stage's listeners, Prometheus the HTTP port of every stage
 * when metrics are on, and the operator (pods labelled {@code app.kubernetes.io/name:
 * switchboard-operator}, as the chart labels them) a managed MongoDB.
 */
public final class ServerNetworkPolicies {

  private ServerNetworkPolicies() {}

  public static List<NetworkPolicy> policies(ServerModel model) {
    List<NetworkPolicy> policies = new ArrayList<>();
    String server = model.name();

    List<NetworkPolicyIngressRule> stageRules = new ArrayList<>();
    stageRules.add(fromServerPods(server, List.of()));
    if (model.metricsEnabled()) {
      stageRules.add(
          new NetworkPolicyIngressRuleBuilder()
              .withPorts(port(Listener.HTTP.containerPort()))
              .build());
    }
    policies.add(policy(model, "stages", stagePods(server), stageRules));

    List<NetworkPolicyPort> clientPorts = new ArrayList<>();
    for (Listener listener : Listener.values()) {
      if (model.listenerEnabled(listener)) {
        clientPorts.add(port(listener.containerPort()));
      }
    }
    if (!clientPorts.isEmpty()) {
      policies.add(
          policy(
              model,
              "access",
              componentPods(server, Stage.ACCESS.role()),
              List.of(new NetworkPolicyIngressRuleBuilder().withPorts(clientPorts).build())));
    }

    if (model.managedNats()) {
      policies.add(
          policy(
              model,
              ServerResources.NATS,
              componentPods(server, ServerResources.NATS),
              List.of(
                  fromServerPods(
                      server,
                      List.of(
                          port(ServerModel.NATS_CLIENT_PORT),
                          port(ServerModel.NATS_CLUSTER_PORT),
                          port(ServerModel.NATS_MONITOR_PORT))))));
    }
    if (model.managedMongoDb()) {
      policies.add(
          policy(
              model,
              ServerResources.MONGODB,
              componentPods(server, ServerResources.MONGODB),
              List.of(
                  fromServerPods(server, List.of(port(ServerModel.MONGODB_PORT))),
                  fromOperator(port(ServerModel.MONGODB_PORT)))));
    }
    return policies;
  }

  private static NetworkPolicy policy(
      ServerModel model, String part, LabelSelector pods, List<NetworkPolicyIngressRule> rules) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(ServerResources.networkPolicyName(model.name(), part))
        .withNamespace(model.namespace())
        .withLabels(ServerResources.labels(model.name(), "network"))
        .withOwnerReferences(model.ownerReference())
        .endMetadata()
        .withNewSpec()
        .withPodSelector(pods)
        .withPolicyTypes("Ingress")
        .withIngress(rules)
        .endSpec()
        .build();
  }

  /** Traffic from any pod of the server (stages, NATS, MongoDB), on the given ports or all. */
  private static NetworkPolicyIngressRule fromServerPods(
      String server, List<NetworkPolicyPort> ports) {
    return new NetworkPolicyIngressRuleBuilder()
        .addNewFrom()
        .withPodSelector(
            new LabelSelectorBuilder()
                .withMatchLabels(ServerResources.instanceLabels(server))
                .build())
        .endFrom()
        .withPorts(ports.isEmpty() ? null : ports)
        .build();
  }

  /**
   * Traffic from the operator's pods, in whatever namespace the chart installed them: it writes
   * Channels, Templates and Applications into the server's MongoDB (decision 0008).
   */
  private static NetworkPolicyIngressRule fromOperator(NetworkPolicyPort port) {
    return new NetworkPolicyIngressRuleBuilder()
        .addNewFrom()
        .withNamespaceSelector(new LabelSelector())
        .withPodSelector(
            new LabelSelectorBuilder()
                .withMatchLabels(Map.of(ServerResources.LABEL_NAME, ServerResources.MANAGER))
                .build())
        .endFrom()
        .withPorts(port)
        .build();
  }

  private static LabelSelector stagePods(String server) {
    return new LabelSelectorBuilder()
        .withMatchLabels(ServerResources.instanceLabels(server))
        .addNewMatchExpression()
        .withKey(ServerResources.LABEL_STAGE)
        .withOperator("Exists")
        .endMatchExpression()
        .build();
  }

  private static LabelSelector componentPods(String server, String component) {
    return new LabelSelectorBuilder()
        .withMatchLabels(ServerResources.selectorLabels(server, component))
        .build();
  }

  private static NetworkPolicyPort port(int port) {
    return new NetworkPolicyPortBuilder()
        .withProtocol("TCP")
        .withPort(new IntOrString(port))
        .build();
  }
}
