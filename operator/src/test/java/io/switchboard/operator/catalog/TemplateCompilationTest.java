package io.switchboard.operator.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.switchboard.core.notify.template.TemplateRenderer;
import io.switchboard.crds.Template;
import io.switchboard.crds.TemplateError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TemplateCompilationTest {

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  final TemplateCompilation compilation = new TemplateCompilation(new TemplateRenderer(65536));

  static Template template(String yaml) {
    return SERIALIZATION.unmarshal(
        """
        apiVersion: switchboard.io/v1alpha1
        kind: Template
        metadata: {name: t, namespace: ns}
        """
            + yaml,
        Template.class);
  }

  @Test
  void theExampleTemplateCompiles() throws IOException {
    try (InputStream in =
        Files.newInputStream(Path.of("../examples/template-order-shipped.yaml"))) {
      Template t = SERIALIZATION.unmarshal(in, Template.class);
      assertThat(compilation.check(t.getSpec())).isEmpty();
    }
  }

  @Test
  void aSyntaxErrorIsReportedWithItsVariantAndLine() {
    Template t =
        template(
            """
            spec:
              serverRef: s
              variants:
                - format: text
                  body: "fine {{ name }}"
                - format: html
                  body: |
                    line one
                    line two
                    {{ name }
                    line four
            """);
    TemplateError error = compilation.check(t.getSpec()).orElseThrow();
    assertThat(error.getVariant()).isEqualTo(1);
    assertThat(error.getLine()).isEqualTo(3);
    assertThat(error.getMessage()).startsWith("variants[1].body: ");
  }

  @Test
  void anErrorInTheSubjectHasNoVariant() {
    Template t =
        template(
            """
            spec:
              serverRef: s
              subject: "{{ name "
              variants: [{format: text, body: hi}]
            """);
    TemplateError error = compilation.check(t.getSpec()).orElseThrow();
    assertThat(error.getVariant()).isNull();
    assertThat(error.getMessage()).startsWith("subject: ");
  }

  @Test
  void aVariableDeclaredTwiceIsRefused() {
    Template t =
        template(
            """
            spec:
              serverRef: s
              variables: [{name: a}, {name: a}]
              variants: [{format: text, body: "{{ a }}"}]
            """);
    assertThat(compilation.check(t.getSpec()).orElseThrow().getMessage())
        .isEqualTo("variables: a is declared twice");
  }

  @Test
  void variantIndexIsParsedFromThePart() {
    assertThat(TemplateCompilation.variantOf("variants[12].subject")).isEqualTo(12);
    assertThat(TemplateCompilation.variantOf("subject")).isNull();
  }
}
