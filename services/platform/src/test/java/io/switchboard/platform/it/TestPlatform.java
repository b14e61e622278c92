package io.switchboard.platform.it;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.switchboard.access.xmpp.XmppServer;
import io.switchboard.core.store.EmbeddedMongo;
import io.switchboard.core.testing.NatsServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole platform for integration tests, on loopback: either one application context with all four
 * stages ({@code local}), or a real nats-server, one embedded store and four application contexts,
 * one per stage, each with its own node id ({@code distributed}).
 */
public final class TestPlatform implements AutoCloseable {

  public static final String ADMIN_TOKEN = "test-admin-token-0123456789";

  /** The two deployment types every scenario runs in. */
  public enum Mode {
    LOCAL,
    DISTRIBUTED
  }

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final Map<String, Map<String, Object>> roleProps = new HashMap<>();
  private final Map<String, ApplicationContext> roles = new HashMap<>();
  private final Path dataDir;
  private ApplicationContext access;
  private EmbeddedServer http;
  private NatsServerProcess nats;

  private TestPlatform(Path dataDir) {
    this.dataDir = dataDir;
  }

  public static TestPlatform start(Mode mode, Map<String, Object> overrides) throws Exception {
    Path data = Files.createTempDirectory("sb-it-");
    TestPlatform p = new TestPlatform(data);
    try {
      if (mode == Mode.LOCAL) {
        Map<String, Object> props = base(data, "local-node");
        props.put("deployment.type", "local");
        props.putAll(overrides);
        p.startAccess(props);
      } else {
        p.nats = NatsServerProcess.start();
        p.closeables.add(p.nats);
        EmbeddedMongo mongo = EmbeddedMongo.start(data.resolve("store"), 0);
        p.closeables.add(mongo);
        for (String role : List.of("router", "processor", "parser")) {
          Map<String, Object> props = distributed(data, role, p.nats.url(), mongo);
          props.putAll(overrides);
          p.roleProps.put(role, props);
          p.startRole(role);
        }
        Map<String, Object> props = distributed(data, "access", p.nats.url(), mongo);
        props.putAll(overrides);
        p.startAccess(props);
      }
      return p;
    } catch (Exception | Error e) {
      p.close();
      throw e;
    }
  }

  private void startAccess(Map<String, Object> props) {
    http = ApplicationContext.run(EmbeddedServer.class, props);
    access = http.getApplicationContext();
    closeables.add(0, http);
  }

  private static Map<String, Object> base(Path data, String nodeId) {
    Map<String, Object> props = new HashMap<>();
    props.put("switchboard.domain", "localhost");
    props.put("switchboard.data-dir", data.toString());
    props.put("switchboard.node-id", nodeId);
    props.put("switchboard.admin.token", ADMIN_TOKEN);
    props.put("switchboard.xmpp.port", 0);
    props.put("switchboard.xmpp.direct-tls-port", 0);
    props.put("micronaut.server.port", -1);
    props.put("micronaut.server.host", "127.0.0.1");
    return props;
  }

  private static Map<String, Object> distributed(
      Path data, String role, String natsUrl, EmbeddedMongo mongo) {
    Map<String, Object> props = base(data, role + "-1");
    props.put("deployment.type", "distributed");
    props.put("switchboard.nats.url", natsUrl);
    props.put("switchboard.mongo.uri", mongo.connectionString());
    for (String stage : List.of("access", "parser", "processor", "router")) {
      props.put("switchboard.stages." + stage + ".enabled", stage.equals(role));
    }
    return props;
  }

  /** Stops one stage process (distributed mode): parser, processor or router. */
  public void stopRole(String role) {
    ApplicationContext ctx = roles.remove(role);
    closeables.remove(ctx);
    ctx.close();
  }

  /** Starts one stage process again with its original configuration. */
  public void startRole(String role) {
    ApplicationContext ctx = ApplicationContext.run(roleProps.get(role));
    roles.put(role, ctx);
    closeables.add(0, ctx);
  }

  public int xmppPort() {
    return access.getBean(XmppServer.class).address().getPort();
  }

  public URI httpUri() {
    return http.getURI();
  }

  public ApplicationContext accessContext() {
    return access;
  }

  /** The context of a stage process: the access process for "access" and in local mode. */
  public ApplicationContext context(String role) {
    ApplicationContext ctx = roles.get(role);
    return ctx != null ? ctx : access;
  }

  public Path dataDir() {
    return dataDir;
  }

  public NatsServerProcess nats() {
    return nats;
  }

  /** Messages stored offline for an account, read from the store the platform uses. */
  public long offlineCount(String bareJid) {
    return access
        .getBean(io.switchboard.core.offline.OfflineStore.class)
        .count(io.switchboard.xmpp.Jid.of(bareJid));
  }

  /** Creates an account through the admin HTTP API, as an operator would. */
  public void createUser(String name, String password) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(httpUri().resolve("/admin/v1/users"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"username\":\"" + name + "\",\"password\":\"" + password + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("creating " + name + ": " + r.statusCode() + " " + r.body());
    }
  }

  @Override
  public void close() {
    List<AutoCloseable> all = new ArrayList<>(closeables);
    closeables.clear();
    for (AutoCloseable c : all) {
      try {
        c.close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
  }

  static Map<String, Object> props(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return Collections.unmodifiableMap(m);
  }
}
