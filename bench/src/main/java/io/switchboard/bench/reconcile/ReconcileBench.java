package io.switchboard.bench.reconcile;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.bench.reconcile.ObjectTracker.ServerRun;
import io.switchboard.crds.MessagingServer;
import io.switchboard.operator.OperatorSettings;
import io.switchboard.operator.SwitchboardOperator;
import io.switchboard.operator.model.ServerResources;
import io.switchboard.operator.model.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reconcile latency of the operator: "MessagingServer applied → every object it should own
 * present". One JVM runs Fabric8's mock API server (CRUD mode, CRDs registered), the operator (as
 * in production, with the settings for an API server without server-side apply) and this driver,
 * which creates MessagingServers from an example and times each one from its create call to the
 * last of its objects seen by the driver's own informers (the expected set comes from the
 * operator's model). Then it plays the Deployment controller, reporting the replicas ready, and
 * times the server's {@code Ready} condition.
 *
 * <p>Phases: one server at a time ({@code --repeat} times, after {@code --warmup} unmeasured ones),
 * then {@code --servers} at once ({@code --bursts} times); each phase against a fresh mock API
 * server and operator, in the same JVM. No assertion on the figures: it prints them. Exit status 0,
 * or 1 when a server missed {@code --timeout}.
 */
public final class ReconcileBench {

  private static final PrintStream OUT = System.out;
  private static final long QUIET_MILLIS = 300;

  record Options(
      Path example,
      int warmup,
      int repeat,
      int servers,
      int bursts,
      int timeoutSeconds,
      int topThreads) {

    static Options parse(String[] args) {
      Path example = Path.of("examples/messagingserver-minimal.yaml");
      int warmup = 10;
      int repeat = 20;
      int servers = 100;
      int bursts = 1;
      int timeout = 300;
      int topThreads = 0;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("-h") || a.equals("--help")) {
          usage();
          System.exit(0);
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--example" -> example = Path.of(v);
          case "--warmup" -> warmup = Integer.parseInt(v);
          case "--repeat" -> repeat = Integer.parseInt(v);
          case "--servers" -> servers = Integer.parseInt(v);
          case "--bursts" -> bursts = Integer.parseInt(v);
          case "--timeout" -> timeout = Integer.parseInt(v);
          case "--top-threads" -> topThreads = Integer.parseInt(v);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      return new Options(example, warmup, repeat, servers, bursts, timeout, topThreads);
    }

    static void usage() {
      OUT.println(
          """
          reconcile: the operator's reconcile latency against Fabric8's mock API server
            --example FILE   MessagingServer to create, renamed per copy
                             (default examples/messagingserver-minimal.yaml)
            --warmup N       unmeasured single-server runs first (10)
            --repeat N       measured single-server runs, one after the other (20)
            --servers N      servers created at once in a burst (100)
            --bursts N       bursts, each against a fresh mock API server and operator (1)
            --timeout S      per run: a server not present and Ready by then fails it (300)
            --top-threads N  also list the N threads that used the most CPU in each phase (0)""");
    }
  }

  private final Options options;
  private final MessagingServer example;
  private final KubernetesClient client;
  private final ObjectTracker tracker;
  private final MeterRegistry registry;
  private final MockApiServer api;
  private final ExecutorService kubelet = Executors.newFixedThreadPool(4, named("bench-ready"));
  private boolean failed;

  private ReconcileBench(
      Options options,
      MessagingServer example,
      MockApiServer api,
      KubernetesClient client,
      MeterRegistry registry) {
    this.options = options;
    this.api = api;
    this.example = example;
    this.client = client;
    this.registry = registry;
    this.tracker = new ObjectTracker(client);
  }

  public static void main(String[] args) throws Exception {
    if (System.getProperty("logback.configurationFile") == null) {
      // before the first logger: the operator's own logback.xml logs every reconcile at INFO
      System.setProperty("logback.configurationFile", "reconcile-logback.xml");
    }
    Options options = Options.parse(args);
    long started = System.nanoTime();
    OUT.printf(
        Locale.ROOT,
        "reconcile benchmark %s: %d cores, Java %s, %s%n",
        Instant.now().truncatedTo(ChronoUnit.SECONDS),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        options);
    MessagingServer example = load(options.example());
    boolean failed = phase(options, example, ReconcileBench::sequential);
    for (int b = 0; b < options.bursts(); b++) {
      int burst = b;
      failed |= phase(options, example, bench -> bench.burst(burst));
    }
    OUT.printf(Locale.ROOT, "total time %.1f s%n", (System.nanoTime() - started) / 1e9);
    System.exit(failed ? 1 : 0);
  }

  /** What a phase does with its bench. */
  private interface Phase {
    void run(ReconcileBench bench) throws InterruptedException;
  }

