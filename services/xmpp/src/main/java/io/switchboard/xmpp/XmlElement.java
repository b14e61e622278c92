package io.switchboard.xmpp;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable XML element: a name in a namespace, attributes and child nodes.
 *
 * <p>The model is deliberately small, matching what XMPP needs (RFC 6120 §11):
 *
 * <ul>
 *   <li>Every element has exactly one namespace ({@code ""} for none); prefixes are not kept.
 *       Serialization always uses default-namespace declarations ({@code xmlns="..."}).
 *   <li>Attributes are un-namespaced, plus {@code xml:lang}. Their iteration order is insertion
 *       order. {@code xmlns} declarations are not attributes.
 *   <li>Children are elements and text runs ({@link XmlText}), in document order. The builder
 *       merges adjacent text.
 * </ul>
 *
 * <p>Serialization escapes {@code & < >} in text and {@code & < > "} plus tab, CR and LF in
 * attribute values (so that values survive attribute-value normalization), and CR in text.
 * Characters that XML 1.0 cannot carry (C0 controls other than tab/CR/LF, lone surrogates,
 * U+FFFE/U+FFFF) are written as U+FFFD, so the output is always well-formed.
 *
 * <p>Names are not validated: they come from the parser or from code constants. {@link #equals}
 * compares name, namespace, attributes (order-insensitive, like {@link Map#equals}) and nodes.
 */
public final class XmlElement implements XmlNode {
  private static final String[] NO_ATTRS = {};

  private final String name;
  private final String namespace;

  /** Alternating names and values, in insertion order. */
  private final String[] attrs;

  private final List<XmlNode> nodes;

  /** Lazily computed; benign race (the list is immutable). */
  private List<XmlElement> elements;

  private XmlElement(String name, String namespace, String[] attrs, List<XmlNode> nodes) {
    this.name = name;
    this.namespace = namespace;
    this.attrs = attrs;
    this.nodes = nodes;
  }

  /**
   * Starts a new element.
   *
   * @param namespace the namespace name; {@code null} means no namespace ({@code ""})
   */
  public static Builder builder(String name, String namespace) {
    return new Builder(name, namespace);
  }

  /** The local name. */
  public String name() {
    return name;
  }

  /** The namespace name, {@code ""} when the element is in no namespace. */
  public String namespace() {
    return namespace;
  }

  /** The value of an attribute ({@code "xml:lang"} for the language), or {@code null}. */
  public String attr(String name) {
    String[] a = attrs;
    for (int i = 0; i < a.length; i += 2) {
      if (a[i].equals(name)) {
        return a[i + 1];
      }
    }
    return null;
  }

  /** The attributes, unmodifiable, in insertion order. */
  public Map<String, String> attributes() {
    return new AttributeMap(attrs);
  }

  /** Child elements and text, in document order. */
  public List<XmlNode> nodes() {
    return nodes;
  }

  /** Child elements only, in document order. */
  @SuppressWarnings("unchecked") // safe: checked that every node is an element; list is immutable
  public List<XmlElement> elements() {
    List<XmlElement> result = elements;
    if (result == null) {
      boolean allElements = true;
      for (XmlNode node : nodes) {
        allElements &= node instanceof XmlElement;
      }
      if (allElements) {
        result = (List<XmlElement>) (List<?>) nodes;
      } else {
        List<XmlElement> list = new ArrayList<>(nodes.size());
        for (XmlNode node : nodes) {
          if (node instanceof XmlElement e) {
            list.add(e);
          }
        }
        result = List.copyOf(list);
      }
      elements = result;
    }
    return result;
  }

  /**
   * The first child element with this name and namespace ({@code null} meaning no namespace), or
   * {@code null}.
   */
  public XmlElement child(String name, String namespace) {
    String ns = namespace == null ? "" : namespace;
    for (XmlNode node : nodes) {
      if (node instanceof XmlElement e && e.name.equals(name) && e.namespace.equals(ns)) {
        return e;
      }
    }
    return null;
  }

  /** The text of the first matching child element, or {@code null} when there is no such child. */
  public String childText(String name, String namespace) {
    XmlElement child = child(name, namespace);
    return child == null ? null : child.text();
  }

  /** The concatenation of the direct text children; {@code ""} if there are none. */
  public String text() {
    String single = null;
    StringBuilder joined = null;
    for (XmlNode node : nodes) {
      if (node instanceof XmlText t) {
        if (single == null) {
          single = t.text();
        } else {
          if (joined == null) {
            joined = new StringBuilder(single);
          }
          joined.append(t.text());
        }
      }
    }
    if (joined != null) {
      return joined.toString();
    }
    return single == null ? "" : single;
  }

  /** A copy with the attribute set (replacing any value in place), or removed if value is null. */
  public XmlElement withAttr(String name, String value) {
    String[] a = withAttr(attrs, attrs.length, name, value);
    return new XmlElement(this.name, namespace, a.length == 0 ? NO_ATTRS : a, nodes);
  }

  /** A builder initialized with a copy of this element. */
  public Builder toBuilder() {
    Builder b = new Builder(name, namespace);
    b.attrs = attrs.length == 0 ? NO_ATTRS : attrs.clone();
    b.attrCount = attrs.length;
    b.nodes.addAll(nodes);
    return b;
  }

  /** Standalone serialization: the root declares its namespace (unless it has none). */
  public String toXml() {
    StringBuilder out = new StringBuilder(256);
    writeTo(out, null);
    return out.toString();
  }

  /**
   * Appends the serialization to {@code out}, omitting the {@code xmlns} declaration when this
   * element's namespace equals the default namespace in scope.
   *
   * @param enclosingNamespace the default namespace in scope where the element is written, e.g.
   *     {@code "jabber:client"} for a stanza written into a client stream; {@code null} when none
   *     is in scope (standalone document)
   */
  public void writeTo(StringBuilder out, String enclosingNamespace) {
    out.append('<').append(name);
    if (enclosingNamespace == null ? !namespace.isEmpty() : !namespace.equals(enclosingNamespace)) {
      out.append(" xmlns=\"");
      escape(namespace, out, true);
      out.append('"');
    }
    String[] a = attrs;
    for (int i = 0; i < a.length; i += 2) {
      out.append(' ').append(a[i]).append("=\"");
      escape(a[i + 1], out, true);
      out.append('"');
    }
    if (nodes.isEmpty()) {
      out.append("/>");
      return;
    }
    out.append('>');
    for (XmlNode node : nodes) {
      if (node instanceof XmlElement e) {
        e.writeTo(out, namespace);
      } else {
        escape(((XmlText) node).text(), out, false);
      }
    }
    out.append("</").append(name).append('>');
  }

  @Override
  public String toString() {
    return toXml();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof XmlElement other)) {
      return false;
    }
    if (!name.equals(other.name)
        || !namespace.equals(other.namespace)
        || attrs.length != other.attrs.length) {
      return false;
    }
    for (int i = 0; i < attrs.length; i += 2) {
      if (!attrs[i + 1].equals(other.attr(attrs[i]))) {
        return false;
      }
    }
    return nodes.equals(other.nodes);
  }

  @Override
  public int hashCode() {
    int attrHash = 0; // order-insensitive, like Map.hashCode
    for (int i = 0; i < attrs.length; i += 2) {
      attrHash += attrs[i].hashCode() ^ attrs[i + 1].hashCode();
    }
    return Objects.hash(name, namespace, attrHash, nodes);
  }

  /** Escapes character data (see the class comment) onto {@code out}; also for hand-built XML. */
  public static void escapeText(String s, StringBuilder out) {
    escape(s, out, false);
  }

  /** Escapes an attribute value (without quotes) onto {@code out}. */
  static void escapeAttribute(String s, StringBuilder out) {
    escape(s, out, true);
  }

  private static void escape(String s, StringBuilder out, boolean attribute) {
    int length = s.length();
    int start = 0; // first character not yet copied
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c > '>' && c < Character.MIN_SURROGATE) {
        continue; // the common case: letters and most of the BMP
      }
      String replacement;
      switch (c) {
        case '&' -> replacement = "&amp;";
        case '<' -> replacement = "&lt;";
        case '>' -> replacement = "&gt;";
        case '\r' -> replacement = "&#xD;";
        case '"' -> replacement = attribute ? "&quot;" : null;
        case '\n' -> replacement = attribute ? "&#xA;" : null;
        case '\t' -> replacement = attribute ? "&#x9;" : null;
        default -> {
          if ((c >= ' ' && c < Character.MIN_SURROGATE) || (c >= 0xE000 && c < 0xFFFE)) {
            replacement = null;
          } else if (Character.isHighSurrogate(c)
              && i + 1 < length
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            i++; // a valid pair
            replacement = null;
          } else {
            replacement = "\uFFFD"; // not representable in XML 1.0
          }
        }
      }
      if (replacement != null) {
        out.append(s, start, i).append(replacement);
        start = i + 1;
      }
    }
    out.append(s, start, length);
  }

  /** Returns a new alternating name/value array with {@code name} set, replaced or removed. */
  private static String[] withAttr(String[] attrs, int count, String name, String value) {
    Objects.requireNonNull(name, "name");
    for (int i = 0; i < count; i += 2) {
      if (attrs[i].equals(name)) {
        if (value == null) {
          String[] result = new String[count - 2];
          System.arraycopy(attrs, 0, result, 0, i);
          System.arraycopy(attrs, i + 2, result, i, count - i - 2);
          return result;
        }
        String[] result = Arrays.copyOf(attrs, count);
        result[i + 1] = value;
        return result;
      }
    }
    if (value == null) {
      return Arrays.copyOf(attrs, count);
    }
    checkAttributeName(name);
    String[] result = Arrays.copyOf(attrs, count + 2);
    result[count] = name;
    result[count + 1] = value;
    return result;
  }

  private static void checkAttributeName(String name) {
    if (name.isEmpty()
        || (name.startsWith("xmlns") && (name.length() == 5 || name.charAt(5) == ':'))) {
      throw new IllegalArgumentException("not an attribute name: '" + name + "'");
    }
  }

  /** Mutable builder; not thread-safe. {@link #build()} may be called repeatedly. */
  public static final class Builder {
    private final String name;
    private final String namespace;
    private String[] attrs = NO_ATTRS;
    private int attrCount; // used slots of attrs (twice the number of attributes)
    private final ArrayList<XmlNode> nodes = new ArrayList<>(4);

    private Builder(String name, String namespace) {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("empty element name");
      }
      this.name = name;
      this.namespace = namespace == null ? "" : namespace;
    }

    /**
     * Sets an attribute, replacing an existing value in place; a {@code null} value removes it. Use
     * {@code "xml:lang"} for the language. {@code xmlns} is not an attribute.
     */
    public Builder attr(String name, String value) {
      attrs = withAttr(attrs, attrCount, name, value);
      attrCount = attrs.length;
      return this;
    }

    /** Appends an attribute known to be new and valid (parser fast path). */
    Builder appendAttr(String name, String value) {
      if (attrCount == attrs.length) {
        attrs = Arrays.copyOf(attrs, Math.max(8, attrCount * 2));
      }
      attrs[attrCount++] = name;
      attrs[attrCount++] = value;
      return this;
    }

    /** Appends a child element. */
    public Builder child(XmlElement child) {
      nodes.add(Objects.requireNonNull(child, "child"));
      return this;
    }

    /** Appends character data (unescaped); merged with a preceding text node. Null/empty: no-op. */
    public Builder text(String text) {
      if (text == null || text.isEmpty()) {
        return this;
      }
      int last = nodes.size() - 1;
      if (last >= 0 && nodes.get(last) instanceof XmlText previous) {
        nodes.set(last, new XmlText(previous.text() + text));
      } else {
        nodes.add(new XmlText(text));
      }
      return this;
    }

    /** Appends nodes (elements and text). */
    public Builder nodes(Collection<? extends XmlNode> more) {
      for (XmlNode node : more) {
        if (node instanceof XmlText t) {
          text(t.text());
        } else {
          child((XmlElement) node);
        }
      }
      return this;
    }

    /** Removes all child nodes. */
    public Builder clearNodes() {
      nodes.clear();
      return this;
    }

    /** Removes the child elements with this name and namespace ({@code null}: no namespace). */
    public Builder removeChildren(String name, String namespace) {
      String ns = namespace == null ? "" : namespace;
      nodes.removeIf(
          n -> n instanceof XmlElement e && e.name.equals(name) && e.namespace.equals(ns));
      return this;
    }

    public XmlElement build() {
      String[] a = attrCount == 0 ? NO_ATTRS : Arrays.copyOf(attrs, attrCount);
      return new XmlElement(name, namespace, a, List.copyOf(nodes));
    }
  }

  /** A read-only, insertion-ordered map view of the attribute array. */
  private static final class AttributeMap extends AbstractMap<String, String> {
    private final String[] attrs;

    AttributeMap(String[] attrs) {
      this.attrs = attrs;
    }

    @Override
    public String get(Object key) {
      for (int i = 0; i < attrs.length; i += 2) {
        if (attrs[i].equals(key)) {
          return attrs[i + 1];
        }
      }
      return null;
    }

    @Override
    public boolean containsKey(Object key) {
      return get(key) != null;
    }

    @Override
    public int size() {
      return attrs.length / 2;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public int size() {
          return attrs.length / 2;
        }

        @Override
        public Iterator<Entry<String, String>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < attrs.length;
            }

            @Override
            public Entry<String, String> next() {
              if (next >= attrs.length) {
                throw new NoSuchElementException();
              }
              Entry<String, String> entry = Map.entry(attrs[next], attrs[next + 1]);
              next += 2;
              return entry;
            }
          };
        }
      };
    }
  }
}
