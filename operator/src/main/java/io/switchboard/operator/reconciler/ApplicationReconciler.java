package io.switchboard.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.switchboard.core.notify.apps.ApiKey;
import io.switchboard.core.notify.apps.ApiKeyStore;
import io.switchboard.crds.Application;
import io.switchboard.crds.ApplicationStatus;
import io.switchboard.crds.MessagingServer;
import io.switchboard.operator.OperatorSettings;
import io.switchboard.operator.catalog.ApplicationKeys;
import io.switchboard.operator.catalog.CatalogResources;
import io.switchboard.operator.catalog.StoredForm;
import io.switchboard.operator.model.MasterKey;
import io.switchboard.operator.model.ServerResources;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Reconciles an Application into its server's store: the key pair is generated once into a Secret
 * the Application owns ({@code <name>-api-key}, keys {@code accessKeyId} and {@code secretKey}) and
 * kept stable; the pair is stored with {@link ApiKeyStore} under the server's master key, and the
 * access key id goes into the status. Deleting the Application deletes its keys from the store.
 */
// Not generation-aware: adding or removing the pause annotation changes no generation.
@ControllerConfiguration(name = "application", generationAwareEventProcessing = false)
public class ApplicationReconciler
    extends CatalogReconciler<Application, ApplicationStatus, ApplicationKeys.KeyPair> {

  private final SecureRandom random = new SecureRandom();

  public ApplicationReconciler(OperatorSettings settings, ServerStores stores, Clock clock) {
    super(settings, stores, clock);
  }

  @Override
  public List<EventSource<?, Application>> prepareEventSources(
      EventSourceContext<Application> context) {
    List<EventSource<?, Application>> sources = serverEventSource(context, Application.class);
    sources.add(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Secret.class, Application.class)
                .withName("ApplicationKeySecret")
                .withNamespacesInheritedFromController()
                .withLabelSelector(
                    ServerResources.LABEL_COMPONENT + "=" + CatalogResources.API_KEY_COMPONENT)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Application.class))
                .build(),
            context));
    return sources;
  }

  @Override
  String serverRef(Application application) {
    return application.getSpec() == null ? null : application.getSpec().getServerRef();
  }

  @Override
  Outcome<ApplicationKeys.KeyPair> validate(Application application) {
    List<String> problems = ApplicationKeys.validate(application);
    return problems.isEmpty()
        ? null
        : Outcome.notReady("InvalidSpec", String.join("; ", problems), false, null);
  }

  @Override
  Outcome<ApplicationKeys.KeyPair> write(
      Application application,
      MessagingServer server,
      ServerStores.Stores stores,
      Context<Application> context)
      throws ReconcileProblem {
    KubernetesClient client = context.getClient();
    String name = application.getMetadata().getName();
    String namespace = application.getMetadata().getNamespace();
    String serverName = server.getMetadata().getName();
    EventRecorder events = new EventRecorder(client, clock);

    MasterKeys.Ensured masterKey = MasterKeys.ensure(client, server);
    if (masterKey.created()) {
      events.record(
          server,
          EventRecorder.NORMAL,
          "Created",
          "Created Secret " + ServerResources.masterKeySecretName(serverName));
    }

    String secretName = CatalogResources.keySecretName(name);
    Secret existing = client.secrets().inNamespace(namespace).withName(secretName).get();
    if (existing != null && !CatalogResources.ownedBy(existing, application)) {
      return Outcome.notReady(
          "KeySecretConflict",
          "Secret " + secretName + " exists and does not belong to this Application",
          false,
          null);
    }
    Optional<ApplicationKeys.KeyPair> kept =
        existing == null ? Optional.empty() : ApplicationKeys.read(existing);
    ApplicationKeys.KeyPair pair;
    if (kept.isPresent()) {
      pair = kept.get();
    } else {
      pair = ApplicationKeys.generate(random);
      Secret desired = ApplicationKeys.secret(application, serverName, pair);
      if (existing == null) {
        client.secrets().inNamespace(namespace).resource(desired).create();
      } else {
        client
            .secrets()
            .inNamespace(namespace)
            .resource(
                new SecretBuilder(existing)
                    .withData(desired.getData())
                    .withStringData(null)
                    .build())
            .update();
      }
      events.record(
          application,
          EventRecorder.NORMAL,
          "KeyGenerated",
          "generated access key " + pair.accessKeyId() + " into Secret " + secretName);
    }

    ApiKeyStore keys = stores.apiKeys(masterKey.key());
    if (!stored(keys, pair, name)) {
      keys.put(pair.accessKeyId(), name, pair.secretKey());
    }
    String previous =
        application.getStatus() == null ? null : application.getStatus().getAccessKeyId();
    if (previous != null && !previous.equals(pair.accessKeyId())) {
      keys.delete(previous);
      events.record(
          application, EventRecorder.NORMAL, "KeyReplaced", "removed access key " + previous);
    }
    stores.catalog().put(StoredForm.of(application));
    return Outcome.stored(
        "stored in the store of MessagingServer "
            + serverName
            + " with access key "
            + pair.accessKeyId(),
        pair);
  }

  /** Whether the store already holds this pair, enabled, for this application. */
  private static boolean stored(
      ApiKeyStore keys, ApplicationKeys.KeyPair pair, String application) {
    Optional<ApiKey> current;
    try {
      current = keys.find(pair.accessKeyId());
    } catch (IllegalArgumentException e) {
      // Encrypted under another master key: write it again under the current one.
      return false;
    }
    return current.isPresent()
        && current.get().enabled()
        && application.equals(current.get().application())
        && pair.secretKey().equals(current.get().secretKey());
  }

  @Override
  void remove(
      Application application,
      MessagingServer server,
      ServerStores.Stores stores,
      Context<Application> context) {
    String masterKey =
        MasterKeys.find(context.getClient(), server)
            // Deleting needs no decryption: any key opens the store for it.
            .orElseGet(() -> MasterKey.generate(random));
    stores.apiKeys(masterKey).deleteApplication(application.getMetadata().getName());
    stores.catalog().delete("Application", application.getMetadata().getName());
  }

  @Override
  List<Condition> conditions(ApplicationStatus status) {
    return status == null ? null : status.getConditions();
  }

  @Override
  Long observedGeneration(ApplicationStatus status) {
    return status.getObservedGeneration();
  }

  @Override
  ApplicationStatus status(
      Application application,
      Long observedGeneration,
      List<Condition> conditions,
      Outcome<ApplicationKeys.KeyPair> outcome) {
    ApplicationStatus status = new ApplicationStatus();
    status.setObservedGeneration(observedGeneration);
    status.setConditions(conditions);
    ApplicationStatus previous = application.getStatus();
    if (outcome != null && outcome.detail() != null) {
      status.setAccessKeyId(outcome.detail().accessKeyId());
      status.setSecretName(CatalogResources.keySecretName(application.getMetadata().getName()));
    } else if (previous != null) {
      status.setAccessKeyId(previous.getAccessKeyId());
      status.setSecretName(previous.getSecretName());
    }
    return status;
  }
}
