package io.switchboard.operator.reconciler;

import com.mongodb.MongoException;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.switchboard.crds.MessagingServer;
import io.switchboard.crds.SwitchboardApi;
import io.switchboard.operator.OperatorSettings;
import io.switchboard.operator.status.Conditions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Channel, Template and Application reconcilers share: find the MessagingServer that
 * {@code spec.serverRef} names, connect to its store, let the kind write itself, and turn the
 * outcome into a {@code Ready} condition, events and {@code observedGeneration}. The pause
 * annotation stops everything but deletion. Deleting the resource removes it from the store (the
 * finalizer JOSDK adds for a {@link Cleaner}).
 *
 * @param <R> the kind
 * @param <S> its status class
 * @param <X> what a successful or failed write adds to the status (a template error, a key id)
 */
abstract class CatalogReconciler<R extends CustomResource<?, S>, S, X>
    implements Reconciler<R>, Cleaner<R> {

  static final String SERVER_INDEX = "serverRef";
  static final String STORED = "Stored";

  private static final Logger LOG = LoggerFactory.getLogger(CatalogReconciler.class);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** The result of writing a resource into its server's store. */
  record Outcome<X>(boolean ready, String reason, String message, boolean retry, X detail) {

    static <X> Outcome<X> stored(String message, X detail) {
      return new Outcome<>(true, STORED, message, false, detail);
    }

    static <X> Outcome<X> notReady(String reason, String message, boolean retry, X detail) {
      return new Outcome<>(false, reason, message, retry, detail);
    }
  }

  protected final OperatorSettings settings;
  protected final ServerStores stores;
  protected final Clock clock;

  CatalogReconciler(OperatorSettings settings, ServerStores stores, Clock clock) {
    this.settings = settings;
    this.stores = stores;
    this.clock = clock;
  }

  /** {@code spec.serverRef}, or null without a spec. */
  abstract String serverRef(R resource);

  abstract List<Condition> conditions(S status);

  /**
   * What is wrong with the resource itself, found without any server (a failed outcome), or null
   * when it is valid.
   */
  abstract Outcome<X> validate(R resource);

  /** Writes a valid resource (and what it needs) into the server's stores. */
  abstract Outcome<X> write(
      R resource, MessagingServer server, ServerStores.Stores stores, Context<R> context)
      throws ReconcileProblem;

  /** Removes the resource (and what only it needed) from the server's stores. */
  abstract void remove(
      R resource, MessagingServer server, ServerStores.Stores stores, Context<R> context);

  /**
   * The new status: {@code outcome} null while paused (everything kept as it was), otherwise what
   * the outcome says.
   */
  abstract S status(
      R resource, Long observedGeneration, List<Condition> conditions, Outcome<X> outcome);

  // ---- event sources

  /**
   * The MessagingServer informer: a server appearing, changing or going re-reconciles its users.
   */
  List<EventSource<?, R>> serverEventSource(EventSourceContext<R> context, Class<R> kind) {
    context
        .getPrimaryCache()
        .addIndexer(
            SERVER_INDEX,
            r ->
                serverRef(r) == null
                    ? List.of()
                    : List.of(indexKey(r.getMetadata().getNamespace(), serverRef(r))));
    List<EventSource<?, R>> sources = new ArrayList<>();
    sources.add(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(MessagingServer.class, kind)
                .withName("MessagingServer")
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(
                    (MessagingServer server) ->
                        context
                            .getPrimaryCache()
                            .byIndex(
                                SERVER_INDEX,
                                indexKey(
                                    server.getMetadata().getNamespace(),
                                    server.getMetadata().getName()))
                            .stream()
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .build(),
            context));
    return sources;
  }

  static String indexKey(String namespace, String name) {
    return namespace + "/" + name;
  }

  // ---- reconcile

  @Override
  public UpdateControl<R> reconcile(R resource, Context<R> context) {
    Instant now = clock.instant();
    EventRecorder events = new EventRecorder(context.getClient(), clock);
    List<Condition> before = conditions(resource.getStatus());
    boolean wasPaused = Conditions.isTrue(before, Conditions.PAUSED);
    Long generation = resource.getMetadata().getGeneration();

    if (MessagingServerReconciler.isPaused(resource)) {
      if (!wasPaused) {
        events.record(
            resource,
            EventRecorder.NORMAL,
            "ReconciliationPaused",
            "reconciliation paused by " + SwitchboardApi.PAUSE_ANNOTATION);
      }
      List<Condition> conditions =
          Conditions.merge(
              before,
              List.of(
                  Conditions.of(
                      Conditions.PAUSED,
                      true,
                      "PauseAnnotation",
                      "reconciliation is paused by the annotation "
                          + SwitchboardApi.PAUSE_ANNOTATION,
                      generation)),
              List.of(),
              now);
      S previous = resource.getStatus();
      Long observed = previous == null ? null : observedGeneration(previous);
      return patchIfChanged(resource, status(resource, observed, conditions, null));
    }
    if (wasPaused) {
      events.record(
          resource, EventRecorder.NORMAL, "ReconciliationResumed", "reconciliation resumed");
    }

    Outcome<X> outcome;
    try {
      outcome = reconcileWithServer(resource, context);
    } catch (ReconcileProblem p) {
      outcome = Outcome.notReady(p.reason(), p.getMessage(), p.retry(), null);
    } catch (MongoException e) {
      outcome =
          Outcome.notReady(
              "StoreUnavailable",
              "the store of MessagingServer " + serverRef(resource) + " failed: " + e.getMessage(),
              true,
              null);
    }

    Condition previousReady = Conditions.find(before, Conditions.READY);
    boolean wasReady = previousReady != null && "True".equals(previousReady.getStatus());
    if (outcome.ready()) {
      if (!wasReady) {
        events.record(resource, EventRecorder.NORMAL, STORED, outcome.message());
      }
    } else {
      boolean repeated =
          previousReady != null
              && "False".equals(previousReady.getStatus())
              && outcome.reason().equals(previousReady.getReason())
              && outcome.message().equals(previousReady.getMessage());
      if (!repeated) {
        events.record(resource, EventRecorder.WARNING, outcome.reason(), outcome.message());
        LOG.info(
            "{} {}/{} not ready: {} {}",
            resource.getKind(),
            resource.getMetadata().getNamespace(),
            resource.getMetadata().getName(),
            outcome.reason(),
            outcome.message());
      }
    }
    List<Condition> conditions =
        Conditions.merge(
            before,
            List.of(
                Conditions.of(
                    Conditions.READY,
                    outcome.ready(),
                    outcome.reason(),
                    outcome.message(),
                    generation)),
            List.of(Conditions.PAUSED),
            now);
    UpdateControl<R> control =
        patchIfChanged(resource, status(resource, generation, conditions, outcome));
    if (outcome.retry()) {
      return control.rescheduleAfter(settings.retryInterval());
    }
    Duration refresh = refreshAfter(resource, outcome);
    return refresh == null ? control : control.rescheduleAfter(refresh);
  }

  /**
   * When to reconcile again although nothing changed, to refresh what the status shows from the
   * store (a Channel's quota usage); null for never.
   */
  Duration refreshAfter(R resource, Outcome<X> outcome) {
    return null;
  }

  private Outcome<X> reconcileWithServer(R resource, Context<R> context) throws ReconcileProblem {
    String namespace = resource.getMetadata().getNamespace();
    String serverName = serverRef(resource);
    if (serverName == null) {
      return Outcome.notReady("InvalidSpec", "spec.serverRef is required", false, null);
    }
    Outcome<X> invalid = validate(resource);
    if (invalid != null) {
      return invalid;
    }
    MessagingServer server = server(context.getClient(), namespace, serverName);
    if (server == null) {
      stores.forget(namespace, serverName);
      return Outcome.notReady(
          "ServerNotFound",
          "MessagingServer " + serverName + " does not exist in namespace " + namespace,
          false,
          null);
    }
    ServerStores.Stores serverStores =
        stores.open(server, ServerStores.target(context.getClient(), server));
    return write(resource, server, serverStores, context);
  }

  @Override
  public DeleteControl cleanup(R resource, Context<R> context) {
    String namespace = resource.getMetadata().getNamespace();
    String serverName = serverRef(resource);
    MessagingServer server =
        serverName == null ? null : server(context.getClient(), namespace, serverName);
    if (server == null) {
      // No server, no store to remove it from (a managed store went with its server).
      if (serverName != null) {
        stores.forget(namespace, serverName);
      }
      return DeleteControl.defaultDelete();
    }
    EventRecorder events = new EventRecorder(context.getClient(), clock);
    try {
      ServerStores.Stores serverStores =
          stores.open(server, ServerStores.target(context.getClient(), server));
      remove(resource, server, serverStores, context);
      LOG.info(
          "{} {}/{} removed from the store of {}",
          resource.getKind(),
          namespace,
          resource.getMetadata().getName(),
          serverName);
      return DeleteControl.defaultDelete();
    } catch (ReconcileProblem | MongoException e) {
      String message =
          "could not remove it from the store of MessagingServer "
              + serverName
              + ": "
              + e.getMessage();
      events.record(resource, EventRecorder.WARNING, "RemoveFailed", message);
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(settings.retryInterval());
    }
  }

  @Override
  public ErrorStatusUpdateControl<R> updateErrorStatus(
      R resource, Context<R> context, Exception e) {
    String message = "reconciliation failed: " + e.getMessage();
    LOG.warn(
        "{} {}/{}: {}",
        resource.getKind(),
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        message,
        e);
    new EventRecorder(context.getClient(), clock)
        .record(resource, EventRecorder.WARNING, "ReconcileFailed", message);
    List<Condition> conditions =
        Conditions.merge(
            conditions(resource.getStatus()),
            List.of(
                Conditions.of(
                    Conditions.READY,
                    false,
                    "ReconcileFailed",
                    message,
                    resource.getMetadata().getGeneration())),
            List.of(),
            clock.instant());
    resource.setStatus(
        status(
            resource,
            resource.getMetadata().getGeneration(),
            conditions,
            Outcome.notReady("ReconcileFailed", message, true, null)));
    return ErrorStatusUpdateControl.patchStatus(resource);
  }

  abstract Long observedGeneration(S status);

  static MessagingServer server(KubernetesClient client, String namespace, String name) {
    return client.resources(MessagingServer.class).inNamespace(namespace).withName(name).get();
  }

  private UpdateControl<R> patchIfChanged(R resource, S status) {
    if (Objects.equals(
        SERIALIZATION.convertValue(resource.getStatus(), Map.class),
        SERIALIZATION.convertValue(status, Map.class))) {
      return UpdateControl.noUpdate();
    }
    resource.setStatus(status);
    return UpdateControl.patchStatus(resource);
  }
}
