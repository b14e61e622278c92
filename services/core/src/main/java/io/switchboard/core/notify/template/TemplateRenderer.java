package io.switchboard.core.notify.template;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.loader.StringLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.switchboard.crds.ChannelType;
import io.switchboard.crds.TemplateSpec;
import io.switchboard.crds.TemplateVariable;
import io.switchboard.crds.TemplateVariant;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Renders Templates with Pebble, sandboxed for text that applications and operators supply: no
 * method calls on anything (templates see Maps, lists and scalars only), strict variables (an
 * unknown name is an error, not an empty string), and a cap on the rendered size against template
 * bombs. HTML variants escape the data they insert; text and Markdown variants do not.
 *
 * <p>Choosing a variant: one written for the channel type beats one for all types; within those,
 * the requested locale exactly, then its language ({@code de-AT} → {@code de}), then the template's
 * default locale, then the first variant.
 */
@Singleton
public class TemplateRenderer {

  /**
   * Limits of template rendering.
   *
   * @param maxRenderedChars the longest output one subject or body may render to
   */
  @ConfigurationProperties("switchboard.notify.templates")
  public record TemplateLimits(@Bindable(defaultValue = "65536") @Min(256) int maxRenderedChars) {}

  private final PebbleEngine escaping;
  private final PebbleEngine plain;

  @Inject
  public TemplateRenderer(TemplateLimits limits) {
    this(limits.maxRenderedChars());
  }

  public TemplateRenderer(int maxRenderedChars) {
    this.escaping = engine(true, maxRenderedChars);
    this.plain = engine(false, maxRenderedChars);
  }

  private static PebbleEngine engine(boolean autoEscape, int maxRenderedChars) {
    return new PebbleEngine.Builder()
        .loader(new StringLoader())
        .strictVariables(true)
        .autoEscaping(autoEscape)
        .methodAccessValidator((object, method) -> false)
        .maxRenderedSize(maxRenderedChars)
        .newLineTrimming(false)
        .cacheActive(true)
        .build();
  }

  /**
   * Compiles every text of a template, so that an error surfaces when the template is applied and
   * not when the first message uses it.
   */
  public void compile(TemplateSpec spec) throws TemplateException {
    if (spec.getVariants() == null || spec.getVariants().isEmpty()) {
      throw new TemplateException("variants", 0, "a template needs at least one variant", null);
    }
    compile("subject", spec.getSubject(), plain);
    List<TemplateVariant> variants = spec.getVariants();
    for (int i = 0; i < variants.size(); i++) {
      TemplateVariant v = variants.get(i);
      String at = "variants[" + i + "]";
      if (v.getFormat() == null) {
        throw new TemplateException(at + ".format", 0, "format is required", null);
      }
      if (v.getBody() == null) {
        throw new TemplateException(at + ".body", 0, "body is required", null);
      }
      compile(at + ".subject", v.getSubject(), plain);
      compile(at + ".body", v.getBody(), engineFor(v));
    }
  }

  /** Required variables that {@code data} lacks, in declaration order. */
  public static List<String> missingVariables(TemplateSpec spec, Map<String, ?> data) {
    List<String> missing = new ArrayList<>();
    if (spec.getVariables() != null) {
      for (TemplateVariable v : spec.getVariables()) {
        boolean required = v.getRequired() == null || v.getRequired();
        if (required && (data == null || data.get(v.getName()) == null)) {
          missing.add(v.getName());
        }
      }
    }
    return missing;
  }

