package io.switchboard.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.switchboard.operator.model.ServerResources;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events on a custom resource ({@code kubectl describe} shows them). A failure
 * to record is logged and otherwise ignored: events are a courtesy, not part of reconciliation.
 */
public final class EventRecorder {

  public static final String NORMAL = "Normal";
  public static final String WARNING = "Warning";

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final int MAX_MESSAGE = 1024;

  private final KubernetesClient client;
  private final Clock clock;

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void record(HasMetadata regarding, String type, String reason, String message) {
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    try {
      client
          .v1()
          .events()
          .inNamespace(regarding.getMetadata().getNamespace())
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withGenerateName(regarding.getMetadata().getName() + ".")
                  .withNamespace(regarding.getMetadata().getNamespace())
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(regarding.getApiVersion())
                          .withKind(regarding.getKind())
                          .withName(regarding.getMetadata().getName())
                          .withNamespace(regarding.getMetadata().getNamespace())
                          .withUid(regarding.getMetadata().getUid())
                          .withResourceVersion(regarding.getMetadata().getResourceVersion())
                          .build())
                  .withType(type)
                  .withReason(reason)
                  .withMessage(text)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .withReportingComponent(ServerResources.MANAGER)
                  .withNewSource()
                  .withComponent(ServerResources.MANAGER)
                  .endSource()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not record event {} on {}/{}: {}",
          reason,
          regarding.getKind(),
          regarding.getMetadata().getName(),
          e.getMessage());
    }
  }
}
