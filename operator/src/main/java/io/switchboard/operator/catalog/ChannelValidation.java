package io.switchboard.operator.catalog;

import io.switchboard.crds.Channel;
import io.switchboard.crds.ChannelSpec;
import io.switchboard.crds.ChannelType;
import io.switchboard.crds.RetrySpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the CRD schema cannot say about a Channel: the fields each type needs (docs/channels.md),
 * endpoints that parse, and the keys its Secret must hold. Pure: no API server, no store.
 */
public final class ChannelValidation {

  private static final Pattern HOST_PORT =
      Pattern.compile(
          "^(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?)(:(\\d{1,5}))?$");
  private static final Pattern BACKOFF = Pattern.compile("^([0-9]+)(ms|s|m|h)$");

  private ChannelValidation() {}

  /** Problems of the spec, each a sentence naming the field; empty when the spec is usable. */
  public static List<String> validate(Channel channel) {
    List<String> problems = new ArrayList<>();
    ChannelSpec spec = channel.getSpec();
    if (spec == null) {
      problems.add("spec is required");
      return problems;
    }
    if (spec.getType() == null) {
      problems.add("spec.type is required");
      return problems;
    }
    String endpoint = blankToNull(spec.getEndpoint());
    switch (spec.getType()) {
      case IN_APP -> {
        if (endpoint != null) {
          problems.add("spec.endpoint: an inApp channel has no endpoint");
        }
      }
      case EMAIL -> {
        if (endpoint == null) {
          problems.add("spec.endpoint is required for an email channel (SMTP host:port)");
        } else if (!isHostPort(endpoint)) {
          problems.add("spec.endpoint must be host or host:port for an email channel: " + endpoint);
        }
        if (setting(spec, "from") == null) {
          problems.add("spec.settings.from is required for an email channel");
        }
      }
      case SMS -> {
        if (endpoint == null) {
          problems.add("spec.endpoint is required for an sms channel (the gateway URL)");
        }
        if (spec.getSecretRef() == null) {
          problems.add("spec.secretRef is required for an sms channel (the gateway credentials)");
        }
      }
      case DINGTALK, WECOM, FEISHU -> {
        if (spec.getSecretRef() == null && !endpointHoldsCredential(spec)) {
          problems.add(
              "spec.secretRef is required for a "
                  + spec.getType().value()
                  + " channel (the robot's credentials are never inline)");
        }
      }
      case SLACK -> {
        if (spec.getSecretRef() == null && endpoint == null) {
          problems.add("spec.secretRef (key webhookUrl) is required for a slack channel");
        }
      }
      case WEBHOOK -> {
        // Without an endpoint, parts go to the recipients' own webhook addresses.
      }
    }
    if (endpoint != null && spec.getType() != ChannelType.EMAIL) {
      String bad = httpUrlProblem(endpoint);
      if (bad != null) {
        problems.add("spec.endpoint " + bad);
      }
    }
    if (spec.getFallbackChannel() != null
        && spec.getFallbackChannel().equals(channel.getMetadata().getName())) {
      problems.add("spec.fallbackChannel names the channel itself");
    }
    RetrySpec retry = spec.getRetry();
    if (retry != null && retry.getInitialBackoff() != null && retry.getMaxBackoff() != null) {
      Duration initial = backoff(retry.getInitialBackoff());
      Duration max = backoff(retry.getMaxBackoff());
      if (initial != null && max != null && initial.compareTo(max) > 0) {
        problems.add("spec.retry.initialBackoff is longer than spec.retry.maxBackoff");
      }
    }
    if (spec.getRateLimit() != null
        && spec.getRateLimit().getBurst() != null
        && spec.getRateLimit().getPerSecond() != null
        && spec.getRateLimit().getBurst() < spec.getRateLimit().getPerSecond()) {
      problems.add("spec.rateLimit.burst is smaller than spec.rateLimit.perSecond");
    }
    return problems;
  }

  /**
   * Keys the channel's adapter needs that its Secret lacks (docs/channels.md); empty when it has
   * them all, or when the endpoint itself still carries the credential.
   */
  public static List<String> missingSecretKeys(ChannelSpec spec, Map<String, String> secret) {
    List<String> missing = new ArrayList<>();
    if (spec.getType() == null || endpointHoldsCredential(spec)) {
      return missing;
    }
    List<String> needed =
        switch (spec.getType()) {
          case DINGTALK -> List.of("accessToken");
          case WECOM -> List.of("key");
          case FEISHU -> List.of("hookId");
          case SLACK -> List.of("webhookUrl");
          default -> List.of();
        };
    for (String key : needed) {
      String value = secret.get(key);
      if (value == null || value.isBlank()) {
        missing.add(key);
      }
    }
    if (spec.getType() == ChannelType.EMAIL
        && secret.get("username") != null
        && !secret.get("username").isBlank()
        && secret.get("password") == null) {
      missing.add("password");
    }
    return missing;
  }

  /**
   * Whether the endpoint still carries the robot's credential (the older form the adapters keep).
   */
  static boolean endpointHoldsCredential(ChannelSpec spec) {
    String endpoint = blankToNull(spec.getEndpoint());
    if (endpoint == null) {
      return false;
    }
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      return false;
    }
    String query = uri.getRawQuery() == null ? "" : "&" + uri.getRawQuery();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return switch (spec.getType()) {
      case DINGTALK -> query.contains("&access_token=");
      case WECOM -> query.contains("&key=");
      case FEISHU -> path.matches(".*/hook/[^/]+$");
      case SLACK -> true;
      default -> false;
    };
  }

  private static String httpUrlProblem(String endpoint) {
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      return "is not a URL: " + e.getMessage();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "must be an http or https URL: " + endpoint;
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return "has no host: " + endpoint;
    }
    return null;
  }

  private static boolean isHostPort(String endpoint) {
    Matcher m = HOST_PORT.matcher(endpoint);
    if (!m.matches()) {
      return false;
    }
    if (m.group(4) == null) {
      return true;
    }
    int port = Integer.parseInt(m.group(4));
    return port >= 1 && port <= 65535;
  }

  private static Duration backoff(String text) {
    Matcher m = BACKOFF.matcher(text);
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  private static String setting(ChannelSpec spec, String key) {
    return spec.getSettings() == null ? null : blankToNull(spec.getSettings().get(key));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