  /**
   * Renders the variant that fits a channel type and locale.
   *
   * @param channel the channel type, null for the generic variant
   * @param locale the requested locale (BCP 47), null for the template's default
   */
  public Rendered render(
      TemplateSpec spec, ChannelType channel, String locale, Map<String, Object> data)
      throws TemplateException {
    TemplateVariant variant =
        choose(spec, channel, locale)
            .orElseThrow(() -> new TemplateException("variants", 0, "no variant", null));
    int index = spec.getVariants().indexOf(variant);
    String at = "variants[" + index + "]";
    String subjectSource = variant.getSubject() != null ? variant.getSubject() : spec.getSubject();
    String subjectPart = variant.getSubject() != null ? at + ".subject" : "subject";
    String subject =
        subjectSource == null
            ? null
            : render(subjectPart, subjectSource, plain, withDeclared(spec, data)).strip();
    Map<String, Object> scope = withDeclared(spec, data);
    String body = render(at + ".body", variant.getBody(), engineFor(variant), scope);
    String variantLocale = variant.getLocale() != null ? variant.getLocale() : defaultLocale(spec);
    return new Rendered(subject, body, variant.getFormat().value(), variantLocale);
  }

  /**
   * The data with every declared variable present, null where the request left an optional one out:
   * strict variables then catch only names the template never declared.
   */
  private static Map<String, Object> withDeclared(TemplateSpec spec, Map<String, Object> data) {
    Map<String, Object> scope = new HashMap<>();
    if (spec.getVariables() != null) {
      for (TemplateVariable v : spec.getVariables()) {
        scope.put(v.getName(), null);
      }
    }
    if (data != null) {
      scope.putAll(data);
    }
    return scope;
  }

  static Optional<TemplateVariant> choose(TemplateSpec spec, ChannelType channel, String locale) {
    List<TemplateVariant> variants = spec.getVariants();
    if (variants == null || variants.isEmpty()) {
      return Optional.empty();
    }
    String wanted = locale == null ? defaultLocale(spec) : locale.toLowerCase(Locale.ROOT);
    String language = wanted.contains("-") ? wanted.substring(0, wanted.indexOf('-')) : wanted;
    TemplateVariant best = null;
    int bestScore = -1;
    for (TemplateVariant v : variants) {
      int channelScore;
      if (v.getChannel() == null) {
        channelScore = 0;
      } else if (v.getChannel() == channel) {
        channelScore = 4;
      } else {
        continue;
      }
      String vl =
          (v.getLocale() != null ? v.getLocale() : defaultLocale(spec)).toLowerCase(Locale.ROOT);
      int localeScore;
      if (vl.equals(wanted)) {
        localeScore = 3;
      } else if (vl.equals(language) || vl.startsWith(language + "-")) {
        localeScore = 2;
      } else if (vl.equals(defaultLocale(spec).toLowerCase(Locale.ROOT))) {
        localeScore = 1;
      } else {
        localeScore = 0;
      }
      // Locale first: a German generic variant beats an English e-mail one for a German reader.
      int score = localeScore * 10 + channelScore;
      if (score > bestScore) {
        best = v;
        bestScore = score;
      }
    }
    return Optional.ofNullable(best);
  }

  private static String defaultLocale(TemplateSpec spec) {
    return spec.getDefaultLocale() != null ? spec.getDefaultLocale() : "en";
  }

  private PebbleEngine engineFor(TemplateVariant v) {
    return "html".equals(v.getFormat().value()) ? escaping : plain;
  }

  private static PebbleTemplate compile(String part, String source, PebbleEngine engine)
      throws TemplateException {
    if (source == null) {
      return null;
    }
    try {
      return engine.getLiteralTemplate(source);
    } catch (PebbleException e) {
      throw new TemplateException(part, lineOf(e), e.getPebbleMessage(), e);
    } catch (RuntimeException e) {
      throw new TemplateException(part, 0, String.valueOf(e.getMessage()), e);
    }
  }

  private static String render(
      String part, String source, PebbleEngine engine, Map<String, Object> data)
      throws TemplateException {
    PebbleTemplate template = compile(part, source, engine);
    StringWriter out = new StringWriter();
    try {
      template.evaluate(out, data == null ? Map.of() : data);
    } catch (PebbleException e) {
      throw new TemplateException(part, lineOf(e), e.getPebbleMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new TemplateException(part, 0, String.valueOf(e.getMessage()), e);
    }
    return out.toString();
  }

  private static int lineOf(PebbleException e) {
    Integer line = e.getLineNumber();
    return line == null ? 0 : line;
  }
}
