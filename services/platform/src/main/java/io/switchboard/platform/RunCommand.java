package io.switchboard.platform;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.EmbeddedApplication;
import io.micronaut.runtime.server.EmbeddedServer;
import io.switchboard.access.xmpp.XmppServer;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code switchboard run}: starts the platform, in one JVM or as one stage of a distributed one.
 */
final class RunCommand {

  static final String USAGE =
      """
      switchboard run [options]
        --data DIR           where local state lives (default ./data): embedded store, admin token
        --domain D           the XMPP domain served (default localhost)
        --mode M             local (default: all four stages in this JVM) or distributed
        --role R             distributed only: the stage this process runs:
                             access, parser, processor or router
        --nats URL           distributed only (required): the NATS server, e.g. nats://127.0.0.1:4222
        --nats-credentials FILE
                             distributed only: a NATS .creds file (user JWT and NKey seed) for a
                             NATS server with authentication (operator/JWT mode)
        --mongo URI          MongoDB connection string (required when distributed;
                             default: an embedded store under the data folder)
        --http-port P        HTTP port: admin API, /health, /prometheus (default 8080)
        --xmpp-port P        XMPP client port (default 5222)
        --node-id ID         this process's node id (default: host name + random suffix)
        --config DIR         notification Channels, Templates, Applications and Secrets (manifests;
                             re-read while running), e.g. examples/local
        --insecure           allow plain-text logins without TLS (benchmarks and development only)
      """;

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  static final List<String> ROLES = List.of("access", "parser", "processor", "router");

  private static final Set<String> VALUED =
      Set.of(
          "config",
          "data",
          "domain",
          "mode",
          "role",
          "nats",
          "nats-credentials",
          "mongo",
          "http-port",
          "xmpp-port",
          "node-id");
  private static final Set<String> SWITCHES = Set.of("insecure");
  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private RunCommand() {}

  /**
   * The Micronaut properties that {@code run} with these arguments starts with. Relative paths are
   * resolved against the current directory.
   */
  static Map<String, Object> properties(List<String> args) throws UsageException {
    CommandLine cl = CommandLine.parse(args, VALUED, SWITCHES);
    if (!cl.positionals().isEmpty()) {
      throw new UsageException("run takes no arguments, only options: " + cl.positionals());
    }
    Map<String, Object> props = new LinkedHashMap<>();

    String mode = cl.option("mode", "local").toLowerCase(Locale.ROOT);
    if (!mode.equals("local") && !mode.equals("distributed")) {
      throw new UsageException("--mode must be local or distributed, not " + cl.option("mode"));
    }
    props.put("deployment.type", mode);

    Path data = Path.of(cl.option("data", "./data")).toAbsolutePath().normalize();
    props.put("switchboard.data-dir", data.toString());

    if (cl.has("domain")) {
      props.put("switchboard.domain", cl.option("domain").strip());
    }
    if (cl.has("node-id")) {
      String nodeId = cl.option("node-id").strip();
      if (!NODE_ID.matcher(nodeId).matches()) {
        throw new UsageException("--node-id must be 1-64 of A-Z a-z 0-9 _ -, not " + nodeId);
      }
      props.put("switchboard.node-id", nodeId);
    }
    if (cl.has("mongo")) {
      String uri = cl.option("mongo").strip();
      if (!uri.startsWith("mongodb://") && !uri.startsWith("mongodb+srv://")) {
        throw new UsageException(
            "--mongo must be a MongoDB connection string (mongodb://...), not " + uri);
      }
      props.put("switchboard.mongo.uri", uri);
    }
    Integer httpPort = cl.port("http-port");
    if (httpPort != null) {
      props.put("micronaut.server.port", httpPort.toString());
    }
    Integer xmppPort = cl.port("xmpp-port");
    if (xmppPort != null) {
      props.put("switchboard.xmpp.port", xmppPort.toString());
    }
    if (cl.option("config") != null) {
      Path config = Path.of(cl.option("config").strip()).toAbsolutePath().normalize();
      if (!java.nio.file.Files.isDirectory(config)) {
        throw new UsageException("--config must be a folder of manifests, not " + config);
      }
      props.put("switchboard.notify.config-dir", config.toString());
    }
    if (cl.flag("insecure")) {
      props.put("switchboard.xmpp.tls-required", "false");
      props.put("switchboard.xmpp.allow-plain-without-tls", "true");
    }

    if (mode.equals("local")) {
      if (cl.has("role")) {
        throw new UsageException(
            "--role is for --mode distributed; in local mode one process runs all four stages");
      }
      if (cl.has("nats") || cl.has("nats-credentials")) {
        throw new UsageException(
            (cl.has("nats") ? "--nats" : "--nats-credentials")
                + " is for --mode distributed; in local mode the stages talk in memory");
      }
      for (String stage : ROLES) {
        props.put("switchboard.stages." + stage + ".enabled", "true");
      }
    } else {
      String role = cl.option("role");
      if (role == null) {
        throw new UsageException(
            "--mode distributed needs --role (one of " + String.join(", ", ROLES) + ")");
      }
      role = role.toLowerCase(Locale.ROOT);
      if (!ROLES.contains(role)) {
        throw new UsageException(
            "--role must be one of " + String.join(", ", ROLES) + ", not " + cl.option("role"));
      }
      if (!cl.has("nats")) {
        throw new UsageException(
            "--mode distributed needs --nats URL: the stages talk over NATS (JetStream)");
      }
      if (!cl.has("mongo")) {
        throw new UsageException(
            "--mode distributed needs --mongo URI: every stage must share one MongoDB"
                + " (start one for development with: switchboard dev-mongo --port 27017)");
      }
      props.put("switchboard.nats.url", cl.option("nats").strip());
      if (cl.has("nats-credentials")) {
        Path creds = Path.of(cl.option("nats-credentials").strip()).toAbsolutePath().normalize();
        if (!java.nio.file.Files.isRegularFile(creds)) {
          throw new UsageException("--nats-credentials must be a NATS .creds file, not " + creds);
        }
        props.put("switchboard.nats.credentials-file", creds.toString());
      }
      for (String stage : ROLES) {
        props.put("switchboard.stages." + stage + ".enabled", String.valueOf(stage.equals(role)));
      }
    }
    return props;
  }

