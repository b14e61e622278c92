package io.switchboard.core.notify.catalog;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification configuration every stage reads: the manifests of a local folder ({@code
 * --config DIR}, i.e. {@code switchboard.notify.config-dir}) merged with what the operator wrote
 * into the store ({@link CatalogStore}; a resource of the same kind and name in the store wins).
 * Refreshed in the background, so a changed file or an applied resource takes effect without a
 * restart. A refresh that fails (a file that does not parse) keeps the last good catalog and logs
 * why.
 */
@Singleton
public class CatalogService implements Supplier<Catalog> {

  private static final Logger LOG = LoggerFactory.getLogger(CatalogService.class);

  /**
   * Where the notification configuration comes from.
   *
   * @param configDir folder of Channel/Template/Application/Secret manifests; none by default
   * @param refreshInterval how often the folder and the store are read again
   */
  @ConfigurationProperties("switchboard.notify")
  public record NotifyCatalogConfig(
      @Nullable String configDir, @Bindable(defaultValue = "2s") Duration refreshInterval) {}

  private final Path folder;
  private final CatalogStore store;
  private final ScheduledExecutorService refresher;
  private volatile Catalog current = Catalog.EMPTY;
  private volatile String fingerprint = "";
  private volatile String lastError;

  @Inject
  public CatalogService(NotifyCatalogConfig config, CatalogStore store) {
    this.folder = config.configDir() == null ? null : Path.of(config.configDir());
    this.store = store;
    if (folder != null && !Files.isDirectory(folder)) {
      throw new IllegalArgumentException(
          "switchboard.notify.config-dir is not a folder: " + folder.toAbsolutePath());
    }
    refresh();
    if (lastError != null) {
      throw new IllegalStateException("notification configuration: " + lastError);
    }
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "catalog-refresh");
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(100, config.refreshInterval().toMillis());
    refresher.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public Catalog get() {
    return current;
  }

  /** Reads the folder and the store again now. */
  public final synchronized void refresh() {
    try {
      Catalog fromFolder = folder == null ? Catalog.EMPTY : ManifestReader.readFolder(folder);
      Catalog fromStore = store.read();
      Catalog merged = merge(fromFolder, fromStore);
      String print = fingerprint(merged);
      if (!print.equals(fingerprint)) {
        LOG.info(
            "notification configuration: {} channels, {} templates, {} applications",
            merged.channels().size(),
            merged.templates().size(),
            merged.applications().size());
      }
      current = merged;
      fingerprint = print;
      if (lastError != null) {
        LOG.info("notification configuration readable again");
      }
      lastError = null;
    } catch (RuntimeException e) {
      if (!String.valueOf(e.getMessage()).equals(lastError)) {
        LOG.error(
            "notification configuration not reloaded, keeping the last good one: {}",
            e.getMessage());
      }
      lastError = String.valueOf(e.getMessage());
    }
  }

  private static String fingerprint(Catalog catalog) {
    return ManifestReader.toJson(
        java.util.List.of(
            new java.util.TreeMap<>(catalog.channels()),
            new java.util.TreeMap<>(catalog.templates()),
            new java.util.TreeMap<>(catalog.applications()),
            new java.util.TreeMap<>(catalog.secrets())));
  }

  static Catalog merge(Catalog base, Catalog over) {
    return new Catalog(
        merged(base.channels(), over.channels()),
        merged(base.templates(), over.templates()),
        merged(base.applications(), over.applications()),
        merged(base.secrets(), over.secrets()));
  }

  private static <V> Map<String, V> merged(Map<String, V> base, Map<String, V> over) {
    Map<String, V> all = new HashMap<>(base);
    all.putAll(over);
    return all;
  }

  @PreDestroy
  void stop() {
    refresher.shutdownNow();
  }
}
