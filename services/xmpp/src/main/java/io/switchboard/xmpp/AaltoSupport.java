package io.switchboard.xmpp;

import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;

/** Configuration of Aalto and translation of its exceptions, kept in one place. */
final class AaltoSupport {
  private AaltoSupport() {}

  /** The one factory configuration: namespace-aware, no DTD, entities reported, not expanded. */
  static AsyncXMLInputFactory newFactory() {
    AsyncXMLInputFactory factory = new InputFactoryImpl();
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLInputFactory.IS_COALESCING, false);
    factory.setProperty(XMLInputFactory.IS_VALIDATING, false);
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    // Report unknown entities as ENTITY_REFERENCE events (-> restricted-xml) instead of failing.
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    return factory;
  }

  /**
   * Maps an Aalto exception to a stream error. Aalto has no error codes, only messages, so the few
   * cases that are not plain well-formedness errors are recognized by their message; if Aalto ever
   * rewords them they degrade to {@code not-well-formed}, which is still a correct refusal.
   *
   * @param beforeRoot true while the stream root element has not been read
   */
  static StreamErrorException toStreamError(XMLStreamException e, boolean beforeRoot) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n'); // Aalto appends the location on a second line
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    message = message.strip();
    if (message.length() > 200) {
      message = message.substring(0, 200);
    }
    StreamError condition = StreamError.NOT_WELL_FORMED;
    if (message.startsWith("Unsupported encoding")) { // e.g. encoding='UTF-16' in the declaration
      condition = StreamError.UNSUPPORTED_ENCODING;
    } else if (message.contains("ENTITY_REFERENCE")) { // undeclared entity in an attribute value
      condition = StreamError.RESTRICTED_XML;
    } else if (beforeRoot && message.startsWith("Unbound namespace prefix")) {
      condition = StreamError.BAD_NAMESPACE_PREFIX; // e.g. <stream:stream> without xmlns:stream
    }
    return new StreamErrorException(condition, message, e);
  }
}
