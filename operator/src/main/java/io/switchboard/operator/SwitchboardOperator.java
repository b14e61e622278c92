package io.switchboard.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.operator.reconciler.ApplicationReconciler;
import io.switchboard.operator.reconciler.ChannelReconciler;
import io.switchboard.operator.reconciler.MessagingServerReconciler;
import io.switchboard.operator.reconciler.ServerStores;
import io.switchboard.operator.reconciler.TemplateReconciler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator's entry point: JOSDK with leader election and Prometheus metrics. */
public final class SwitchboardOperator {

  private static final Logger LOG = LoggerFactory.getLogger(SwitchboardOperator.class);

  private SwitchboardOperator() {}

  /**
   * An operator with the Switchboard reconcilers registered, not started yet, with its own store
   * connections (never closed: for tests that write no Channel, Template or Application).
   */
  public static Operator create(
      KubernetesClient client, OperatorSettings settings, MeterRegistry registry, Clock clock) {
    return create(
        client, settings, registry, clock, new ServerStores(clock, ServerStores.DEFAULT_TIMEOUT));
  }

  /**
   * An operator with the Switchboard reconcilers registered, not started yet; {@code stores} holds
   * the connections to the servers' MongoDBs, which the caller closes after stopping the operator.
   */
  public static Operator create(
      KubernetesClient client,
      OperatorSettings settings,
      MeterRegistry registry,
      Clock clock,
      ServerStores stores) {
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withUseSSAToPatchPrimaryResource(settings.serverSideApply())
                  .withSSABasedCreateUpdateMatchForDependentResources(settings.serverSideApply())
                  .withMetrics(
                      MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry)
                          .build());
              if (settings.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(
                        settings.leaseName(),
                        settings.leaseNamespace(),
                        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                        null,
                        null,
                        settings.exitOnLostLeadership()));
              }
            });
    for (Reconciler<?> reconciler :
        List.<Reconciler<?>>of(
            new MessagingServerReconciler(settings, clock),
            new ChannelReconciler(settings, stores, clock),
            new TemplateReconciler(settings, stores, clock),
            new ApplicationReconciler(settings, stores, clock))) {
      register(operator, reconciler, settings);
    }
    return operator;
  }

  private static <R extends HasMetadata> void register(
      Operator operator, Reconciler<R> reconciler, OperatorSettings settings) {
    operator.register(
        reconciler,
        c -> {
          if (settings.namespaces().isEmpty()) {
            c.watchingAllNamespaces();
          } else {
            c.settingNamespaces(settings.namespaces());
          }
        });
  }

  public static void main(String[] args) throws IOException {
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    KubernetesClient client = new KubernetesClientBuilder().build();
    MetricsServer metrics =
        settings.metricsPort() > 0
            ? MetricsServer.start(new InetSocketAddress(settings.metricsPort()), registry)
            : null;
    ServerStores stores = new ServerStores(Clock.systemUTC(), ServerStores.DEFAULT_TIMEOUT);
    Operator operator = create(client, settings, registry, Clock.systemUTC(), stores);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (metrics != null) {
                    metrics.close();
                  }
                  stores.close();
                  client.close();
                },
                "operator-shutdown"));
    operator.installShutdownHook(Duration.ofSeconds(10));
    operator.start();
    LOG.info(
        "Switchboard operator started: namespaces {}, server-side apply {}, leader election {},"
            + " metrics port {}",
        settings.namespaces().isEmpty() ? "all" : settings.namespaces(),
        settings.serverSideApply(),
        settings.leaderElection(),
        settings.metricsPort());
  }
}
