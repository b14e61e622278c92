package io.switchboard.xmpp;

/**
 * Thrown when a string is not a valid JID (RFC 7622). Addresses come from untrusted peers, so this
 * is an input-validation outcome rather than a bug: no stack trace is captured.
 */
public final class JidFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public JidFormatException(String message) {
    super(message);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // cheap to throw on the stanza path
  }
}
