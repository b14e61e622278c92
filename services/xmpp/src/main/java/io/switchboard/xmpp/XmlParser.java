package io.switchboard.xmpp;

import java.nio.charset.StandardCharsets;

/**
 * Parses one complete serialized element (as written by {@link XmlElement#toXml()}, optionally
 * preceded by an XML declaration) with the same restricted-XML rules as {@link XmppStreamReader}:
 * no DTD, comments, processing instructions or custom entities; UTF-8 only. There is no size limit;
 * the nesting limit is {@link XmppStreamReader#DEFAULT_MAX_DEPTH}. Used for stored stanzas and
 * tests.
 */
public final class XmlParser {
  private XmlParser() {}

  /**
   * Parses the UTF-8 bytes of one element.
   *
   * @throws StreamErrorException if the input is not exactly one well-formed, unrestricted element
   *     (whitespace may surround it)
   */
  public static XmlElement parse(byte[] utf8) throws StreamErrorException {
    Collector collector = new Collector();
    XmppStreamReader reader = XmppStreamReader.forFragment(collector);
    reader.feed(utf8, 0, utf8.length);
    reader.finishFragment();
    if (collector.element == null) {
      throw new StreamErrorException(StreamError.NOT_WELL_FORMED, "no complete element");
    }
    return collector.element;
  }

  /** Parses the UTF-8 encoding of {@code xml}; see {@link #parse(byte[])}. */
  public static XmlElement parse(String xml) throws StreamErrorException {
    return parse(xml.getBytes(StandardCharsets.UTF_8));
  }

  private static final class Collector implements XmppStreamReader.Listener {
    XmlElement element;

    @Override
    public void streamOpened(XmppStreamReader.StreamHeader header) {
      throw new AssertionError("no stream header in fragment mode");
    }

    @Override
    public void element(XmlElement topLevelChild) {
      element = topLevelChild;
    }

    @Override
    public void streamClosed() {}
  }
}
