package io.switchboard.router.channel;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A Channel as adapters see it: its endpoint, its non-secret settings and its secret values,
 * already resolved from the Secret the Channel references.
 *
 * @param name the Channel's name
 * @param type its type, e.g. {@code dingtalk}
 * @param endpoint URL of a webhook or bot, or {@code host:port} of an SMTP server
 * @param settings non-secret settings (sender address, message type, ...)
 * @param secrets secret values by key (e.g. {@code secret}, {@code username}, {@code password})
 * @param timeout how long one attempt may take
 */
public record ChannelSettings(
    String name,
    String type,
    String endpoint,
    Map<String, String> settings,
    Map<String, String> secrets,
    Duration timeout) {

  public ChannelSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    settings = settings == null ? Map.of() : Map.copyOf(settings);
    secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
  }

  /** A setting, or {@code fallback} when it is not set. */
  public String setting(String key, String fallback) {
    return settings.getOrDefault(key, fallback);
  }

  /** A secret value, or null. */
  public String secret(String key) {
    return secrets.get(key);
  }

  @Override
  public String toString() {
    // Never print the secrets.
    return "ChannelSettings[name=" + name + ", type=" + type + ", endpoint=" + endpoint + "]";
  }
}
