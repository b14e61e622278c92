package io.switchboard.core.notify.template;

/**
 * A template that does not compile or does not render: its message says why, {@link #line()} where
 * (1-based, 0 when unknown), {@link #part()} which text of the template (e.g. {@code
 * variants[1].body}).
 */
public final class TemplateException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String part;
  private final int line;

  public TemplateException(String part, int line, String message, Throwable cause) {
    super(message, cause);
    this.part = part;
    this.line = line;
  }

  public String part() {
    return part;
  }

  public int line() {
    return line;
  }
}
