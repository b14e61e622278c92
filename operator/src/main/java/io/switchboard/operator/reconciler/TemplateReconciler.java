package io.switchboard.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.switchboard.core.notify.template.TemplateRenderer;
import io.switchboard.crds.MessagingServer;
import io.switchboard.crds.Template;
import io.switchboard.crds.TemplateError;
import io.switchboard.crds.TemplateStatus;
import io.switchboard.operator.OperatorSettings;
import io.switchboard.operator.catalog.StoredForm;
import io.switchboard.operator.catalog.TemplateCompilation;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Reconciles a Template into its server's store after compiling every text with the services'
 * renderer. A template that does not compile is {@code Ready=False} with reason {@code
 * TemplateInvalid} and {@code status.error} (message, variant, line); the store keeps the last
 * version that compiled, so sending goes on with it.
 */
// Not generation-aware: adding or removing the pause annotation changes no generation.
@ControllerConfiguration(name = "template", generationAwareEventProcessing = false)
public class TemplateReconciler extends CatalogReconciler<Template, TemplateStatus, TemplateError> {

  /** The services' default limit; compiling does not depend on it. */
  private static final int MAX_RENDERED_CHARS = 65536;

  private final TemplateCompilation compilation =
      new TemplateCompilation(new TemplateRenderer(MAX_RENDERED_CHARS));

  public TemplateReconciler(OperatorSettings settings, ServerStores stores, Clock clock) {
    super(settings, stores, clock);
  }

  @Override
  public List<EventSource<?, Template>> prepareEventSources(EventSourceContext<Template> context) {
    return serverEventSource(context, Template.class);
  }

  @Override
  String serverRef(Template template) {
    return template.getSpec() == null ? null : template.getSpec().getServerRef();
  }

  @Override
  Outcome<TemplateError> validate(Template template) {
    Optional<TemplateError> error = compilation.check(template.getSpec());
    if (error.isEmpty()) {
      return null;
    }
    TemplateError e = error.get();
    String where =
        (e.getVariant() != null ? "variant " + e.getVariant() : "template")
            + (e.getLine() != null ? ", line " + e.getLine() : "");
    return Outcome.notReady(
        "TemplateInvalid", "does not compile (" + where + "): " + e.getMessage(), false, e);
  }

  @Override
  Outcome<TemplateError> write(
      Template template,
      MessagingServer server,
      ServerStores.Stores stores,
      Context<Template> context) {
    stores.catalog().put(StoredForm.of(template));
    return Outcome.stored(
        "compiled and stored in the store of MessagingServer " + server.getMetadata().getName(),
        null);
  }

  @Override
  void remove(
      Template template,
      MessagingServer server,
      ServerStores.Stores stores,
      Context<Template> context) {
    stores.catalog().delete("Template", template.getMetadata().getName());
  }

  @Override
  List<Condition> conditions(TemplateStatus status) {
    return status == null ? null : status.getConditions();
  }

  @Override
  Long observedGeneration(TemplateStatus status) {
    return status.getObservedGeneration();
  }

  @Override
  TemplateStatus status(
      Template template,
      Long observedGeneration,
      List<Condition> conditions,
      Outcome<TemplateError> outcome) {
    TemplateStatus status = new TemplateStatus();
    status.setObservedGeneration(observedGeneration);
    status.setConditions(conditions);
    if (outcome == null) {
      status.setError(template.getStatus() == null ? null : template.getStatus().getError());
    } else {
      status.setError(outcome.detail());
    }
    return status;
  }
}
