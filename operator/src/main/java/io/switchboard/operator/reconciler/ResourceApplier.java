package io.switchboard.operator.reconciler;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.switchboard.operator.model.ServerResources;
import io.switchboard.operator.model.ServerServiceMonitor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes desired objects to the API server, only when they differ from what is there: by
 * server-side apply on real clusters, or by create and JSON patch where server-side apply is
 * missing (the Fabric8 mock server).
 */
final class ResourceApplier {

  /** What applying one object did. */
  enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED
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
  private final boolean serverSideApply;

  ResourceApplier(KubernetesClient client, boolean serverSideApply) {
    this.client = client;
    this.serverSideApply = serverSideApply;
  }

  Outcome apply(HasMetadata desired) {
    HasMetadata actual = client.resource(desired).get();
    if (actual != null && ResourceMatcher.matches(desired, actual)) {
      return Outcome.UNCHANGED;
    }
    if (serverSideApply) {
      client
          .resource(desired)
          .fieldManager(ServerResources.MANAGER)
          .forceConflicts()
          .serverSideApply();
    } else if (actual == null) {
      client.resource(desired).create();
    } else {
      // What is there with the desired fields put in (lists replaced whole), sent as a JSON patch
      // against the current object: fields others set (status, an HPA's replicas) stay.
      client.resource(ResourceMatcher.overlay(desired, actual)).patch();
    }
    return actual == null ? Outcome.CREATED : Outcome.UPDATED;
  }

  /** The object as it is on the API server, or null. */
  <T extends HasMetadata> T get(Class<T> kind, String namespace, String name) {
    return client.resources(kind).inNamespace(namespace).withName(name).get();
  }

  /**
   * Deletes what the operator made for the server earlier and no longer wants (an HPA after
   * autoscaling was switched off, an Ingress removed from the spec). Returns what it deleted, as
   * {@code Kind/name}.
   */
  List<String> prune(String namespace, String server, List<HasMetadata> desired) {
    Set<String> wanted = desired.stream().map(ResourceApplier::key).collect(Collectors.toSet());
    List<String> deleted = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : ServerResources.OWNED_KINDS) {
      for (HasMetadata existing :
          client
              .resources(kind)
              .inNamespace(namespace)
              .withLabelSelector(ServerResources.ownedSelector(server))
              .list()
              .getItems()) {
        if (!wanted.contains(key(existing))) {
          client.resource(existing).delete();
          deleted.add(existing.getKind() + "/" + existing.getMetadata().getName());
        }
      }
    }
    return deleted;
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
