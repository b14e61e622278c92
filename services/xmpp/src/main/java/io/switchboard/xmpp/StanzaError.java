package io.switchboard.xmpp;

import java.util.Locale;

/** The stanza error conditions of RFC 6120 §8.3.3, each with its recommended error type. */
public enum StanzaError {
  BAD_REQUEST(Type.MODIFY),
  CONFLICT(Type.CANCEL),
  FEATURE_NOT_IMPLEMENTED(Type.CANCEL),
  FORBIDDEN(Type.AUTH),
  GONE(Type.CANCEL),
  INTERNAL_SERVER_ERROR(Type.CANCEL),
  ITEM_NOT_FOUND(Type.CANCEL),
  JID_MALFORMED(Type.MODIFY),
  NOT_ACCEPTABLE(Type.MODIFY),
  NOT_ALLOWED(Type.CANCEL),
  NOT_AUTHORIZED(Type.AUTH),
  POLICY_VIOLATION(Type.MODIFY),
  RECIPIENT_UNAVAILABLE(Type.WAIT),
  REDIRECT(Type.MODIFY),
  REGISTRATION_REQUIRED(Type.AUTH),
  REMOTE_SERVER_NOT_FOUND(Type.CANCEL),
  REMOTE_SERVER_TIMEOUT(Type.WAIT),
  RESOURCE_CONSTRAINT(Type.WAIT),
  SERVICE_UNAVAILABLE(Type.CANCEL),
  SUBSCRIPTION_REQUIRED(Type.AUTH),
  UNDEFINED_CONDITION(Type.CANCEL),
  UNEXPECTED_REQUEST(Type.WAIT);

  /** The {@code type} attribute of {@code <error/>} (RFC 6120 §8.3.2). */
  public enum Type {
    AUTH,
    CANCEL,
    CONTINUE,
    MODIFY,
    WAIT;

    private final String value = name().toLowerCase(Locale.ROOT);

    /** The attribute value, e.g. {@code "cancel"}. */
    public String value() {
      return value;
    }
  }

  private final Type type;
  private final String condition = name().toLowerCase(Locale.ROOT).replace('_', '-');

  StanzaError(Type type) {
    this.type = type;
  }

  /** The element name of the condition, e.g. {@code "item-not-found"}. */
  public String condition() {
    return condition;
  }

  /** The recommended error type for this condition. */
  public Type type() {
    return type;
  }

  /** The constant whose {@link #condition()} is {@code condition}, or {@code null}. */
  public static StanzaError fromCondition(String condition) {
    for (StanzaError error : values()) {
      if (error.condition.equals(condition)) {
        return error;
      }
    }
    return null;
  }
}
