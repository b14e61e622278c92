package io.switchboard.processor.search;

import io.switchboard.processor.vcard.VCardSummary;
import io.switchboard.xmpp.XmlElement;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/**
 * The XEP-0055 search form and its results as XEP-0004 data forms: the form offers {@code user}
 * (localpart prefix), {@code fn} (a word of the full name starts with it) and {@code email}
 * (address prefix); the results report {@code jid}, {@code fn} and {@code email}.
 */
final class SearchForm {

  static final String NS = "jabber:iq:search";
  static final String DATA_NS = "jabber:x:data";
  static final String INSTRUCTIONS =
      "Fill in one or more fields to search for users. Matching ignores case; a user name or"
          + " e-mail address matches from its start, a full name by any of its words.";

  /**
   * What a user searches for, lowercase; null where a field was left empty.
   *
   * @param user the localpart starts with this
   * @param fn a word of the vCard's full name starts with this
   * @param email the vCard's e-mail address starts with this
   */
  record Criteria(String user, String fn, String email) {
    boolean isEmpty() {
      return user == null && fn == null && email == null;
    }
  }

  /** A submitted form this server cannot read. */
  static final class InvalidFormException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidFormException(String message) {
      super(message);
    }
  }

  private SearchForm() {}

  /** The answer to a get: instructions and the form to fill in. */
  static XmlElement form() {
    XmlElement x =
        XmlElement.builder("x", DATA_NS)
            .attr("type", "form")
            .child(element("title", DATA_NS, "User search"))
            .child(element("instructions", DATA_NS, INSTRUCTIONS))
            .child(formType())
            .child(field("user", "text-single", "User name", null))
            .child(field("fn", "text-single", "Full name", null))
            .child(field("email", "text-single", "E-mail address", null))
            .build();
    return XmlElement.builder("query", NS)
        .child(element("instructions", NS, INSTRUCTIONS))
        .child(x)
        .build();
  }

  /** The criteria of a set's submitted form. */
  static Criteria parse(XmlElement query) throws InvalidFormException {
    XmlElement x = query.child("x", DATA_NS);
    if (x == null) {
      throw new InvalidFormException("submit the search data form (jabber:x:data)");
    }
    if (!"submit".equals(x.attr("type"))) {
      throw new InvalidFormException("the search form must be of type submit");
    }
    String user = null;
    String fn = null;
    String email = null;
    for (XmlElement field : x.elements()) {
      if (!field.name().equals("field") || !field.namespace().equals(DATA_NS)) {
        continue;
      }
      String var = field.attr("var");
      String value = field.childText("value", DATA_NS);
      if ("FORM_TYPE".equals(var)) {
        if (value != null && !value.equals(NS)) {
          throw new InvalidFormException("FORM_TYPE must be " + NS);
        }
      } else if ("user".equals(var)) {
        user = criterion(value);
      } else if ("fn".equals(var)) {
        fn = criterion(value);
      } else if ("email".equals(var)) {
        email = criterion(value);
      }
    }
    return new Criteria(user, fn, email);
  }

  /** The answer to a set: a result form with one item per account found. */
  static XmlElement results(List<VCardSummary> found) {
    XmlElement.Builder x =
        XmlElement.builder("x", DATA_NS)
            .attr("type", "result")
            .child(formType())
            .child(
                XmlElement.builder("reported", DATA_NS)
                    .child(field("jid", "jid-single", "JID", null))
                    .child(field("fn", "text-single", "Full name", null))
                    .child(field("email", "text-single", "E-mail address", null))
                    .build());
    for (VCardSummary s : found) {
      x.child(
          XmlElement.builder("item", DATA_NS)
              .child(field("jid", null, null, s.jid().toString()))
              .child(field("fn", null, null, s.fn()))
              .child(field("email", null, null, s.email()))
              .build());
    }
    return XmlElement.builder("query", NS).child(x.build()).build();
  }

  /** Trimmed, without trailing wildcards, lowercase and NFC; null when nothing is left. */
  static String criterion(String value) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    while (v.endsWith("*")) {
      v = v.substring(0, v.length() - 1).strip();
    }
    if (v.isEmpty()) {
      return null;
    }
    return Normalizer.normalize(v.toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
  }

  private static XmlElement formType() {
    return XmlElement.builder("field", DATA_NS)
        .attr("var", "FORM_TYPE")
        .attr("type", "hidden")
        .child(element("value", DATA_NS, NS))
        .build();
  }

  private static XmlElement field(String var, String type, String label, String value) {
    XmlElement.Builder f = XmlElement.builder("field", DATA_NS).attr("var", var);
    if (type != null) {
      f.attr("type", type);
    }
    if (label != null) {
      f.attr("label", label);
    }
    if (value != null) {
      f.child(element("value", DATA_NS, value));
    }
    return f.build();
  }

  private static XmlElement element(String name, String ns, String text) {
    return XmlElement.builder(name, ns).text(text).build();
  }
}
