package io.switchboard.router.channel;

import jakarta.inject.Singleton;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Every {@link ChannelAdapter} bean of the process, by the channel type it serves. */
@Singleton
public class AdapterRegistry {

  private final Map<String, ChannelAdapter> byType;

  /**
   * @throws IllegalStateException when two adapters claim the same type, or one claims none
   */
  public AdapterRegistry(List<ChannelAdapter> adapters) {
    Map<String, ChannelAdapter> map = new TreeMap<>();
    for (ChannelAdapter adapter : adapters) {
      String type = adapter.type();
      if (type == null || type.isBlank()) {
        throw new IllegalStateException(adapter.getClass().getName() + " serves no channel type");
      }
      ChannelAdapter previous = map.putIfAbsent(type, adapter);
      if (previous != null) {
        throw new IllegalStateException(
            "two adapters for channel type "
                + type
                + ": "
                + previous.getClass().getName()
                + " and "
                + adapter.getClass().getName());
      }
    }
    this.byType = Collections.unmodifiableMap(map);
  }

  /** The adapter for {@code type}, if this process has one. */
  public Optional<ChannelAdapter> find(String type) {
    return Optional.ofNullable(type == null ? null : byType.get(type));
  }

  /** The types served, sorted. */
  public Set<String> types() {
    return byType.keySet();
  }
}
