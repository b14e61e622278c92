package io.switchboard.crds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code examples/} parses, is a Switchboard custom resource, passes the generated
 * CRD schema, and binds to the Java model.
 */
class ExamplesTest {

  static final Path EXAMPLES = Path.of("../examples");
  static final YAMLMapper YAML = new YAMLMapper();
  static final Map<String, CustomResourceDefinition> CRDS = new HashMap<>();
  static final Map<String, Class<?>> MODEL =
      Map.of(
          "MessagingServer", MessagingServer.class,
          "Channel", Channel.class,
          "Template", Template.class,
          "Application", Application.class);

  @BeforeAll
  static void loadCrds() throws IOException {
    for (String plural : List.of("messagingservers", "channels", "templates", "applications")) {
      CustomResourceDefinition crd = CrdsUpToDateTest.load(plural);
      CRDS.put(crd.getSpec().getNames().getKind(), crd);
    }
  }

  /** Every manifest, also those of sub-folders such as {@code examples/local/}. */
  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      return files
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void thereIsAnExampleOfEveryKindAndChannelType() throws IOException {
    List<JsonNode> all = new ArrayList<>();
    for (Path file : examples().toList()) {
      if (file.getParent().equals(EXAMPLES)) {
        all.addAll(documents(file));
      }
    }
    assertThat(all).extracting(d -> d.path("kind").asText()).containsAll(MODEL.keySet());
    assertThat(all)
        .filteredOn(d -> d.path("kind").asText().equals("Channel"))
        .extracting(d -> d.path("spec").path("type").asText())
        .containsExactlyInAnyOrder(
            "inApp", "email", "webhook", "dingtalk", "wecom", "feishu", "slack", "sms");
  }

  @ParameterizedTest
  @MethodSource("examples")
  void exampleIsValidAgainstTheGeneratedSchema(Path file) throws IOException {
    List<JsonNode> documents = documents(file);
    assertThat(documents).as(file + " has documents").isNotEmpty();
    for (JsonNode document : documents) {
      String kind = document.path("kind").asText();
      if (kind.equals("Secret") && document.path("apiVersion").asText().equals("v1")) {
        // The local set's Secrets: what the Channels reference, in the form kubectl takes.
        assertThat(document.path("metadata").path("name").asText())
            .as(file.toString())
            .isNotEmpty();
        assertThat(document.has("data") || document.has("stringData")).as(file.toString()).isTrue();
        continue;
      }
      assertThat(CRDS).as(file + ": kind " + kind + " is a Switchboard kind").containsKey(kind);
      assertThat(SchemaValidator.validate(document, CRDS.get(kind))).as(file.toString()).isEmpty();
      Object bound = new KubernetesSerialization().convertValue(document, MODEL.get(kind));
      assertThat(bound).isInstanceOf(MODEL.get(kind));
    }
  }

  static List<JsonNode> documents(Path file) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNext()) {
        JsonNode node = it.next();
        if (node != null && !node.isNull() && !node.isMissingNode()) {
          documents.add(node);
        }
      }
    }
    return documents;
  }
}
