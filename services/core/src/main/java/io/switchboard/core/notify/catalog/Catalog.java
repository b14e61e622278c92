package io.switchboard.core.notify.catalog;

import io.switchboard.crds.Application;
import io.switchboard.crds.Channel;
import io.switchboard.crds.Template;
import java.util.Map;
import java.util.Optional;

/**
 * One consistent view of the notification configuration: the Channels, Templates and Applications
 * (by name) and the secret values the Channels reference (by Secret name, then key). Immutable: a
 * refresh builds a new one, so a request sees one version from start to end.
 */
public record Catalog(
    Map<String, Channel> channels,
    Map<String, Template> templates,
    Map<String, Application> applications,
    Map<String, Map<String, String>> secrets) {

  public static final Catalog EMPTY = new Catalog(Map.of(), Map.of(), Map.of(), Map.of());

  public Catalog {
    channels = Map.copyOf(channels);
    templates = Map.copyOf(templates);
    applications = Map.copyOf(applications);
    secrets = Map.copyOf(secrets);
  }

  public Optional<Channel> channel(String name) {
    return Optional.ofNullable(channels.get(name));
  }

  public Optional<Template> template(String name) {
    return Optional.ofNullable(templates.get(name));
  }

  public Optional<Application> application(String name) {
    return Optional.ofNullable(applications.get(name));
  }

  /**
   * The secret values of a Channel: the keys of its Secret, empty when it references none, absent
   * when it references a Secret that does not exist.
   */
  public Optional<Map<String, String>> secretsOf(Channel channel) {
    if (channel.getSpec().getSecretRef() == null) {
      return Optional.of(Map.of());
    }
    return Optional.ofNullable(secrets.get(channel.getSpec().getSecretRef().getName()));
  }
}
