package io.switchboard.processor.pep;

/**
 * When the last published item goes to a subscriber (XEP-0060 {@code
 * pubsub#send_last_published_item}). In PEP, subscribing is sharing presence with +notify (XEP-0163
 * §4), so both "on_sub" values mean: when a resource becomes available or starts announcing
 * interest in the node.
 */
enum SendLastItem {
  NEVER("never"),
  ON_SUB("on_sub"),
  ON_SUB_AND_PRESENCE("on_sub_and_presence");

  private final String value;

  SendLastItem(String value) {
    this.value = value;
  }

  String value() {
    return value;
  }

  static SendLastItem parse(String value) {
    for (SendLastItem s : values()) {
      if (s.value.equals(value)) {
        return s;
      }
    }
    return null;
  }
}
