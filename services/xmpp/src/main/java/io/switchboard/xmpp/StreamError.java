package io.switchboard.xmpp;

import java.util.Locale;

/**
 * The stream error conditions of RFC 6120 §4.9.3. A stream error is unrecoverable: the entity that
 * detects it sends {@code <stream:error/>} followed by {@code </stream:stream>} and closes the
 * connection.
 */
public enum StreamError {
  BAD_FORMAT,
  BAD_NAMESPACE_PREFIX,
  CONFLICT,
  CONNECTION_TIMEOUT,
  HOST_GONE,
  HOST_UNKNOWN,
  IMPROPER_ADDRESSING,
  INTERNAL_SERVER_ERROR,
  INVALID_FROM,
  INVALID_NAMESPACE,
  INVALID_XML,
  NOT_AUTHORIZED,
  NOT_WELL_FORMED,
  POLICY_VIOLATION,
  REMOTE_CONNECTION_FAILED,
  RESET,
  RESOURCE_CONSTRAINT,
  RESTRICTED_XML,
  SEE_OTHER_HOST,
  SYSTEM_SHUTDOWN,
  UNDEFINED_CONDITION,
  UNSUPPORTED_ENCODING,
  UNSUPPORTED_FEATURE,
  UNSUPPORTED_STANZA_TYPE,
  UNSUPPORTED_VERSION;

  /** Namespace of the defined condition and {@code <text/>} elements. */
  public static final String STREAMS_NS = "urn:ietf:params:xml:ns:xmpp-streams";

  private final String condition = name().toLowerCase(Locale.ROOT).replace('_', '-');

  /** The element name of the condition, e.g. {@code "not-well-formed"}. */
  public String condition() {
    return condition;
  }

  /**
   * Serializes the {@code <stream:error/>} element, for a stream whose root declares the {@code
   * stream} prefix.
   *
   * @param text optional human-readable description (escaped here); {@code null} or empty for none
   */
  public String toXml(String text) {
    StringBuilder out = new StringBuilder(128);
    out.append("<stream:error><").append(condition).append(" xmlns='").append(STREAMS_NS);
    out.append("'/>");
    if (text != null && !text.isEmpty()) {
      out.append("<text xmlns='").append(STREAMS_NS).append("'>");
      XmlElement.escapeText(text, out);
      out.append("</text>");
    }
    return out.append("</stream:error>").toString();
  }

  /** The constant whose {@link #condition()} is {@code condition}, or {@code null}. */
  public static StreamError fromCondition(String condition) {
    for (StreamError error : values()) {
      if (error.condition.equals(condition)) {
        return error;
      }
    }
    return null;
  }
}
