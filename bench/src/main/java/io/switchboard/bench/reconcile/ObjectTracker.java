package io.switchboard.bench.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.switchboard.crds.MessagingServer;
import io.switchboard.operator.OperatorSettings;
import io.switchboard.operator.model.DesiredState;
import io.switchboard.operator.model.ServerModel;
import io.switchboard.operator.model.ServerResources;
import io.switchboard.operator.status.Conditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Watches, through informers of the bench's own client, every kind the operator creates for a
 * MessagingServer, and notes when each object was first seen. A {@link ServerRun} knows the objects
 * its server should have, from the operator's own model ({@link DesiredState} plus the master key
 * Secret), and completes {@link ServerRun#present} when the last of them appears and {@link
 * ServerRun#ready} when the server's {@code Ready} condition first turns {@code True}.
 */
final class ObjectTracker implements AutoCloseable {

  record Key(String kind, String namespace, String name) {
    static Key of(HasMetadata o) {
      return new Key(o.getKind(), o.getMetadata().getNamespace(), o.getMetadata().getName());
    }
  }

  /** One MessagingServer of the run and its timeline, in {@link System#nanoTime()}. */
  static final class ServerRun {
    final MessagingServer server;
    final Set<Key> expected;
    final CompletableFuture<Long> present = new CompletableFuture<>();
    final CompletableFuture<Long> ready = new CompletableFuture<>();
    private final AtomicInteger missing;
    volatile long created;
    volatile long markedReady;

    ServerRun(MessagingServer server, Set<Key> expected) {
      this.server = server;
      this.expected = Set.copyOf(expected);
      this.missing = new AtomicInteger(expected.size());
    }

    String name() {
      return server.getMetadata().getName();
    }

    String namespace() {
      return server.getMetadata().getNamespace();
    }

    int missing() {
      return missing.get();
    }
  }

  private final Map<Key, Long> firstSeen = new ConcurrentHashMap<>();
  private final Map<Key, ServerRun> waiting = new ConcurrentHashMap<>();
  private final Map<Key, ServerRun> servers = new ConcurrentHashMap<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  ObjectTracker(KubernetesClient client) {
    for (Class<? extends HasMetadata> kind : ServerResources.OWNED_KINDS) {
      watch(client, kind);
    }
    watch(client, Secret.class); // the master key
    informers.add(
        client
            .resources(MessagingServer.class)
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(MessagingServer s) {
                    status(s);
                  }

                  @Override
                  public void onUpdate(MessagingServer before, MessagingServer after) {
                    status(after);
                  }

                  @Override
                  public void onDelete(MessagingServer s, boolean unknownFinalState) {}
                },
                0));
  }

  private <T extends HasMetadata> void watch(KubernetesClient client, Class<T> kind) {
    informers.add(
        client
            .resources(kind)
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<T>() {
                  @Override
                  public void onAdd(T o) {
                    seen(o);
                  }

                  @Override
                  public void onUpdate(T before, T after) {
                    seen(after);
                  }

                  @Override
                  public void onDelete(T o, boolean unknownFinalState) {}
                },
                0));
  }

  /**
   * A run for {@code server} (name and namespace set, not created yet) that expects what the
   * operator's model says the server should own. Register it before creating the server.
   */
  ServerRun expect(MessagingServer server) {
    List<HasMetadata> desired =
        DesiredState.of(ServerModel.from(server, OperatorSettings.DEFAULT_IMAGE));
    Set<Key> expected = desired.stream().map(Key::of).collect(Collectors.toSet());
    String namespace = server.getMetadata().getNamespace();
    String name = server.getMetadata().getName();
    expected.add(new Key("Secret", namespace, ServerResources.masterKeySecretName(name)));
    expected.add(new Key("Secret", namespace, ServerResources.adminTokenSecretName(name)));
    ServerRun run = new ServerRun(server, expected);
    for (Key key : expected) {
      if (firstSeen.containsKey(key)) {
        throw new IllegalStateException(key + " exists already: use a fresh name or namespace");
      }
      waiting.put(key, run);
    }
    servers.put(Key.of(server), run);
    return run;
  }

  private void seen(HasMetadata o) {
    long now = System.nanoTime();
    Key key = Key.of(o);
    if (firstSeen.putIfAbsent(key, now) != null) {
      return;
    }
    ServerRun run = waiting.remove(key);
    if (run != null && run.missing.decrementAndGet() == 0) {
      run.present.complete(now);
    }
  }

  private void status(MessagingServer s) {
    ServerRun run = servers.get(Key.of(s));
    if (run != null
        && !run.ready.isDone()
        && s.getStatus() != null
        && Conditions.isTrue(s.getStatus().getConditions(), Conditions.READY)) {
      run.ready.complete(System.nanoTime());
    }
  }

  /** The expected objects of a run not seen yet, as {@code Kind/name}. */
  List<String> missing(ServerRun run) {
    return run.expected.stream()
        .filter(k -> !firstSeen.containsKey(k))
        .map(k -> k.kind() + "/" + k.name())
        .sorted()
        .toList();
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
