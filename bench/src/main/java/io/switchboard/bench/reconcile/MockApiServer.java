package io.switchboard.bench.reconcile;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.switchboard.operator.CustomResourceDefinitions;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fabric8's Kubernetes mock server in CRUD mode over HTTPS on loopback, set up as {@code
 * EnableKubernetesMockClient(crud = true)} sets it up for the operator's integration tests, with
 * Switchboard's CRDs registered.
 */
final class MockApiServer implements AutoCloseable {

  /**
   * The mock web server logs every request at INFO through java.util.logging, on the threads that
   * serve them: kept (strongly referenced) at WARNING so that logging is not what is measured.
   */
  private static final Logger REQUEST_LOG = Logger.getLogger(MockWebServer.class.getName());

  private final KubernetesMockServer server;

  private MockApiServer(KubernetesMockServer server) {
    this.server = server;
  }

  static MockApiServer start() {
    REQUEST_LOG.setLevel(Level.WARNING);
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            true);
    server.init(InetAddress.getLoopbackAddress(), 0);
    MockApiServer api = new MockApiServer(server);
    try (NamespacedKubernetesClient client = api.newClient()) {
      CustomResourceDefinitions.register(client);
    }
    return api;
  }

  /** A client of its own (its own HTTP client and connections); the caller closes it. */
  NamespacedKubernetesClient newClient() {
    return server.createClient();
  }

  /** Requests the server has answered so far (all clients', watches included). */
  int requests() {
    return server.getRequestCount();
  }

  @Override
  public void close() {
    server.destroy();
  }
}
