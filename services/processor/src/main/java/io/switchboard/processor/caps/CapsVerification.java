package io.switchboard.processor.caps;

import io.switchboard.xmpp.XmlElement;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a disco#info answer against the XEP-0115 verification string it claims to have (§5.1 with
 * the extended forms of §5.2 and the checks of §5.4): identities sorted by category, type, xml:lang
 * and name; features; then XEP-0128 forms sorted by FORM_TYPE, their other fields by {@code var},
 * values sorted; everything in octet order, each followed by {@code <}, hashed and Base64-encoded.
 * An answer with duplicate identities, features or form types verifies nothing; a form without a
 * hidden FORM_TYPE is left out.
 */
public final class CapsVerification {

  static final String DISCO_INFO_NS = "http://jabber.org/protocol/disco#info";
  static final String DATA_NS = "jabber:x:data";

  private static final Comparator<String> OCTETS =
      (a, b) ->
          Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  private CapsVerification() {}

  /**
   * Whether {@code query} (a disco#info {@code <query/>}) hashes to {@code ver} with {@code hash}.
   */
  public static boolean matches(XmlElement query, String hash, String ver) {
    String computed = ver(query, hash);
    return computed != null && computed.equals(ver);
  }

  /**
   * The verification string of {@code query} with the hash function {@code hash} (an IANA name such
   * as {@code sha-1}), or null when the answer is malformed or the function unknown.
   */
  public static String ver(XmlElement query, String hash) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance(hash.toUpperCase(Locale.ROOT));
    } catch (NoSuchAlgorithmException e) {
      return null;
    }
    String input = input(query);
    if (input == null) {
      return null;
    }
    return Base64.getEncoder()
        .encodeToString(digest.digest(input.getBytes(StandardCharsets.UTF_8)));
  }

  /** The string that is hashed, or null when the answer must not be verified (§5.4). */
  static String input(XmlElement query) {
    List<String[]> identities = new ArrayList<>();
    List<String> features = new ArrayList<>();
    List<XmlElement> forms = new ArrayList<>();
    for (XmlElement e : query.elements()) {
      if (e.namespace().equals(DISCO_INFO_NS) && e.name().equals("identity")) {
        identities.add(
            new String[] {
              nonNull(e.attr("category")),
              nonNull(e.attr("type")),
              nonNull(e.attr("xml:lang")),
              nonNull(e.attr("name"))
            });
      } else if (e.namespace().equals(DISCO_INFO_NS) && e.name().equals("feature")) {
        features.add(nonNull(e.attr("var")));
      } else if (e.namespace().equals(DATA_NS) && e.name().equals("x")) {
        forms.add(e);
      }
    }
    Set<String> seen = new HashSet<>();
    for (String[] i : identities) {
      if (!seen.add(String.join("/", i))) {
        return null;
      }
    }
    if (new HashSet<>(features).size() != features.size()) {
      return null;
    }
    identities.sort(
        (a, b) -> {
          for (int k = 0; k < 4; k++) {
            int c = OCTETS.compare(a[k], b[k]);
            if (c != 0) {
              return c;
            }
          }
          return 0;
        });
    features.sort(OCTETS);
    StringBuilder s = new StringBuilder();
    for (String[] i : identities) {
      s.append(i[0]).append('/').append(i[1]).append('/').append(i[2]).append('/').append(i[3]);
      s.append('<');
    }
    for (String f : features) {
      s.append(f).append('<');
    }
    List<String[]> formStrings = new ArrayList<>(); // {FORM_TYPE, serialized form}
    Set<String> formTypes = new HashSet<>();
    for (XmlElement form : forms) {
      String[] f = form(form);
      if (f == null) {
        continue; // a form without FORM_TYPE is not part of the hash
      }
      if (f.length == 0 || !formTypes.add(f[0])) {
        return null;
      }
      formStrings.add(f);
    }
    formStrings.sort((a, b) -> OCTETS.compare(a[0], b[0]));
    for (String[] f : formStrings) {
      s.append(f[1]);
    }
    return s.toString();
  }

  /**
   * One form's part: {FORM_TYPE, text}; null when it has no hidden FORM_TYPE (ignored); an empty
   * array when its FORM_TYPE is ill-formed (several fields, or different values).
   */
  private static String[] form(XmlElement x) {
    String formType = null;
    List<String[]> fields = new ArrayList<>(); // {var, values...}
    for (XmlElement field : x.elements()) {
      if (!field.name().equals("field") || !field.namespace().equals(DATA_NS)) {
        continue;
      }
      List<String> values = new ArrayList<>();
      for (XmlElement v : field.elements()) {
        if (v.name().equals("value") && v.namespace().equals(DATA_NS)) {
          values.add(v.text());
        }
      }
      String var = nonNull(field.attr("var"));
      if (var.equals("FORM_TYPE")) {
        if (formType != null || new HashSet<>(values).size() != 1) {
          return new String[0];
        }
        if (!"hidden".equals(field.attr("type"))) {
          return null; // §5.4: a FORM_TYPE that is not hidden makes the form ignored
        }
        formType = values.get(0);
        continue;
      }
      values.sort(OCTETS);
      List<String> row = new ArrayList<>();
      row.add(var);
      row.addAll(values);
      fields.add(row.toArray(new String[0]));
    }
    if (formType == null) {
      return null;
    }
    fields.sort((a, b) -> OCTETS.compare(a[0], b[0]));
    StringBuilder s = new StringBuilder(formType).append('<');
    for (String[] f : fields) {
      for (String part : f) {
        s.append(part).append('<');
      }
    }
    return new String[] {formType, s.toString()};
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
