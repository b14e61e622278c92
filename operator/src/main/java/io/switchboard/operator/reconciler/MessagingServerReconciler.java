package io.switchboard.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.switchboard.crds.MessagingServer;
import io.switchboard.crds.MessagingServerStatus;
import io.switchboard.crds.SwitchboardApi;
import io.switchboard.operator.OperatorSettings;
import io.switchboard.operator.model.DesiredState;
import io.switchboard.operator.model.Listener;
import io.switchboard.operator.model.ServerModel;
import io.switchboard.operator.model.ServerResources;
import io.switchboard.operator.model.ServerServiceMonitor;
import io.switchboard.operator.model.SpecValidation;
import io.switchboard.operator.model.Stage;
import io.switchboard.operator.status.Conditions;
import io.switchboard.operator.status.ServerStatusAggregator;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a MessagingServer into its Deployments, Services, ConfigMap, Ingress, PDBs, HPAs,
 * NetworkPolicies, managed NATS and MongoDB. The objects come from the pure model classes; this
 * class applies them, prunes what is no longer wanted, and writes the status. It reads the objects
 * it owns from the informer caches of its event sources, so that a reconcile that changes nothing
 * sends no request for them.
 */
// Not generation-aware: adding or removing the pause annotation changes no generation.
@ControllerConfiguration(name = "messagingserver", generationAwareEventProcessing = false)
public class MessagingServerReconciler implements Reconciler<MessagingServer> {

  private static final Logger LOG = LoggerFactory.getLogger(MessagingServerReconciler.class);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final OperatorSettings settings;
  private final Clock clock;

  public MessagingServerReconciler(OperatorSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, MessagingServer>> prepareEventSources(
      EventSourceContext<MessagingServer> context) {
    List<EventSource<?, MessagingServer>> sources = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : ServerResources.OWNED_KINDS) {
      sources.add(informer(kind, context));
    }
    return sources;
  }

