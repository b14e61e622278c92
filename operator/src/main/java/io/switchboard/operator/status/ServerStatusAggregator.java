package io.switchboard.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.switchboard.crds.EndpointsStatus;
import io.switchboard.crds.MessagingServer;
import io.switchboard.crds.MessagingServerStatus;
import io.switchboard.crds.StageStatus;
import io.switchboard.crds.SwitchboardApi;
import io.switchboard.operator.model.Listener;
import io.switchboard.operator.model.ServerIngress;
import io.switchboard.operator.model.ServerModel;
import io.switchboard.operator.model.ServerResources;
import io.switchboard.operator.model.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns what the API server reports about a server's objects into the MessagingServer status:
 * replicas per stage, endpoints, and the Ready, Progressing and Degraded conditions. Pure.
 */
public final class ServerStatusAggregator {

  private ServerStatusAggregator() {}

  /** The status after a successful apply, from the observed Deployments and Services. */
  public static MessagingServerStatus reconciled(
      ServerModel model,
      Map<Stage, Deployment> deployments,
      Map<Listener, Service> listenerServices,
      Instant now) {
    MessagingServer server = model.resource();
    Long generation = server.getMetadata().getGeneration();
    Map<String, StageStatus> stages = new TreeMap<>();
    List<String> waiting = new ArrayList<>();
    for (Stage stage : Stage.values()) {
      Deployment d = deployments.get(stage);
      int desired = desiredReplicas(d);
      int ready = readyReplicas(d);
      StageStatus s = new StageStatus();
      s.setReplicas(desired);
      s.setReadyReplicas(ready);
      stages.put(stage.role(), s);
      if (d == null || ready < desired || (desired > 0 && !observed(d))) {
        waiting.add(stage.role() + " " + ready + "/" + desired);
      }
    }
    boolean ready = waiting.isEmpty();
    List<Condition> updates =
        List.of(
            Conditions.of(
                Conditions.READY,
                ready,
                ready ? "AllStagesReady" : "WaitingForReplicas",
                ready
                    ? "every stage has its replicas ready"
                    : "waiting for ready replicas: " + String.join(", ", waiting),
                generation),
            Conditions.of(
                Conditions.PROGRESSING,
                !ready,
                ready ? "Complete" : "RollingOut",
                ready ? "nothing is rolling out" : "stages are rolling out",
                generation),
            Conditions.of(
                Conditions.DEGRADED, false, "AsExpected", "no failure observed", generation));
    MessagingServerStatus status = base(server, generation);
    status.setStages(stages);
    status.setEndpoints(endpoints(model, listenerServices));
    status.setConditions(
        Conditions.merge(previousConditions(server), updates, List.of(Conditions.PAUSED), now));
    return status;
  }

  /** The status when the spec or an apply failed: Degraded with the reason, not Ready. */
  public static MessagingServerStatus failed(
      MessagingServer server, String reason, String message, Instant now) {
    Long generation = server.getMetadata().getGeneration();
    List<Condition> updates =
        List.of(
            Conditions.of(Conditions.READY, false, reason, message, generation),
            Conditions.of(
                Conditions.PROGRESSING,
                false,
                reason,
                "reconciliation stopped: " + message,
                generation),
            Conditions.of(Conditions.DEGRADED, true, reason, message, generation));
    MessagingServerStatus status = base(server, generation);
    status.setConditions(
        Conditions.merge(previousConditions(server), updates, List.of(Conditions.PAUSED), now));
    return status;
  }

  /** The status while reconciliation is paused: everything as it was, plus the condition. */
  public static MessagingServerStatus paused(MessagingServer server, Instant now) {
    MessagingServerStatus previous = server.getStatus();
    MessagingServerStatus status =
        base(server, previous == null ? null : previous.getObservedGeneration());
    Long generation = server.getMetadata().getGeneration();
    status.setConditions(
        Conditions.merge(
            previousConditions(server),
            List.of(
                Conditions.of(
                    Conditions.PAUSED,
                    true,
                    "PauseAnnotation",
                    "reconciliation is paused by the annotation " + SwitchboardApi.PAUSE_ANNOTATION,
                    generation)),
            List.of(),
            now));
    return status;
  }

  private static MessagingServerStatus base(MessagingServer server, Long generation) {
    MessagingServerStatus previous = server.getStatus();
    MessagingServerStatus status = new MessagingServerStatus();
    status.setObservedGeneration(generation);
    if (previous != null) {
      status.setStages(previous.getStages());
      status.setEndpoints(previous.getEndpoints());
    }
    return status;
  }

  private static List<Condition> previousConditions(MessagingServer server) {
    return server.getStatus() == null ? null : server.getStatus().getConditions();
  }

  private static int desiredReplicas(Deployment d) {
    if (d == null || d.getSpec() == null || d.getSpec().getReplicas() == null) {
      return 1;
    }
    return d.getSpec().getReplicas();
  }

  private static int readyReplicas(Deployment d) {
    if (d == null || d.getStatus() == null || d.getStatus().getReadyReplicas() == null) {
      return 0;
    }
    return d.getStatus().getReadyReplicas();
  }

  /** Whether the Deployment's controller has seen its latest spec (when it reports that). */
  private static boolean observed(Deployment d) {
    Long observed = d.getStatus() == null ? null : d.getStatus().getObservedGeneration();
    Long generation = d.getMetadata().getGeneration();
    return observed == null || generation == null || observed >= generation;
  }

  /** Where clients connect: the Ingress when there is one, else the Services. */
  static EndpointsStatus endpoints(ServerModel model, Map<Listener, Service> services) {
    EndpointsStatus endpoints = new EndpointsStatus();
    if (model.listenerEnabled(Listener.XMPP)) {
      endpoints.setXmpp(hostPort(model, Listener.XMPP, services.get(Listener.XMPP)));
    }
    if (model.listenerEnabled(Listener.DIRECT_TLS)) {
      endpoints.setDirectTls(
          hostPort(model, Listener.DIRECT_TLS, services.get(Listener.DIRECT_TLS)));
    }
    if (model.listenerEnabled(Listener.HTTP)) {
      if (model.ingress() != null) {
        boolean tls = model.ingress().getTlsSecretName() != null;
        String host = model.ingress().getHost();
        endpoints.setHttp((tls ? "https://" : "http://") + host + ServerIngress.API_PATH);
        endpoints.setWebsocket((tls ? "wss://" : "ws://") + host + ServerIngress.WEBSOCKET_PATH);
      } else {
        String hostPort = hostPort(model, Listener.HTTP, services.get(Listener.HTTP));
        endpoints.setHttp("http://" + hostPort + ServerIngress.API_PATH);
        endpoints.setWebsocket("ws://" + hostPort + ServerIngress.WEBSOCKET_PATH);
      }
    }
    return endpoints;
  }

  /** A load balancer's address once it has one, else the Service's cluster DNS name. */
  private static String hostPort(ServerModel model, Listener listener, Service service) {
    int port = model.servicePort(listener);
    if (service != null
        && service.getStatus() != null
        && service.getStatus().getLoadBalancer() != null
        && service.getStatus().getLoadBalancer().getIngress() != null
        && !service.getStatus().getLoadBalancer().getIngress().isEmpty()) {
      LoadBalancerIngress lb = service.getStatus().getLoadBalancer().getIngress().get(0);
      String host = lb.getHostname() != null ? lb.getHostname() : lb.getIp();
      if (host != null) {
        return host + ":" + port;
      }
    }
    return ServerResources.listenerServiceName(model.name(), listener)
        + "."
        + model.namespace()
        + ".svc:"
        + port;
  }
}
