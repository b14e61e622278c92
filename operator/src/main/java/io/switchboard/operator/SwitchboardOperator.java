package io.switchboard.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.operator.reconciler.MessagingServerReconciler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator's entry point: JOSDK with leader election and Prometheus metrics. */
public final class SwitchboardOperator {

  private static final Logger LOG = LoggerFactory.getLogger(SwitchboardOperator.class);

  private SwitchboardOperator() {}

  /** An operator with the Switchboard reconcilers registered, not started yet. */
  public static Operator create(
      KubernetesClient client, OperatorSettings settings, MeterRegistry registry, Clock clock) {
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
    operator.register(
        new MessagingServerReconciler(settings, clock),
        c -> {
          if (settings.namespaces().isEmpty()) {
            c.watchingAllNamespaces();
          } else {
            c.settingNamespaces(settings.namespaces());
          }
        });
    return operator;
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
    Operator operator = create(client, settings, registry, Clock.systemUTC());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (metrics != null) {
                    metrics.close();
                  }
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
