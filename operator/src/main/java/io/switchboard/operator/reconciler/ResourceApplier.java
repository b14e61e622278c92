package io.switchboard.operator.reconciler;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.switchboard.operator.model.ServerResources;
import io.switchboard.operator.model.ServerServiceMonitor;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes desired objects to the API server, only when they differ from what the operator's informer
 * caches hold: by server-side apply on real clusters, or by create and JSON patch where server-side
 * apply is missing (the Fabric8 mock server). Reads come from the caches, not from the API server;
 * what the operator writes goes back into them at once, so that the next reconcile sees it even
 * before the watch event arrives.
 */
final class ResourceApplier {

  /** What applying one object did. */
  enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  /** The operator's view of the objects of the kinds it owns (its informer caches). */
  interface OwnedObjects {
    /** The cached object, or empty. */
    <T extends HasMetadata> Optional<T> get(Class<T> kind, String namespace, String name);

    /** The cached objects of a kind in a namespace that pass the filter. */
    <T extends HasMetadata> Stream<T> list(Class<T> kind, String namespace, Predicate<T> filter);

    /** Puts an object the operator has just created into the cache. */
    void created(HasMetadata object);

    /** Puts an object the operator has just changed into the cache, in place of the previous. */
    void updated(HasMetadata object, HasMetadata previous);
  }

  static final ResourceDefinitionContext SERVICE_MONITORS =
      new ResourceDefinitionContext.Builder()
          .withGroup("monitoring.coreos.com")
          .withVersion("v1")
          .withKind(ServerServiceMonitor.KIND)
          .withPlural("servicemonitors")
          .withNamespaced(true)
          .build();

  private final KubernetesClient client;
  private final OwnedObjects cache;
  private final boolean serverSideApply;

  ResourceApplier(KubernetesClient client, OwnedObjects cache, boolean serverSideApply) {
    this.client = client;
    this.cache = cache;
    this.serverSideApply = serverSideApply;
  }

  Outcome apply(HasMetadata desired) {
    HasMetadata actual =
        cache
            .get(
                desired.getClass(),
                desired.getMetadata().getNamespace(),
                desired.getMetadata().getName())
            .orElse(null);
    if (actual != null && ResourceMatcher.matches(desired, actual)) {
      return Outcome.UNCHANGED;
    }
    if (serverSideApply) {
      HasMetadata written =
          client
              .resource(desired)
              .fieldManager(ServerResources.MANAGER)
              .forceConflicts()
              .serverSideApply();
      remember(written, actual);
      return actual == null ? Outcome.CREATED : Outcome.UPDATED;
    }
    if (actual == null) {
      try {
        cache.created(client.resource(desired).create());
        return Outcome.CREATED;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        // There already, and not yet in the cache (created by an earlier reconcile whose watch
        // event has not arrived, or by someone else): update it like any existing object.
        actual = client.resource(desired).get();
        if (actual == null) {
          throw e;
        }
        if (ResourceMatcher.matches(desired, actual)) {
          return Outcome.UNCHANGED;
        }
      }
    }
    return patch(desired, actual);
  }

  /**
   * What is there with the desired fields put in (lists replaced whole), sent as a JSON patch
   * against the current object: fields others set (status, an HPA's replicas) stay. The patch
   * carries the cached resource version; if the object changed since, it is read once more.
   */
  private Outcome patch(HasMetadata desired, HasMetadata actual) {
    HasMetadata written;
    try {
      written = client.resource(ResourceMatcher.overlay(desired, actual)).patch();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      HasMetadata fresh = client.resource(desired).get();
      if (fresh == null) {
        throw e;
      }
      if (ResourceMatcher.matches(desired, fresh)) {
        return Outcome.UNCHANGED;
      }
      actual = fresh;
      written = client.resource(ResourceMatcher.overlay(desired, fresh)).patch();
    }
    cache.updated(written, actual);
    return Outcome.UPDATED;
  }

  private void remember(HasMetadata written, HasMetadata previous) {
    if (previous == null) {
      cache.created(written);
    } else {
      cache.updated(written, previous);
    }
  }

  /** The object as the cache holds it, or null. */
  <T extends HasMetadata> T get(Class<T> kind, String namespace, String name) {
    return cache.get(kind, namespace, name).orElse(null);
  }

  /**
   * Deletes what the operator made for the server earlier and no longer wants (an HPA after
   * autoscaling was switched off, an Ingress removed from the spec), found in the caches. Returns
   * what it deleted, as {@code Kind/name}.
   */
  List<String> prune(String namespace, String server, List<HasMetadata> desired) {
    Set<String> wanted = desired.stream().map(ResourceApplier::key).collect(Collectors.toSet());
    List<String> deleted = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : ServerResources.OWNED_KINDS) {
      List<? extends HasMetadata> unwanted =
          cache.list(kind, namespace, o -> ownedBy(o, server) && !wanted.contains(key(o))).toList();
      for (HasMetadata existing : unwanted) {
        // Empty when it was gone already (deleted by an earlier reconcile, still in the cache).
        if (!client.resource(existing).delete().isEmpty()) {
          deleted.add(existing.getKind() + "/" + existing.getMetadata().getName());
        }
      }
    }
    return deleted;
  }

  /** Whether the object carries the labels of {@link ServerResources#ownedSelector}. */
  static boolean ownedBy(HasMetadata object, String server) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels != null
        && server.equals(labels.get(ServerResources.LABEL_INSTANCE))
        && ServerResources.MANAGER.equals(labels.get(ServerResources.LABEL_MANAGED_BY));
  }

  /** Creates or updates the ServiceMonitor (a kind of the Prometheus operator). */
  Outcome applyServiceMonitor(GenericKubernetesResource desired) {
    var resources =
        client
            .genericKubernetesResources(SERVICE_MONITORS)
            .inNamespace(desired.getMetadata().getNamespace());
    GenericKubernetesResource actual = resources.withName(desired.getMetadata().getName()).get();
    if (actual != null && ResourceMatcher.matches(desired, actual)) {
      return Outcome.UNCHANGED;
    }
    if (serverSideApply) {
      resources
          .resource(desired)
          .fieldManager(ServerResources.MANAGER)
          .forceConflicts()
          .serverSideApply();
    } else if (actual == null) {
      resources.resource(desired).create();
    } else {
      resources.resource(ResourceMatcher.overlay(desired, actual)).patch();
    }
    return actual == null ? Outcome.CREATED : Outcome.UPDATED;
  }

  /** Deletes the server's ServiceMonitor; whether there was one. */
  boolean deleteServiceMonitor(String namespace, String name) {
    return !client
        .genericKubernetesResources(SERVICE_MONITORS)
        .inNamespace(namespace)
        .withName(name)
        .delete()
        .isEmpty();
  }

  private static String key(HasMetadata object) {
    return object.getKind() + "/" + object.getMetadata().getName();
  }
}
