package io.switchboard.xmpp.sasl;

import io.switchboard.xmpp.XmlElement;
import java.util.Objects;
import java.util.Set;

/**
 * A failed SASL exchange, carrying one of the defined conditions of RFC 6120 §6.5. The connection
 * handler answers it with {@link #toXml()}. No stack trace is captured: failures are expected
 * outcomes (wrong passwords), not bugs.
 */
public final class SaslFailure extends Exception {
  private static final long serialVersionUID = 1L;

  /** Namespace of {@code <failure/>} and the SASL negotiation elements. */
  public static final String SASL_NS = "urn:ietf:params:xml:ns:xmpp-sasl";

  public static final String ABORTED = "aborted";
  public static final String ACCOUNT_DISABLED = "account-disabled";
  public static final String CREDENTIALS_EXPIRED = "credentials-expired";
  public static final String ENCRYPTION_REQUIRED = "encryption-required";
  public static final String INCORRECT_ENCODING = "incorrect-encoding";
  public static final String INVALID_AUTHZID = "invalid-authzid";
  public static final String INVALID_MECHANISM = "invalid-mechanism";
  public static final String MALFORMED_REQUEST = "malformed-request";
  public static final String MECHANISM_TOO_WEAK = "mechanism-too-weak";
  public static final String NOT_AUTHORIZED = "not-authorized";
  public static final String TEMPORARY_AUTH_FAILURE = "temporary-auth-failure";

  private static final Set<String> CONDITIONS =
      Set.of(
          ABORTED,
          ACCOUNT_DISABLED,
          CREDENTIALS_EXPIRED,
          ENCRYPTION_REQUIRED,
          INCORRECT_ENCODING,
          INVALID_AUTHZID,
          INVALID_MECHANISM,
          MALFORMED_REQUEST,
          MECHANISM_TOO_WEAK,
          NOT_AUTHORIZED,
          TEMPORARY_AUTH_FAILURE);

  private final String condition;
  private final String text;

  /**
   * @param condition one of the RFC 6120 §6.5 condition names, e.g. {@code "not-authorized"}
   * @param text optional description, or {@code null}
   * @throws IllegalArgumentException for an undefined condition
   */
  public SaslFailure(String condition, String text) {
    super(text == null ? condition : condition + ": " + text, null, false, false);
    if (!CONDITIONS.contains(Objects.requireNonNull(condition, "condition"))) {
      throw new IllegalArgumentException("not a SASL failure condition: " + condition);
    }
    this.condition = condition;
    this.text = text;
  }

  public String condition() {
    return condition;
  }

  /** The description, or {@code null}. */
  public String text() {
    return text;
  }

  /** {@code <failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><condition/>[<text/>]</failure>}. */
  public String toXml() {
    XmlElement.Builder failure =
        XmlElement.builder("failure", SASL_NS)
            .child(XmlElement.builder(condition, SASL_NS).build());
    if (text != null && !text.isEmpty()) {
      failure.child(XmlElement.builder("text", SASL_NS).text(text).build());
    }
    return failure.build().toXml();
  }
}