  /** Starts the platform and blocks until it is shut down. */
  static int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
    Map<String, Object> props = properties(args);
    // Not Micronaut.run(): that blocks before we could say where things are, and exits the JVM
    // with a stack trace instead of a sentence when something is wrong (a port in use, say).
    ApplicationContext context = null;
    EmbeddedApplication<?> application = null;
    try {
      context = ApplicationContext.builder().mainClass(Switchboard.class).properties(props).start();
      application = context.findBean(EmbeddedApplication.class).orElse(null);
      if (application != null) {
        application.start();
      }
    } catch (RuntimeException e) {
      LOG.debug("startup failed", e);
      err.println("switchboard: could not start: " + Switchboard.describe(e));
      stopQuietly(application, context);
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    ApplicationContext running = context;
    EmbeddedApplication<?> app = application;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    stopQuietly(app, running);
                  } finally {
                    stopped.countDown();
                  }
                },
                "switchboard-shutdown"));
    out.println(startedLine(context, props));
    out.flush();
    try {
      while (context.isRunning() && !stopped.await(1, TimeUnit.SECONDS)) {
        // the shutdown hook (Ctrl-C, SIGTERM) or a fatal stop ends the wait
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static void stopQuietly(EmbeddedApplication<?> application, ApplicationContext context) {
    try {
      if (application != null && application.isRunning()) {
        application.stop();
      }
    } catch (RuntimeException e) {
      LOG.warn("stopping the server failed", e);
    }
    try {
      if (context != null && context.isRunning()) {
        context.close();
      }
    } catch (RuntimeException e) {
      LOG.warn("stopping the application context failed", e);
    }
  }

  /** The one line that tells a new user where everything is. */
  static String startedLine(ApplicationContext context, Map<String, Object> props) {
    String data = (String) props.get("switchboard.data-dir");
    String domain = context.getProperty("switchboard.domain", String.class).orElse("localhost");
    Optional<EmbeddedServer> http = context.findBean(EmbeddedServer.class);
    String httpUrl =
        http.map(s -> "http://" + s.getHost() + ":" + s.getPort()).orElse("(no HTTP server)");
    String mode = (String) props.get("deployment.type");
    boolean access =
        !"false"
            .equals(
                context
                    .getProperty("switchboard.stages.access.enabled", String.class)
                    .orElse("true"));
    StringBuilder line = new StringBuilder("Switchboard is up");
    if (mode.equals("distributed")) {
      String role =
          ROLES.stream()
              .filter(r -> "true".equals(props.get("switchboard.stages." + r + ".enabled")))
              .findFirst()
              .orElse("?");
      line.append(" (distributed, stage ").append(role).append(")");
    }
    line.append(": ");
    if (access) {
      Optional<InetSocketAddress> bound =
          context.findBean(XmppServer.class).map(XmppServer::address);
      String xmppHost =
          bound
              .map(InetSocketAddress::getHostString)
              .orElseGet(
                  () ->
                      context
                          .getProperty("switchboard.xmpp.host", String.class)
                          .orElse("127.0.0.1"));
      int xmppPort =
          bound
              .map(InetSocketAddress::getPort)
              .orElseGet(
                  () -> context.getProperty("switchboard.xmpp.port", Integer.class).orElse(5222));
      line.append("XMPP on ")
          .append(xmppHost)
          .append(':')
          .append(xmppPort)
          .append(" for domain ")
          .append(domain)
          .append(", ");
    }
    line.append("HTTP on ").append(httpUrl).append(", data in ").append(data).append(". ");
    if (access) {
      line.append("Add a user: ./switchboard users add alice <password>");
      if (!Path.of("data").toAbsolutePath().normalize().toString().equals(data)) {
        line.append(" --data ").append(data);
      }
      if (http.isPresent() && http.get().getPort() != 8080) {
        line.append(" --url ").append(httpUrl);
      }
    } else {
      line.append("Health: ").append(httpUrl).append("/health");
    }
    return line.toString();
  }
}
