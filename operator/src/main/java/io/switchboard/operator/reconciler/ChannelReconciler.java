package io.switchboard.operator.reconciler;

import com.mongodb.MongoException;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.switchboard.core.notify.quota.QuotaStore;
import io.switchboard.core.notify.quota.QuotaUsage;
import io.switchboard.crds.Channel;
import io.switchboard.crds.ChannelStatus;
import io.switchboard.crds.MessagingServer;
import io.switchboard.crds.QuotaSpec;
import io.switchboard.crds.QuotaStatus;
import io.switchboard.operator.OperatorSettings;
import io.switchboard.operator.catalog.ChannelValidation;
import io.switchboard.operator.catalog.StoredForm;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a Channel into its server's store: validated, its Secret's values written with it (the
 * services have no Kubernetes API access). A missing Secret is {@code Ready=False} with reason
 * {@code SecretNotFound}; Secrets are watched, so creating it later makes the Channel ready.
 *
 * <p>A Channel with a quota shows the current period's usage in {@code status.quota} (used, limit,
 * remaining, period start and end), read from the counters the routers keep in the same store
 * ({@link QuotaStore}), and re-read every {@link OperatorSettings#quotaRefreshInterval()}: the
 * counters change without any Kubernetes event.
 */
// Not generation-aware: adding or removing the pause annotation changes no generation.
@ControllerConfiguration(name = "channel", generationAwareEventProcessing = false)
public class ChannelReconciler extends CatalogReconciler<Channel, ChannelStatus, QuotaUsage> {

  static final String SECRET_INDEX = "secretRef";

  private static final Logger LOG = LoggerFactory.getLogger(ChannelReconciler.class);

  public ChannelReconciler(OperatorSettings settings, ServerStores stores, Clock clock) {
    super(settings, stores, clock);
  }

  @Override
  public List<EventSource<?, Channel>> prepareEventSources(EventSourceContext<Channel> context) {
    List<EventSource<?, Channel>> sources = serverEventSource(context, Channel.class);
    context
        .getPrimaryCache()
        .addIndexer(
            SECRET_INDEX,
            c ->
                c.getSpec() == null || c.getSpec().getSecretRef() == null
                    ? List.of()
                    : List.of(
                        indexKey(
                            c.getMetadata().getNamespace(), c.getSpec().getSecretRef().getName())));
    sources.add(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Secret.class, Channel.class)
                .withName("ChannelSecret")
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(
                    (Secret secret) ->
                        context
                            .getPrimaryCache()
                            .byIndex(
                                SECRET_INDEX,
                                indexKey(
                                    secret.getMetadata().getNamespace(),
                                    secret.getMetadata().getName()))
                            .stream()
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .build(),
            context));
    return sources;
  }

  @Override
  String serverRef(Channel channel) {
    return channel.getSpec() == null ? null : channel.getSpec().getServerRef();
  }

  @Override
  Outcome<QuotaUsage> validate(Channel channel) {
    List<String> problems = ChannelValidation.validate(channel);
    return problems.isEmpty()
        ? null
        : Outcome.notReady("InvalidSpec", String.join("; ", problems), false, null);
  }

  @Override
  Outcome<QuotaUsage> write(
      Channel channel,
      MessagingServer server,
      ServerStores.Stores stores,
      Context<Channel> context) {
    if (channel.getSpec().getSecretRef() != null) {
      String secretName = channel.getSpec().getSecretRef().getName();
      Secret secret =
          context
              .getClient()
              .secrets()
              .inNamespace(channel.getMetadata().getNamespace())
              .withName(secretName)
              .get();
      if (secret == null) {
        return Outcome.notReady(
            "SecretNotFound",
            "Secret "
                + secretName
                + " does not exist in namespace "
                + channel.getMetadata().getNamespace(),
            false,
            null);
      }
      Map<String, String> values = StoredForm.secretValues(secret);
      List<String> missing = ChannelValidation.missingSecretKeys(channel.getSpec(), values);
      if (!missing.isEmpty()) {
        return Outcome.notReady(
            "SecretKeyMissing",
            "Secret " + secretName + " lacks " + String.join(", ", missing),
            false,
            null);
      }
      stores.catalog().putSecret(secretName, values);
    }
    stores.catalog().put(StoredForm.of(channel));
    return Outcome.stored(
        "stored in the store of MessagingServer " + server.getMetadata().getName(),
        quotaUsage(channel, stores));
  }

  /**
   * The current period's usage, or null without a quota or when the counters cannot be read (the
   * Channel is stored all the same; the status keeps the usage it showed).
   */
  private QuotaUsage quotaUsage(Channel channel, ServerStores.Stores stores) {
    QuotaSpec quota = channel.getSpec().getQuota();
    if (quota == null) {
      return null;
    }
    try {
      return stores.quota().usage(channel.getMetadata().getName(), quota, clock.instant());
    } catch (MongoException e) {
      LOG.warn(
          "Channel {}/{}: could not read its quota usage: {}",
          channel.getMetadata().getNamespace(),
          channel.getMetadata().getName(),
          e.getMessage());
      return null;
    }
  }

  @Override
  Duration refreshAfter(Channel channel, Outcome<QuotaUsage> outcome) {
    return outcome.ready() && channel.getSpec().getQuota() != null
        ? settings.quotaRefreshInterval()
        : null;
  }

  @Override
  void remove(
      Channel channel,
      MessagingServer server,
      ServerStores.Stores stores,
      Context<Channel> context) {
    stores.catalog().delete("Channel", channel.getMetadata().getName());
    if (channel.getSpec() != null && channel.getSpec().getSecretRef() != null) {
      String secretName = channel.getSpec().getSecretRef().getName();
      boolean stillUsed =
          context
              .getPrimaryCache()
              .byIndex(SECRET_INDEX, indexKey(channel.getMetadata().getNamespace(), secretName))
              .stream()
              .anyMatch(
                  other ->
                      !other.getMetadata().getName().equals(channel.getMetadata().getName())
                          && other.getMetadata().getDeletionTimestamp() == null
                          && server.getMetadata().getName().equals(serverRef(other)));
      if (!stillUsed) {
        stores.catalog().delete("Secret", secretName);
      }
    }
  }

  @Override
  List<Condition> conditions(ChannelStatus status) {
    return status == null ? null : status.getConditions();
  }

  @Override
  Long observedGeneration(ChannelStatus status) {
    return status.getObservedGeneration();
  }

  @Override
  ChannelStatus status(
      Channel channel,
      Long observedGeneration,
      List<Condition> conditions,
      Outcome<QuotaUsage> outcome) {
    ChannelStatus status = new ChannelStatus();
    status.setObservedGeneration(observedGeneration);
    status.setConditions(conditions);
    QuotaStatus previous = channel.getStatus() == null ? null : channel.getStatus().getQuota();
    boolean hasQuota = channel.getSpec() != null && channel.getSpec().getQuota() != null;
    if (!hasQuota) {
      status.setQuota(null);
    } else if (outcome != null && outcome.detail() != null) {
      status.setQuota(quotaStatus(outcome.detail()));
    } else {
      status.setQuota(previous); // paused, not stored, or the counters unreadable: as it was
    }
    return status;
  }

  static QuotaStatus quotaStatus(QuotaUsage usage) {
    QuotaStatus quota = new QuotaStatus();
    quota.setUsed(usage.used());
    quota.setLimit(usage.limit());
    quota.setRemaining(usage.remaining());
    quota.setPeriodStart(usage.periodStart().toString());
    quota.setPeriodEnd(usage.periodEnd().toString());
    return quota;
  }
}
