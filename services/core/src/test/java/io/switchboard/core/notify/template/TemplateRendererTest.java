package io.switchboard.core.notify.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.crds.ChannelType;
import io.switchboard.crds.TemplateFormat;
import io.switchboard.crds.TemplateSpec;
import io.switchboard.crds.TemplateVariable;
import io.switchboard.crds.TemplateVariant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {

  private final TemplateRenderer renderer = new TemplateRenderer(4096);

  private static TemplateVariant variant(
      ChannelType channel, String locale, TemplateFormat format, String subject, String body) {
    TemplateVariant v = new TemplateVariant();
    v.setChannel(channel);
    v.setLocale(locale);
    v.setFormat(format);
    v.setSubject(subject);
    v.setBody(body);
    return v;
  }

  private static TemplateVariable variable(String name, Boolean required) {
    TemplateVariable v = new TemplateVariable();
    v.setName(name);
    v.setRequired(required);
    return v;
  }

  private static TemplateSpec orderShipped() {
    TemplateSpec spec = new TemplateSpec();
    spec.setSubject("Order {{ orderId }} shipped");
    spec.setDefaultLocale("en");
    spec.setVariables(
        List.of(variable("name", null), variable("orderId", true), variable("url", false)));
    spec.setVariants(
        new ArrayList<>(
            List.of(
                variant(
                    null,
                    null,
                    TemplateFormat.TEXT,
                    null,
                    "Hello {{ name }}, order {{ orderId }}.{% if url is not empty %} Track: {{ url }}{% endif %}"),
                variant(
                    ChannelType.EMAIL, null, TemplateFormat.HTML, null, "<p>Hello {{ name }}</p>"),
                variant(
                    null,
                    "de",
                    TemplateFormat.TEXT,
                    "Bestellung {{ orderId }}",
                    "Hallo {{ name }}"))));
    return spec;
  }

  @Test
  void rendersTheGenericVariantWithOptionalVariablesLeftOut() throws Exception {
    Rendered r =
        renderer.render(
            orderShipped(), ChannelType.IN_APP, null, Map.of("name", "Ann", "orderId", "42"));
    assertThat(r.subject()).isEqualTo("Order 42 shipped");
    assertThat(r.body()).isEqualTo("Hello Ann, order 42.");
    assertThat(r.format()).isEqualTo("text");
    assertThat(r.locale()).isEqualTo("en");
  }

  @Test
  void prefersTheChannelsVariantAndEscapesDataInHtml() throws Exception {
    Rendered r =
        renderer.render(
            orderShipped(), ChannelType.EMAIL, "en", Map.of("name", "<b>Ann</b>", "orderId", "1"));
    assertThat(r.format()).isEqualTo("html");
    assertThat(r.body()).isEqualTo("<p>Hello &lt;b&gt;Ann&lt;/b&gt;</p>");
  }

  @Test
  void textVariantsDoNotEscape() throws Exception {
    Rendered r =
        renderer.render(
            orderShipped(), ChannelType.WEBHOOK, null, Map.of("name", "A & B", "orderId", "1"));
    assertThat(r.body()).startsWith("Hello A & B,");
  }

  @Test
  void fallsBackFromRegionToLanguageAndFromUnknownLocaleToTheDefault() throws Exception {
    Map<String, Object> data = Map.of("name", "Jo", "orderId", "7");
    Rendered de = renderer.render(orderShipped(), ChannelType.IN_APP, "de-AT", data);
    assertThat(de.body()).isEqualTo("Hallo Jo");
    assertThat(de.subject()).isEqualTo("Bestellung 7");
    assertThat(de.locale()).isEqualTo("de");
    Rendered fr = renderer.render(orderShipped(), ChannelType.IN_APP, "fr", data);
    assertThat(fr.locale()).isEqualTo("en");
  }

  @Test
  void listsMissingRequiredVariables() {
    assertThat(TemplateRenderer.missingVariables(orderShipped(), Map.of("orderId", "1")))
        .containsExactly("name");
    assertThat(
            TemplateRenderer.missingVariables(orderShipped(), Map.of("orderId", "1", "name", "x")))
        .isEmpty();
  }

  @Test
  void anUndeclaredVariableFailsInsteadOfRenderingEmpty() {
    TemplateSpec spec = orderShipped();
    spec.getVariants().set(0, variant(null, null, TemplateFormat.TEXT, null, "Hi {{ nobody }}"));
    assertThatThrownBy(() -> renderer.render(spec, null, null, Map.of("name", "a", "orderId", "1")))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("nobody");
  }

  @Test
  void methodCallsAreRefused() {
    TemplateSpec spec = orderShipped();
    spec.getVariants()
        .set(0, variant(null, null, TemplateFormat.TEXT, null, "{{ name.getClass().getName() }}"));
    assertThatThrownBy(() -> renderer.render(spec, null, null, Map.of("name", "a", "orderId", "1")))
        .isInstanceOf(TemplateException.class);
  }

  @Test
  void aTemplateBombStopsAtTheSizeLimit() {
    TemplateSpec spec = orderShipped();
    spec.getVariants()
        .set(
            0,
            variant(
                null,
                null,
                TemplateFormat.TEXT,
                null,
                "{% for i in range(1, 100000) %}{{ name }}{% endfor %}"));
    assertThatThrownBy(
            () -> renderer.render(spec, null, null, Map.of("name", "xxxxxxxx", "orderId", "1")))
        .isInstanceOf(TemplateException.class);
  }

  @Test
  void aSyntaxErrorNamesThePartAndLine() {
    TemplateSpec spec = orderShipped();
    spec.getVariants()
        .set(
            1,
            variant(ChannelType.EMAIL, null, TemplateFormat.HTML, null, "line 1\nline 2 {% if %}"));
    assertThatThrownBy(() -> renderer.compile(spec))
        .isInstanceOfSatisfying(
            TemplateException.class,
            e -> {
              assertThat(e.part()).isEqualTo("variants[1].body");
              assertThat(e.line()).isEqualTo(2);
            });
  }
}
