package io.switchboard.operator.model;

import io.switchboard.crds.StageSpec;
import io.switchboard.crds.StagesSpec;
import java.util.Locale;

/** The four pipeline stages, each its own Deployment. */
public enum Stage {
  ACCESS,
  PARSER,
  PROCESSOR,
  ROUTER;

  /** The role name the services use ({@code --role}, {@code switchboard.stages.<role>}). */
  public String role() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** This stage's part of the spec, or null when the spec leaves it out. */
  public StageSpec of(StagesSpec stages) {
    if (stages == null) {
      return null;
    }
    return switch (this) {
      case ACCESS -> stages.getAccess();
      case PARSER -> stages.getParser();
      case PROCESSOR -> stages.getProcessor();
      case ROUTER -> stages.getRouter();
    };
  }
}