  private static <R extends HasMetadata> EventSource<R, MessagingServer> informer(
      Class<R> kind, EventSourceContext<MessagingServer> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(kind, MessagingServer.class)
            .withName(kind.getSimpleName())
            .withNamespacesInheritedFromController()
            .withLabelSelector(ServerResources.LABEL_MANAGED_BY + "=" + ServerResources.MANAGER)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(MessagingServer.class))
            .build(),
        context);
  }

  @Override
  public UpdateControl<MessagingServer> reconcile(
      MessagingServer server, Context<MessagingServer> context) {
    Instant now = clock.instant();
    EventRecorder events = new EventRecorder(context.getClient(), clock);
    List<Condition> before = server.getStatus() == null ? null : server.getStatus().getConditions();
    boolean wasPaused = Conditions.isTrue(before, Conditions.PAUSED);

    if (isPaused(server)) {
      if (!wasPaused) {
        events.record(
            server,
            EventRecorder.NORMAL,
            "ReconciliationPaused",
            "reconciliation paused by " + SwitchboardApi.PAUSE_ANNOTATION);
      }
      return patchIfChanged(server, ServerStatusAggregator.paused(server, now));
    }
    if (wasPaused) {
      events.record(
          server, EventRecorder.NORMAL, "ReconciliationResumed", "reconciliation resumed");
    }

    List<String> problems = SpecValidation.validate(server);
    if (!problems.isEmpty()) {
      return failure(server, events, "InvalidSpec", String.join("; ", problems), now, false);
    }

    ServerModel model = ServerModel.from(server, settings.defaultImage());
    List<HasMetadata> desired = DesiredState.of(model);
    ResourceApplier applier =
        new ResourceApplier(
            context.getClient(),
            caches(context.eventSourceRetriever()),
            settings.serverSideApply());
    // One Event per verb and reconcile, naming the objects, rather than one per object.
    Map<String, List<String>> changed = new LinkedHashMap<>();
    String step = "the configuration";
    try {
      step = "Secret " + ServerResources.masterKeySecretName(model.name());
      if (MasterKeys.ensure(context.getClient(), server).created()) {
        changed.computeIfAbsent("Created", v -> new ArrayList<>()).add(step);
      }
      step = "Secret " + ServerResources.adminTokenSecretName(model.name());
      if (MasterKeys.ensureAdminToken(context.getClient(), server).created()) {
        changed.computeIfAbsent("Created", v -> new ArrayList<>()).add(step);
      }
      for (HasMetadata object : desired) {
        step = object.getKind() + " " + object.getMetadata().getName();
        ResourceApplier.Outcome outcome = applier.apply(object);
        if (outcome != ResourceApplier.Outcome.UNCHANGED) {
          String verb = outcome == ResourceApplier.Outcome.CREATED ? "Created" : "Updated";
          changed.computeIfAbsent(verb, v -> new ArrayList<>()).add(step);
        }
      }
      step = "the removal of objects no longer wanted";
      for (String gone : applier.prune(model.namespace(), model.name(), desired)) {
        changed.computeIfAbsent("Deleted", v -> new ArrayList<>()).add(gone);
      }
      step = "the ServiceMonitor";
      serviceMonitor(context.getClient(), model, applier, events);
    } catch (KubernetesClientException e) {
      recordChanges(server, events, changed);
      String message = "could not apply " + step + ": " + describe(e);
      LOG.warn("{}/{}: {}", model.namespace(), model.name(), message);
      return failure(server, events, "ApplyFailed", message, now, true);
    } catch (ReconcileProblem p) {
      recordChanges(server, events, changed);
      return failure(server, events, p.reason(), p.getMessage(), now, true);
    }
    recordChanges(server, events, changed);

    Map<Stage, Deployment> deployments = new EnumMap<>(Stage.class);
    for (Stage stage : Stage.values()) {
      Deployment d =
          applier.get(
              Deployment.class,
              model.namespace(),
              ServerResources.deploymentName(model.name(), stage));
      if (d != null) {
        deployments.put(stage, d);
      }
    }
    Map<Listener, Service> services = new EnumMap<>(Listener.class);
    for (Listener listener : Listener.values()) {
      if (model.listenerEnabled(listener)) {
        Service s =
            applier.get(
                Service.class,
                model.namespace(),
                ServerResources.listenerServiceName(model.name(), listener));
        if (s != null) {
          services.put(listener, s);
        }
      }
    }
    MessagingServerStatus status =
        ServerStatusAggregator.reconciled(model, deployments, services, now);
    boolean ready = Conditions.isTrue(status.getConditions(), Conditions.READY);
    if (ready && !Conditions.isTrue(before, Conditions.READY)) {
      events.record(server, EventRecorder.NORMAL, "Ready", "every stage is ready");
    }
    return patchIfChanged(server, status);
  }

  private static void recordChanges(
      MessagingServer server, EventRecorder events, Map<String, List<String>> changed) {
    changed.forEach(
        (verb, objects) ->
            events.record(
                server, EventRecorder.NORMAL, verb, verb + " " + String.join(", ", objects)));
  }

  /** The informer caches of {@link #prepareEventSources}, one per owned kind. */
  static ResourceApplier.OwnedObjects caches(EventSourceRetriever<MessagingServer> sources) {
    return new ResourceApplier.OwnedObjects() {
      @Override
      public <T extends HasMetadata> Optional<T> get(Class<T> kind, String namespace, String name) {
        return source(kind).get(new ResourceID(name, namespace));
      }

      @Override
      public <T extends HasMetadata> Stream<T> list(
          Class<T> kind, String namespace, Predicate<T> filter) {
        return source(kind).list(namespace, filter);
      }

      @Override
      public void created(HasMetadata object) {
        created(object, object.getClass());
      }

      @Override
      public void updated(HasMetadata object, HasMetadata previous) {
        updated(object, previous, object.getClass());
      }

      private <T extends HasMetadata> void created(HasMetadata object, Class<T> kind) {
        source(kind).handleRecentResourceCreate(ResourceID.fromResource(object), kind.cast(object));
      }

      private <T extends HasMetadata> void updated(
          HasMetadata object, HasMetadata previous, Class<T> kind) {
        source(kind)
            .handleRecentResourceUpdate(
                ResourceID.fromResource(object), kind.cast(object), kind.cast(previous));
      }

      @SuppressWarnings("unchecked")
      private <T extends HasMetadata> InformerEventSource<T, MessagingServer> source(
          Class<T> kind) {
        return (InformerEventSource<T, MessagingServer>)
            sources.getEventSourceFor(kind, kind.getSimpleName());
      }
    };
  }

  @Override
  public ErrorStatusUpdateControl<MessagingServer> updateErrorStatus(
      MessagingServer server, Context<MessagingServer> context, Exception e) {
    String message = "reconciliation failed: " + describe(e);
    LOG.warn(
        "{}/{}: {}",
        server.getMetadata().getNamespace(),
        server.getMetadata().getName(),
        message,
        e);
    new EventRecorder(context.getClient(), clock)
        .record(server, EventRecorder.WARNING, "ReconcileFailed", message);
    server.setStatus(
        ServerStatusAggregator.failed(server, "ReconcileFailed", message, clock.instant()));
    return ErrorStatusUpdateControl.patchStatus(server);
  }

  private UpdateControl<MessagingServer> failure(
      MessagingServer server,
      EventRecorder events,
      String reason,
      String message,
      Instant now,
      boolean retry) {
    Condition degraded =
        server.getStatus() == null
            ? null
            : Conditions.find(server.getStatus().getConditions(), Conditions.DEGRADED);
    boolean repeated =
        degraded != null
            && "True".equals(degraded.getStatus())
            && reason.equals(degraded.getReason())
            && message.equals(degraded.getMessage());
    if (!repeated) {
      events.record(server, EventRecorder.WARNING, reason, message);
    }
    UpdateControl<MessagingServer> control =
        patchIfChanged(server, ServerStatusAggregator.failed(server, reason, message, now));
    return retry ? control.rescheduleAfter(settings.retryInterval()) : control;
  }

  /** Creates the ServiceMonitor where the Prometheus operator's CRD exists. */
  private static void serviceMonitor(
      KubernetesClient client, ServerModel model, ResourceApplier applier, EventRecorder events) {
    boolean crdPresent =
        client
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(ServerServiceMonitor.CRD_NAME)
                .get()
            != null;
    if (!crdPresent) {
      return;
    }
    GenericKubernetesResource monitor = ServerServiceMonitor.serviceMonitor(model);
    if (monitor == null) {
      if (applier.deleteServiceMonitor(
          model.namespace(), ServerResources.serviceMonitorName(model.name()))) {
        events.record(
            model.resource(),
            EventRecorder.NORMAL,
            "Deleted",
            "Deleted ServiceMonitor " + ServerResources.serviceMonitorName(model.name()));
      }
      return;
    }
    ResourceApplier.Outcome outcome = applier.applyServiceMonitor(monitor);
    if (outcome != ResourceApplier.Outcome.UNCHANGED) {
      events.record(
          model.resource(),
          EventRecorder.NORMAL,
          outcome == ResourceApplier.Outcome.CREATED ? "Created" : "Updated",
          "ServiceMonitor " + monitor.getMetadata().getName());
    }
  }

  private static UpdateControl<MessagingServer> patchIfChanged(
      MessagingServer server, MessagingServerStatus status) {
    if (Objects.equals(
        SERIALIZATION.convertValue(server.getStatus(), Map.class),
        SERIALIZATION.convertValue(status, Map.class))) {
      return UpdateControl.noUpdate();
    }
    server.setStatus(status);
    return UpdateControl.patchStatus(server);
  }

  static boolean isPaused(HasMetadata resource) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations != null && "true".equals(annotations.get(SwitchboardApi.PAUSE_ANNOTATION));
  }

  private static String describe(Exception e) {
    if (e instanceof KubernetesClientException k && k.getStatus() != null) {
      String reason = k.getStatus().getReason();
      String message = k.getStatus().getMessage();
      return k.getCode()
          + (reason != null ? " " + reason : "")
          + (message != null ? ": " + message : "");
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
