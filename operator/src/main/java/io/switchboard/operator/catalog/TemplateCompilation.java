package io.switchboard.operator.catalog;

import io.switchboard.core.notify.template.TemplateException;
import io.switchboard.core.notify.template.TemplateRenderer;
import io.switchboard.crds.TemplateError;
import io.switchboard.crds.TemplateSpec;
import io.switchboard.crds.TemplateVariable;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles every text of a Template with the services' own renderer, so that a template the
 * services would refuse is refused when it is applied, with the variant and line of the error.
 */
public final class TemplateCompilation {

  private static final Pattern VARIANT = Pattern.compile("^variants\\[(\\d+)]");

  private final TemplateRenderer renderer;

  public TemplateCompilation(TemplateRenderer renderer) {
    this.renderer = renderer;
  }

  /** The first error, or empty when every text compiles. */
  public Optional<TemplateError> check(TemplateSpec spec) {
    if (spec == null) {
      return Optional.of(error("spec is required", null, null));
    }
    if (spec.getVariables() != null) {
      Set<String> seen = new HashSet<>();
      for (TemplateVariable v : spec.getVariables()) {
        if (v.getName() != null && !seen.add(v.getName())) {
          return Optional.of(error("variables: " + v.getName() + " is declared twice", null, null));
        }
      }
    }
    try {
      renderer.compile(spec);
      return Optional.empty();
    } catch (TemplateException e) {
      return Optional.of(
          error(
              e.part() + ": " + e.getMessage(),
              variantOf(e.part()),
              e.line() > 0 ? e.line() : null));
    }
  }

  /** The variant index in a part like {@code variants[2].body}, or null for the template's own. */
  static Integer variantOf(String part) {
    if (part == null) {
      return null;
    }
    Matcher m = VARIANT.matcher(part);
    return m.find() ? Integer.valueOf(m.group(1)) : null;
  }

  private static TemplateError error(String message, Integer variant, Integer line) {
    TemplateError error = new TemplateError();
    error.setMessage(message);
    error.setVariant(variant);
    error.setLine(line);
    return error;
  }
}
