package io.switchboard.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.switchboard.operator.model.Fixtures;
import io.switchboard.operator.model.Stage;
import io.switchboard.operator.model.StageDeployment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The applier reads from the cache it is given and writes only what differs. */
@EnableKubernetesMockClient(crud = true)
class ResourceApplierTest {

  KubernetesClient client;
  KubernetesMockServer server;

  final MapCache cache = new MapCache();
  final Deployment desired =
      StageDeployment.deployment(Fixtures.model(Fixtures.minimal()), Stage.ROUTER, "sum");

  ResourceApplier applier() {
    return new ResourceApplier(client, cache, false);
  }

  @Test
  void anObjectTheCacheHoldsAsDesiredCostsNoRequest() {
    assertThat(applier().apply(desired)).isEqualTo(ResourceApplier.Outcome.CREATED);
    int requests = server.getRequestCount();

    assertThat(applier().apply(desired)).isEqualTo(ResourceApplier.Outcome.UNCHANGED);

    assertThat(server.getRequestCount()).isEqualTo(requests);
  }

  @Test
  void whatItCreatesAndChangesGoesIntoTheCache() {
    applier().apply(desired);
    assertThat(cache.get(Deployment.class, namespace(), name())).isPresent();

    Deployment scaled = new DeploymentBuilder(desired).editSpec().withReplicas(3).endSpec().build();
    assertThat(applier().apply(scaled)).isEqualTo(ResourceApplier.Outcome.UPDATED);

    assertThat(
            cache.get(Deployment.class, namespace(), name()).orElseThrow().getSpec().getReplicas())
        .isEqualTo(3);
    assertThat(client.resource(desired).get().getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void anObjectThatExistsButIsNotYetCachedIsUpdatedNotCreatedTwice() {
    client
        .resource(new DeploymentBuilder(desired).editSpec().withReplicas(2).endSpec().build())
        .create();

    assertThat(applier().apply(desired)).isEqualTo(ResourceApplier.Outcome.UPDATED);

    assertThat(client.resource(desired).get().getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void anObjectThatChangedSinceItWasCachedIsReadAgainAndPatched() {
    applier().apply(desired);
    // Someone else changes it; the cache still holds the older version.
    Deployment current = client.resource(desired).get();
    current.getSpec().setMinReadySeconds(5);
    client.resource(current).update();

    Deployment scaled = new DeploymentBuilder(desired).editSpec().withReplicas(4).endSpec().build();
    assertThat(applier().apply(scaled)).isEqualTo(ResourceApplier.Outcome.UPDATED);

    Deployment after = client.resource(desired).get();
    assertThat(after.getSpec().getReplicas()).isEqualTo(4);
    assertThat(after.getSpec().getMinReadySeconds()).isEqualTo(5);
  }

  @Test
  void pruneDeletesWhatTheCacheHoldsForTheServerAndNoLongerWanted() {
    applier().apply(desired);
    Deployment other =
        new DeploymentBuilder(desired).editMetadata().withName("demo-extra").endMetadata().build();
    applier().apply(other);

    List<String> deleted = applier().prune(namespace(), serverName(), List.of(desired));

    assertThat(deleted).containsExactly("Deployment/demo-extra");
    assertThat(client.resource(other).get()).isNull();
    assertThat(client.resource(desired).get()).isNotNull();
    // Still cached until the watch event would remove it: a second prune deletes nothing.
    assertThat(applier().prune(namespace(), serverName(), List.of(desired))).isEmpty();
  }

  private String namespace() {
    return desired.getMetadata().getNamespace();
  }

  private String name() {
    return desired.getMetadata().getName();
  }

  private String serverName() {
    return desired.getMetadata().getLabels().get("app.kubernetes.io/instance");
  }

  /** A cache in a map, standing in for the informers. */
  static final class MapCache implements ResourceApplier.OwnedObjects {
    private final Map<String, HasMetadata> objects = new ConcurrentHashMap<>();

    @Override
    public <T extends HasMetadata> Optional<T> get(Class<T> kind, String namespace, String name) {
      return Optional.ofNullable(objects.get(key(kind, namespace, name))).map(kind::cast);
    }

    @Override
    public <T extends HasMetadata> Stream<T> list(
        Class<T> kind, String namespace, Predicate<T> filter) {
      return objects.values().stream()
          .filter(kind::isInstance)
          .map(kind::cast)
          .filter(o -> namespace.equals(o.getMetadata().getNamespace()))
          .filter(filter);
    }

    @Override
    public void created(HasMetadata object) {
      put(object);
    }

    @Override
    public void updated(HasMetadata object, HasMetadata previous) {
      put(object);
    }

    private void put(HasMetadata object) {
      objects.put(
          key(
              object.getClass(),
              object.getMetadata().getNamespace(),
              object.getMetadata().getName()),
          object);
    }

    private static String key(Class<?> kind, String namespace, String name) {
      return kind.getSimpleName() + "/" + namespace + "/" + name;
    }
  }
}
