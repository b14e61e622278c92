package io.switchboard.crds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The schema refuses what it should, so that ExamplesTest means something. */
class SchemaValidatorTest {

  static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void refusesMissingRequiredWrongEnumPatternAndRange() throws IOException {
    CustomResourceDefinition crd = CrdsUpToDateTest.load("messagingservers");
    JsonNode bad =
        YAML.readTree(
            """
            apiVersion: switchboard.io/v1alpha1
            kind: MessagingServer
            metadata: {name: bad}
            spec:
              imagePullPolicy: Sometimes
              nats: {url: "http://not-nats"}
              stages:
                router: {replicas: -1, autoscaling: {minReplicas: 0, maxReplicas: 2, targetCPUUtilizationPercentage: 101}}
              listeners:
                xmpp: {port: 70000, serviceType: External}
              mongodb: {uriSecretRef: {key: uri}}
              replicaz: 3
            """);
    assertThat(SchemaValidator.validate(bad, crd))
        .containsExactlyInAnyOrder(
            "spec.domains: required",
            "spec.imagePullPolicy: must be one of [\"Always\", \"IfNotPresent\", \"Never\"]",
            "spec.nats.url: 'http://not-nats' does not match ^(nats|tls)://.+$",
            "spec.stages.router.replicas: must be at least 0",
            "spec.stages.router.autoscaling.minReplicas: must be at least 1",
            "spec.stages.router.autoscaling.targetCPUUtilizationPercentage: must be at most 100",
            "spec.listeners.xmpp.port: must be at most 65535",
            "spec.listeners.xmpp.serviceType: must be one of [\"ClusterIP\", \"LoadBalancer\", \"NodePort\"]",
            "spec.mongodb.uriSecretRef.name: required",
            "spec.replicaz: unknown field");
  }

  @Test
  void refusesAChannelWithoutTypeOrWithAnUnknownOne() throws IOException {
    CustomResourceDefinition crd = CrdsUpToDateTest.load("channels");
    JsonNode bad =
        YAML.readTree(
            """
            apiVersion: switchboard.io/v1alpha1
            kind: Channel
            metadata: {name: c}
            spec:
              serverRef: Demo
              type: pigeon
              quota: {limit: 0}
              retry: {initialBackoff: soon}
            """);
    assertThat(SchemaValidator.validate(bad, crd))
        .contains(
            "spec.serverRef: 'Demo' does not match ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
            "spec.quota.limit: must be at least 1",
            "spec.retry.initialBackoff: 'soon' does not match ^[0-9]+(ms|s|m|h)$")
        .anySatisfy(p -> assertThat(p).startsWith("spec.type: must be one of"));
  }

  @Test
  void refusesATemplateWithoutVariants() throws IOException {
    CustomResourceDefinition crd = CrdsUpToDateTest.load("templates");
    JsonNode bad =
        YAML.readTree(
            """
            apiVersion: switchboard.io/v1alpha1
            kind: Template
            metadata: {name: t}
            spec: {serverRef: demo, variants: []}
            """);
    assertThat(SchemaValidator.validate(bad, crd))
        .containsExactly("spec.variants: needs at least 1 items");
  }

  @Test
  void acceptsQuantitiesAsNumbersOrStrings() throws IOException {
    CustomResourceDefinition crd = CrdsUpToDateTest.load("messagingservers");
    JsonNode good =
        YAML.readTree(
            """
            apiVersion: switchboard.io/v1alpha1
            kind: MessagingServer
            metadata: {name: ok}
            spec:
              domains: [a.example]
              nats: {managed: {}}
              mongodb: {managed: {}}
              stages:
                access: {resources: {requests: {cpu: 1, memory: 512Mi}}}
            """);
    assertThat(SchemaValidator.validate(good, crd)).isEmpty();
  }
}
