package io.switchboard.processor.pep;

/**
 * Who may read a PEP node's items and receive its notifications (XEP-0060 §4.5). Switchboard
 * supports three of the five models; {@code roster} and {@code authorize} are refused.
 */
enum AccessModel {
  /** Any user may retrieve items; notifications still go to presence subscribers only. */
  OPEN("open"),
  /** Users subscribed to the owner's presence (the PEP default, XEP-0163 §5). */
  PRESENCE("presence"),
  /** The owner only: no one else is on the white list. */
  WHITELIST("whitelist");

  private final String value;

  AccessModel(String value) {
    this.value = value;
  }

  String value() {
    return value;
  }

  /** The model named {@code value}, or null when it is not supported. */
  static AccessModel parse(String value) {
    for (AccessModel m : values()) {
      if (m.value.equals(value)) {
        return m;
      }
    }
    return null;
  }
}
