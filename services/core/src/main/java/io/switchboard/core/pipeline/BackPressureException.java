package io.switchboard.core.pipeline;

/** A destination's queue stayed full for longer than the configured wait. */
public final class BackPressureException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BackPressureException(String message) {
    super(message);
  }
}
