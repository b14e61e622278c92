package io.switchboard.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.switchboard.crds.Channel;
import io.switchboard.crds.ChannelStatus;
import io.switchboard.crds.MessagingServer;
import io.switchboard.operator.OperatorSettings;
import io.switchboard.operator.catalog.ChannelValidation;
import io.switchboard.operator.catalog.StoredForm;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reconciles a Channel into its server's store: validated, its Secret's values written with it (the
 * services have no Kubernetes API access). A missing Secret is {@code Ready=False} with reason
 * {@code SecretNotFound}; Secrets are watched, so creating it later makes the Channel ready.
 */
// Not generation-aware: adding or removing the pause annotation changes no generation.
@ControllerConfiguration(name = "channel", generationAwareEventProcessing = false)
public class ChannelReconciler extends CatalogReconciler<Channel, ChannelStatus, Void> {

  static final String SECRET_INDEX = "secretRef";

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
  Outcome<Void> validate(Channel channel) {
    List<String> problems = ChannelValidation.validate(channel);
    return problems.isEmpty()
        ? null
        : Outcome.notReady("InvalidSpec", String.join("; ", problems), false, null);
  }

  @Override
  Outcome<Void> write(
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
        "stored in the store of MessagingServer " + server.getMetadata().getName(), null);
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
      Channel channel, Long observedGeneration, List<Condition> conditions, Outcome<Void> outcome) {
    ChannelStatus status = new ChannelStatus();
    status.setObservedGeneration(observedGeneration);
    status.setConditions(conditions);
    if (channel.getStatus() != null) {
      status.setQuota(channel.getStatus().getQuota());
    }
    return status;
  }
}