  /**
   * Runs one phase against a fresh, empty mock API server and a fresh operator, in this JVM (whose
   * JIT the earlier phases warmed): the mock server's cost grows with what it stores, so a phase
   * must not pay for the objects of the one before. Whether a server missed the timeout.
   */
  private static boolean phase(Options options, MessagingServer example, Phase phase)
      throws InterruptedException {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (MockApiServer api = MockApiServer.start();
        NamespacedKubernetesClient operatorClient = api.newClient();
        NamespacedKubernetesClient benchClient = api.newClient()) {
      Operator operator =
          SwitchboardOperator.create(
              operatorClient, OperatorSettings.forMockServer(), registry, Clock.systemUTC());
      operator.start();
      ReconcileBench bench = new ReconcileBench(options, example, api, benchClient, registry);
      try {
        phase.run(bench);
      } finally {
        bench.awaitQuiet();
        bench.close();
        operator.stop();
      }
      return bench.failed;
    }
  }

  private static MessagingServer load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new KubernetesSerialization().unmarshal(in, MessagingServer.class);
    }
  }

  // ---------------------------------------------------------------- phases

  /** One server at a time: a distribution of the latency of a lone reconcile. */
  private void sequential() throws InterruptedException {
    String namespace = "bench-one";
    List<ServerRun> measured = new ArrayList<>();
    JvmCpu cpuStart = null;
    double reconcilesStart = 0;
    int requestsStart = 0;
    for (int i = 0; i < options.warmup() + options.repeat(); i++) {
      if (i == options.warmup()) {
        cpuStart = JvmCpu.sample();
        reconcilesStart = reconciles();
        requestsStart = api.requests();
      }
      ServerRun run = tracker.expect(copy(namespace, String.format(Locale.ROOT, "one-%03d", i)));
      create(run);
      if (!await(List.of(run))) {
        break;
      }
      awaitQuiet(); // the reconcile that the Ready status itself triggers: not the next run's
      if (i >= options.warmup()) {
        measured.add(run);
      }
    }
    if (cpuStart == null || measured.isEmpty()) {
      return;
    }
    JvmCpu.Window cpu = JvmCpu.sample().since(cpuStart);
    OUT.printf(
        Locale.ROOT,
        "%n== 1 server at a time: %d runs after %d warm-up runs, %d objects each ==%n",
        measured.size(),
        options.warmup(),
        measured.get(0).expected.size());
    report(measured, cpu, reconciles() - reconcilesStart, api.requests() - requestsStart, false);
  }

  /** {@code --servers} servers created back to back, as {@code kubectl apply -f DIR} would. */
  private void burst(int index) throws InterruptedException {
    String namespace = "bench-burst-" + index;
    List<ServerRun> runs = new ArrayList<>();
    for (int i = 0; i < options.servers(); i++) {
      runs.add(tracker.expect(copy(namespace, String.format(Locale.ROOT, "srv-%03d", i))));
    }
    JvmCpu cpuStart = JvmCpu.sample();
    double reconcilesStart = reconciles();
    int requestsStart = api.requests();
    for (ServerRun run : runs) {
      create(run);
    }
    long created = System.nanoTime();
    boolean complete = await(runs);
    JvmCpu.Window cpu = JvmCpu.sample().since(cpuStart);
    OUT.printf(
        Locale.ROOT,
        "%n== %d servers at once (burst %d of %d), %d objects each ==%n",
        runs.size(),
        index + 1,
        options.bursts(),
        runs.get(0).expected.size());
    OUT.printf(
        Locale.ROOT,
        "creating the %d MessagingServers took %.0f ms%n",
        runs.size(),
        ms(created - runs.get(0).created));
    if (complete) {
      report(runs, cpu, reconciles() - reconcilesStart, api.requests() - requestsStart, true);
    }
  }

  private MessagingServer copy(String namespace, String name) {
    MessagingServer server = client.getKubernetesSerialization().clone(example);
    server.getMetadata().setNamespace(namespace);
    server.getMetadata().setName(name);
    return server;
  }

  private void create(ServerRun run) {
    // Once its objects are all there, the Deployment controller (the bench) reports them ready.
    run.present.thenRunAsync(() -> markReady(run), kubelet);
    run.created = System.nanoTime();
    client.resource(run.server).create();
  }

  /** Plays the Deployment controller: every wanted replica of every stage ready. */
  private void markReady(ServerRun run) {
    for (Stage stage : Stage.values()) {
      client
          .apps()
          .deployments()
          .inNamespace(run.namespace())
          .withName(ServerResources.deploymentName(run.name(), stage))
          .editStatus(
              d -> {
                int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
                return new DeploymentBuilder(d)
                    .editOrNewStatus()
                    .withReplicas(replicas)
                    .withReadyReplicas(replicas)
                    .withAvailableReplicas(replicas)
                    .endStatus()
                    .build();
              });
    }
    run.markedReady = System.nanoTime();
  }

  /** Waits until every run is Ready; false (and the run marked failed) after the timeout. */
  private boolean await(List<ServerRun> runs) throws InterruptedException {
    CompletableFuture<?> all =
        CompletableFuture.allOf(runs.stream().map(r -> r.ready).toArray(CompletableFuture[]::new));
    try {
      all.get(options.timeoutSeconds(), TimeUnit.SECONDS);
      return true;
    } catch (TimeoutException e) {
      failed = true;
      long incomplete = runs.stream().filter(r -> !r.ready.isDone()).count();
      OUT.printf(
          Locale.ROOT,
          "FAILED: %d of %d servers not Ready after %d s%n",
          incomplete,
          runs.size(),
          options.timeoutSeconds());
      runs.stream()
          .filter(r -> !r.ready.isDone())
          .limit(5)
          .forEach(
              r ->
                  OUT.printf(
                      Locale.ROOT,
                      "  %s/%s: missing %s%s%n",
                      r.namespace(),
                      r.name(),
                      tracker.missing(r),
                      r.present.isDone() ? ", replicas reported ready, no Ready condition" : ""));
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- report

  private void report(
      List<ServerRun> runs, JvmCpu.Window cpu, double reconciles, int requests, boolean together) {
    long first = runs.stream().mapToLong(r -> r.created).min().orElseThrow();
    long lastPresent = runs.stream().mapToLong(r -> r.present.join()).max().orElseThrow();
    long lastReady = runs.stream().mapToLong(r -> r.ready.join()).max().orElseThrow();
    long[] present = runs.stream().mapToLong(r -> r.present.join() - r.created).toArray();
    long[] ready = runs.stream().mapToLong(r -> r.ready.join() - r.created).toArray();
    long[] readyAfterMark = runs.stream().mapToLong(r -> r.ready.join() - r.markedReady).toArray();
    OUT.println("                                     p50 ms    p95 ms    max ms");
    row("create → all objects present", present);
    row("create → Ready", ready);
    row("replicas ready → Ready condition", readyAfterMark);
    if (together) {
      OUT.printf(
          Locale.ROOT,
          "wall time: first create → last server's objects present %.0f ms, → last Ready %.0f"
              + " ms%n",
          ms(lastPresent - first),
          ms(lastReady - first));
    }
    OUT.printf(
        Locale.ROOT,
        "MessagingServer reconciliations: %.0f (%.1f per server); API requests: %d (%.0f per"
            + " server, the bench's included)%n",
        reconciles,
        reconciles / runs.size(),
        requests,
        (double) requests / runs.size());
    OUT.printf(
        Locale.ROOT,
        "JVM CPU (operator + mock API server + bench): %.0f ms over %.1f s (%.2f cores"
            + " busy), %.0f ms per server%n",
        ms(cpu.processNanos()),
        cpu.wallNanos() / 1e9,
        cpu.cores(),
        ms(cpu.processNanos()) / runs.size());
    OUT.printf(Locale.ROOT, "JVM memory at the end: %s%n", memory());
    for (Map.Entry<String, Long> e : cpu.byGroup().entrySet()) {
      OUT.printf(Locale.ROOT, "  %-52s %8.0f ms%n", e.getKey(), ms(e.getValue()));
    }
    OUT.printf(
        Locale.ROOT,
        "  of all: JIT compilation %d ms, garbage collection %d ms; without the JIT %.0f ms per"
            + " server%n",
        cpu.jitMillis(),
        cpu.gcMillis(),
        (ms(cpu.processNanos()) - cpu.jitMillis()) / runs.size());
    cpu.byThread().entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(options.topThreads())
        .forEach(
            e ->
                OUT.printf(
                    Locale.ROOT, "    thread %-45s %8.0f ms%n", e.getKey(), ms(e.getValue())));
  }

  private static void row(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    OUT.printf(
        Locale.ROOT,
        "%-34s %9.0f %9.0f %9.0f%n",
        what,
        ms(percentile(sorted, 50)),
        ms(percentile(sorted, 95)),
        ms(sorted[sorted.length - 1]));
  }

  /** Nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** MessagingServer reconciliations started so far, from JOSDK's Micrometer metrics. */
  private double reconciles() {
    return count("operator.sdk.reconciliations.started");
  }

  private double count(String counter) {
    return registry.find(counter).counters().stream().mapToDouble(Counter::count).sum();
  }

  /**
   * Until the operator has finished every reconciliation it started and started none for {@value
   * #QUIET_MILLIS} ms (30 s at most).
   */
  private void awaitQuiet() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    double last = -1;
    long since = System.nanoTime();
    while (System.nanoTime() < deadline) {
      double started = reconciles();
      double finished =
          count("operator.sdk.reconciliations.success")
              + count("operator.sdk.reconciliations.failed");
      if (started != last || started > finished) {
        last = started;
        since = System.nanoTime();
      } else if (System.nanoTime() - since >= TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)) {
        return;
      }
      Thread.sleep(20); // a driver's poll, not a test
    }
  }

  /**
   * The JVM's resident set and its heap after a full collection: an upper bound for the operator,
   * since the mock server and everything it stores live in the same heap.
   */
  private static String memory() {
    System.gc(); // a driver's measurement, between phases' work
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    String rss = "unknown";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024 + " MB";
        }
      }
    } catch (IOException | NumberFormatException e) {
      rss = "unknown (" + e.getMessage() + ")";
    }
    return String.format(
        Locale.ROOT,
        "RSS %s, heap after GC %d MB (operator + mock API server and its objects + bench)",
        rss,
        heap / (1024 * 1024));
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private void close() {
    kubelet.shutdownNow();
    tracker.close();
  }
}
