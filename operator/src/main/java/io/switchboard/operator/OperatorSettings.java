package io.switchboard.operator;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's settings, read from environment variables (the Helm chart sets them).
 *
 * @param namespaces namespaces to watch; empty means all ({@code SWITCHBOARD_WATCH_NAMESPACES},
 *     comma-separated)
 * @param defaultImage image of the stages when a MessagingServer names none ({@code
 *     SWITCHBOARD_DEFAULT_IMAGE})
 * @param serverSideApply write with server-side apply ({@code SWITCHBOARD_SERVER_SIDE_APPLY}, true
 *     by default; false for API servers without it, like Fabric8's mock server)
 * @param leaderElection take a Lease before reconciling, so that replicas take turns ({@code
 *     SWITCHBOARD_LEADER_ELECTION}, true by default)
 * @param leaseName name of the Lease ({@code SWITCHBOARD_LEASE_NAME})
 * @param leaseNamespace namespace of the Lease, the operator's own ({@code POD_NAMESPACE}); null
 *     means the client's namespace
 * @param exitOnLostLeadership end the process when leadership is lost, so that Kubernetes restarts
 *     it as a candidate ({@code SWITCHBOARD_EXIT_ON_LOST_LEADERSHIP}, true by default)
 * @param metricsPort port of {@code /metrics}, 0 to serve none ({@code SWITCHBOARD_METRICS_PORT})
 * @param retryInterval wait before retrying after an API server failure ({@code
 *     SWITCHBOARD_RETRY_INTERVAL}, ISO-8601 or seconds)
 * @param quotaRefreshInterval how often a Channel with a quota re-reads its usage from the store
 *     into {@code status.quota} ({@code SWITCHBOARD_QUOTA_REFRESH_INTERVAL}, ISO-8601 or seconds;
 *     60 s by default)
 */
public record OperatorSettings(
    Set<String> namespaces,
    String defaultImage,
    boolean serverSideApply,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    boolean exitOnLostLeadership,
    int metricsPort,
    Duration retryInterval,
    Duration quotaRefreshInterval) {

  public static final String DEFAULT_IMAGE = "switchboard/switchboard:0.1.0";
  public static final Duration DEFAULT_QUOTA_REFRESH_INTERVAL = Duration.ofSeconds(60);

  public OperatorSettings {
    namespaces = Set.copyOf(namespaces);
  }

  /** The settings with the default quota refresh interval. */
  public OperatorSettings(
      Set<String> namespaces,
      String defaultImage,
      boolean serverSideApply,
      boolean leaderElection,
      String leaseName,
      String leaseNamespace,
      boolean exitOnLostLeadership,
      int metricsPort,
      Duration retryInterval) {
    this(
        namespaces,
        defaultImage,
        serverSideApply,
        leaderElection,
        leaseName,
        leaseNamespace,
        exitOnLostLeadership,
        metricsPort,
        retryInterval,
        DEFAULT_QUOTA_REFRESH_INTERVAL);
  }

  /** These settings with another quota refresh interval. */
  public OperatorSettings withQuotaRefreshInterval(Duration interval) {
    return new OperatorSettings(
        namespaces,
        defaultImage,
        serverSideApply,
        leaderElection,
        leaseName,
        leaseNamespace,
        exitOnLostLeadership,
        metricsPort,
        retryInterval,
        interval);
  }

  /** The settings for tests against an API server without server-side apply. */
  public static OperatorSettings forMockServer() {
    return new OperatorSettings(
        Set.of(),
        DEFAULT_IMAGE,
        false,
        false,
        "switchboard-operator",
        null,
        false,
        0,
        Duration.ofSeconds(2));
  }

  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    String namespaces = env.getOrDefault("SWITCHBOARD_WATCH_NAMESPACES", "").strip();
    return new OperatorSettings(
        namespaces.isEmpty()
            ? Set.of()
            : Arrays.stream(namespaces.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet()),
        env.getOrDefault("SWITCHBOARD_DEFAULT_IMAGE", DEFAULT_IMAGE),
        Boolean.parseBoolean(env.getOrDefault("SWITCHBOARD_SERVER_SIDE_APPLY", "true")),
        Boolean.parseBoolean(env.getOrDefault("SWITCHBOARD_LEADER_ELECTION", "true")),
        env.getOrDefault("SWITCHBOARD_LEASE_NAME", "switchboard-operator"),
        env.get("POD_NAMESPACE"),
        Boolean.parseBoolean(env.getOrDefault("SWITCHBOARD_EXIT_ON_LOST_LEADERSHIP", "true")),
        Integer.parseInt(env.getOrDefault("SWITCHBOARD_METRICS_PORT", "8080")),
        duration(env.getOrDefault("SWITCHBOARD_RETRY_INTERVAL", "30")),
        duration(
            env.getOrDefault(
                "SWITCHBOARD_QUOTA_REFRESH_INTERVAL",
                Long.toString(DEFAULT_QUOTA_REFRESH_INTERVAL.toSeconds()))));
  }

  private static Duration duration(String text) {
    String t = text.strip();
    return t.startsWith("P") || t.startsWith("p")
        ? Duration.parse(t)
        : Duration.ofSeconds(Long.parseLong(t));
  }
}
