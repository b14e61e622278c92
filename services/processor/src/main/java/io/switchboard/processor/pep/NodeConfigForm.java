package io.switchboard.processor.pep;

import io.switchboard.xmpp.XmlElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Node configuration as XEP-0004 data forms: the {@code pubsub#node_config} form of configure and
 * default (§8.2, §8.3), a submitted configuration, and the {@code pubsub#publish-options}
 * preconditions of a publish (§7.1.5), which use the same fields.
 */
final class NodeConfigForm {

  static final String ACCESS_MODEL = "pubsub#access_model";
  static final String MAX_ITEMS = "pubsub#max_items";
  static final String PERSIST_ITEMS = "pubsub#persist_items";
  static final String SEND_LAST = "pubsub#send_last_published_item";
  static final String NOTIFY_RETRACT = "pubsub#notify_retract";
  static final String NOTIFY_DELETE = "pubsub#notify_delete";
  static final String DELIVER_NOTIFICATIONS = "pubsub#deliver_notifications";
  static final String DELIVER_PAYLOADS = "pubsub#deliver_payloads";

  /** A form that cannot be read, or values this service does not support. */
  static final class InvalidConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidConfigException(String message) {
      super(message, null, false, false);
    }
  }

  private NodeConfigForm() {}

  /** The configuration as a form to fill in ({@code type='form'}). */
  static XmlElement form(NodeConfig c, int maxItemsLimit) {
    XmlElement.Builder x =
        XmlElement.builder("x", PubSub.DATA_NS)
            .attr("type", "form")
            .child(hidden("FORM_TYPE", PubSub.NODE_CONFIG));
    x.child(
        listSingle(
            ACCESS_MODEL,
            "Who may retrieve items",
            c.accessModel().value(),
            List.of("open", "presence", "whitelist")));
    x.child(
        field(
            MAX_ITEMS,
            "text-single",
            "Items to keep (at most " + maxItemsLimit + ", or max)",
            Integer.toString(c.maxItems())));
    x.child(field(PERSIST_ITEMS, "boolean", "Keep items", bool(c.persistItems())));
    x.child(
        listSingle(
            SEND_LAST,
            "When to send the last item",
            c.sendLastItem().value(),
            List.of("never", "on_sub", "on_sub_and_presence")));
    x.child(
        field(
            NOTIFY_RETRACT, "boolean", "Notify when items are retracted", bool(c.notifyRetract())));
    x.child(
        field(
            NOTIFY_DELETE,
            "boolean",
            "Notify when the node is deleted or purged",
            bool(c.notifyDelete())));
    x.child(field(DELIVER_NOTIFICATIONS, "boolean", "Deliver notifications (always)", "1"));
    x.child(field(DELIVER_PAYLOADS, "boolean", "Deliver payloads (always)", "1"));
    return x.build();
  }

  /**
   * {@code base} with the fields of a submitted form applied; fields not in the form keep their
   * values.
   *
   * @param formType the FORM_TYPE the form must have when it names one
   * @throws InvalidConfigException when the form is not a submission of that type, names a field
   *     this service does not know, or a value it does not support
   */
  static NodeConfig apply(NodeConfig base, XmlElement x, String formType, int maxItemsLimit)
      throws InvalidConfigException {
    if (x == null || !x.name().equals("x") || !x.namespace().equals(PubSub.DATA_NS)) {
      throw new InvalidConfigException("a data form (jabber:x:data) is required");
    }
    if (!"submit".equals(x.attr("type"))) {
      throw new InvalidConfigException("the form must be of type submit");
    }
    NodeConfig c = base;
    for (Map.Entry<String, List<String>> f : fields(x).entrySet()) {
      String var = f.getKey();
      List<String> values = f.getValue();
      if (var.equals("FORM_TYPE")) {
        if (values.size() != 1 || !values.get(0).equals(formType)) {
          throw new InvalidConfigException("FORM_TYPE must be " + formType);
        }
        continue;
      }
      String value = single(var, values);
      switch (var) {
        case ACCESS_MODEL -> {
          AccessModel m = AccessModel.parse(value);
          if (m == null) {
            throw new InvalidConfigException(
                "access model " + value + " is not supported (open, presence, whitelist)");
          }
          c = c.withAccessModel(m);
        }
        case MAX_ITEMS -> c = c.withMaxItems(maxItems(value, maxItemsLimit));
        case PERSIST_ITEMS -> c = c.withPersistItems(bool(var, value));
        case SEND_LAST -> {
          SendLastItem s = SendLastItem.parse(value);
          if (s == null) {
            throw new InvalidConfigException(var + " cannot be " + value);
          }
          c = c.withSendLastItem(s);
        }
        case NOTIFY_RETRACT -> c = c.withNotifyRetract(bool(var, value));
        case NOTIFY_DELETE -> c = c.withNotifyDelete(bool(var, value));
        case DELIVER_NOTIFICATIONS, DELIVER_PAYLOADS -> {
          if (!bool(var, value)) {
            throw new InvalidConfigException(var + " is always true here");
          }
        }
        default -> throw new InvalidConfigException("unsupported field " + var);
      }
    }
    return c;
  }

  /** The fields of a form: var to values, in order; fields without var are left out. */
  static Map<String, List<String>> fields(XmlElement x) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    for (XmlElement field : x.elements()) {
      if (!field.name().equals("field")
          || !field.namespace().equals(PubSub.DATA_NS)
          || field.attr("var") == null) {
        continue;
      }
      List<String> values = fields.computeIfAbsent(field.attr("var"), v -> new ArrayList<>());
      for (XmlElement v : field.elements()) {
        if (v.name().equals("value") && v.namespace().equals(PubSub.DATA_NS)) {
          values.add(v.text().trim());
        }
      }
    }
    return fields;
  }

  private static String single(String var, List<String> values) throws InvalidConfigException {
    if (values.size() != 1) {
      throw new InvalidConfigException(var + " takes one value");
    }
    return values.get(0);
  }

  private static int maxItems(String value, int limit) throws InvalidConfigException {
    if (value.equals("max")) {
      return limit;
    }
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new InvalidConfigException(MAX_ITEMS + " must be a number or max");
    }
    if (n < 1 || n > limit) {
      throw new InvalidConfigException(MAX_ITEMS + " must be from 1 to " + limit);
    }
    return n;
  }

  private static boolean bool(String var, String value) throws InvalidConfigException {
    switch (value) {
      case "1", "true" -> {
        return true;
      }
      case "0", "false" -> {
        return false;
      }
      default -> throw new InvalidConfigException(var + " must be true or false");
    }
  }

  private static String bool(boolean b) {
    return b ? "1" : "0";
  }

  private static XmlElement hidden(String var, String value) {
    return XmlElement.builder("field", PubSub.DATA_NS)
        .attr("var", var)
        .attr("type", "hidden")
        .child(value(value))
        .build();
  }

  private static XmlElement field(String var, String type, String label, String value) {
    return XmlElement.builder("field", PubSub.DATA_NS)
        .attr("var", var)
        .attr("type", type)
        .attr("label", label)
        .child(value(value))
        .build();
  }

  private static XmlElement listSingle(
      String var, String label, String value, List<String> options) {
    XmlElement.Builder f =
        XmlElement.builder("field", PubSub.DATA_NS)
            .attr("var", var)
            .attr("type", "list-single")
            .attr("label", label)
            .child(value(value));
    for (String o : options) {
      f.child(XmlElement.builder("option", PubSub.DATA_NS).child(value(o)).build());
    }
    return f.build();
  }

  private static XmlElement value(String v) {
    return XmlElement.builder("value", PubSub.DATA_NS).text(v).build();
  }
}
