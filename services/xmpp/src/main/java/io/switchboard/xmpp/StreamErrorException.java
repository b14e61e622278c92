package io.switchboard.xmpp;

/**
 * Signals an unrecoverable stream-level error (RFC 6120 §4.9). The connection handler answers it
 * with {@link StreamError#toXml(String)} and closes the stream.
 *
 * <p>These describe peer misbehaviour rather than bugs, so no stack trace is captured (it would be
 * pure cost for a misbehaving or hostile client).
 */
public final class StreamErrorException extends Exception {
  private static final long serialVersionUID = 1L;

  private final StreamError condition;
  private final String text;

  /**
   * @param condition the defined condition
   * @param text an optional description that may be sent to the peer; {@code null} for none
   */
  public StreamErrorException(StreamError condition, String text) {
    this(condition, text, null);
  }

  /** Same as {@link #StreamErrorException(StreamError, String)}, recording a local cause. */
  public StreamErrorException(StreamError condition, String text, Throwable cause) {
    super(
        text == null ? condition.condition() : condition.condition() + ": " + text,
        cause,
        false,
        false);
    this.condition = condition;
    this.text = text;
  }

  public StreamError condition() {
    return condition;
  }

  /** The description, or {@code null}. */
  public String text() {
    return text;
  }

  /** The {@code <stream:error/>} element for this error. */
  public String toXml() {
    return condition.toXml(text);
  }
}
