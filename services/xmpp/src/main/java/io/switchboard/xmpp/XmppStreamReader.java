package io.switchboard.xmpp;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * Incremental, non-blocking reader of one XMPP stream (RFC 6120 §4, §11) on top of Aalto's async
 * parser. Bytes are pushed in with {@link #feed}; the {@link Listener} receives the stream header,
 * each complete top-level child of {@code <stream:stream>} (stanzas and nonzas) as an immutable
 * {@link XmlElement}, and the end of the stream. Not thread-safe: one instance per connection,
 * driven by one thread at a time.
 *
 * <p>Enforced rules, each failing with a {@link StreamErrorException} after which the reader is
 * dead (every later {@code feed} rethrows the same exception, and {@link #reset} does not revive
 * it):
 *
 * <ul>
 *   <li>Input must be well-formed UTF-8 and well-formed XML 1.0 ({@code not-well-formed}; a UTF-16
 *       byte order mark or an XML declaration naming another encoding gives {@code
 *       unsupported-encoding}; {@code version="1.1"} gives {@code bad-format}).
 *   <li>Restricted XML (RFC 6120 §11.1): DOCTYPE/DTD (including internal subsets, so "billion
 *       laughs" never gets near entity expansion), comments, processing instructions and entity
 *       references other than the five predefined ones give {@code restricted-xml}. CDATA sections
 *       are allowed and read as text.
 *   <li>The root must be {@code stream} in {@code http://etherx.jabber.org/streams} ({@code
 *       invalid-namespace}) written with the prefix {@code stream} ({@code bad-namespace-prefix}).
 *       The content namespace is left to the listener ({@link StreamHeader#defaultNamespace()}).
 *   <li>Non-whitespace text between top-level elements gives {@code bad-format}; whitespace (such
 *       as keepalives) is ignored.
 *   <li>{@code maxStanzaBytes} bounds the stream header and every top-level element (from its
 *       {@code '<'} to its end) as well as any partial element still arriving: {@code
 *       policy-violation} is raised as soon as the bytes fed exceed it, so an oversized stanza is
 *       never buffered whole. Element nesting deeper than {@code maxDepth} levels (the stanza
 *       counting as one) also gives {@code policy-violation}.
 * </ul>
 *
 * <p>Model restrictions: attributes in a namespace other than {@code xml:lang} are dropped; element
 * prefixes are not preserved (see {@link XmlElement}).
 *
 * <p><b>Stream restarts.</b> After STARTTLS or SASL success call {@link #reset()}; the next bytes
 * must start a new stream header. When {@code reset()} (or {@link #endOfInput()}) is called from
 * inside a listener callback, the rest of the bytes of the current {@code feed} call are
 * <em>discarded</em>: RFC 6120 (§5.4.3.3, §6.4.6) forbids a peer to send anything after {@code
 * <starttls/>} or its last SASL response before the server's answer, and processing such bytes
 * after a TLS upgrade would allow plaintext command injection.
 *
 * <p><b>Aalto quirks handled here.</b> Aalto 1.4's byte offsets are only right when each fed array
 * starts at index 0, so input with a non-zero offset is copied to a scratch buffer first; input is
 * fed in slices of at most 64 KiB so that the size limit is checked at least that often. Aalto
 * accepts some invalid UTF-8 (overlong forms), so a {@link Utf8Validator} runs first. Aalto fails
 * on an internal DTD subset with a generic syntax error, so a tiny prolog scanner reports any
 * {@code <!} before the root element as {@code restricted-xml} before Aalto sees it.
 */
public final class XmppStreamReader {

  /** Receives stream events; may throw a {@link StreamErrorException} to kill the stream. */
  public interface Listener {
    /** The stream header {@code <stream:stream ...>} was read. */
    void streamOpened(StreamHeader header) throws StreamErrorException;

    /** A complete top-level child of the stream (stanza or nonza) was read. */
    void element(XmlElement topLevelChild) throws StreamErrorException;

    /** {@code </stream:stream>} was read; the reader ignores any further input. */
    void streamClosed();
  }

  /**
   * The stream header: its un-namespaced attributes (to, from, version, id, ...) plus {@code
   * xml:lang}, in document order, and the default namespace it declares ({@code ""} if none).
   */
  public record StreamHeader(Map<String, String> attributes, String defaultNamespace) {
    public StreamHeader {
      attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
      Objects.requireNonNull(defaultNamespace, "defaultNamespace");
    }

    /** An attribute value, or {@code null}. */
    public String attr(String name) {
      return attributes.get(name);
    }
  }

  /** The namespace of {@code <stream:stream>}, {@code <stream:features>} and friends. */
  public static final String STREAMS_NS = "http://etherx.jabber.org/streams";

  /** Default element nesting limit (the stanza itself is level 1). */
  public static final int DEFAULT_MAX_DEPTH = 64;

  private static final int SLICE = 64 * 1024;
  private static final AsyncXMLInputFactory FACTORY = AaltoSupport.newFactory();

  private final long maxBytes;
  private final int maxDepth;
  private final Listener listener;

  /** XmlParser mode: no stream root, the document element itself is reported. */
  private final boolean fragment;

  private final Utf8Validator utf8 = new Utf8Validator();
  private AsyncXMLStreamReader<AsyncByteArrayFeeder> parser;
  private StreamErrorException failure;

  /** Bumped by reset/release, so the event loop notices a callback that restarted the stream. */
  private int generation;

  private byte[] scratch;

  // State of the current stream (cleared by reset).
  private boolean rootSeen;
  private boolean prologDone; // the prolog scanner has seen the root start tag
  private boolean afterLt; // prolog scanner: the previous byte was '<'
  private long fed; // bytes fed to the current parser
  private long stanzaStart; // parser offset of the open top-level element
  private long idleStart; // parser offset where the last top-level item ended
  private XmlElement.Builder[] stack = new XmlElement.Builder[8];
  private int depth; // open elements below the root
  private StringBuilder text = new StringBuilder(256);

  /** A stream reader with the default nesting limit. */
  public XmppStreamReader(int maxStanzaBytes, Listener listener) {
    this(maxStanzaBytes, DEFAULT_MAX_DEPTH, listener);
  }

  /** A stream reader with an explicit nesting limit. */
  public XmppStreamReader(int maxStanzaBytes, int maxDepth, Listener listener) {
    this(maxStanzaBytes, maxDepth, listener, false);
    if (maxStanzaBytes <= 0 || maxDepth <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  private XmppStreamReader(long maxBytes, int maxDepth, Listener listener, boolean fragment) {
    this.maxBytes = maxBytes;
    this.maxDepth = maxDepth;
    this.listener = Objects.requireNonNull(listener, "listener");
    this.fragment = fragment;
    this.parser = FACTORY.createAsyncForByteArray();
  }

  /** A reader for one standalone element, without size limit (used by {@link XmlParser}). */
  static XmppStreamReader forFragment(Listener listener) {
    return new XmppStreamReader(Long.MAX_VALUE, DEFAULT_MAX_DEPTH, listener, true);
  }

  /**
   * Parses more bytes of the stream, calling the listener for everything completed by them.
   *
   * @throws StreamErrorException on any protocol violation, or when a listener callback throws one;
   *     the reader is then dead
   */
  public void feed(byte[] bytes, int offset, int length) throws StreamErrorException {
    if (failure != null) {
      throw failure;
    }
    Objects.checkFromIndexSize(offset, length, bytes.length);
    int gen = generation;
    try {
      int end = offset + length;
      for (int pos = offset; pos < end && parser != null && gen == generation; pos += SLICE) {
        feedSlice(bytes, pos, Math.min(SLICE, end - pos));
      }
    } catch (StreamErrorException e) {
      failure = e;
      release();
      throw e;
    } catch (RuntimeException e) { // from a listener, or a parser bug
      failure = new StreamErrorException(StreamError.INTERNAL_SERVER_ERROR, null, e);
      release();
      throw e;
    }
  }

  /**
   * Starts over with a brand new parser expecting a new stream header (stream restart after
   * STARTTLS or SASL success). Has no effect on a dead reader.
   */
  public void reset() {
    release();
    if (failure != null) {
      return;
    }
    parser = FACTORY.createAsyncForByteArray();
    utf8.reset();
    rootSeen = false;
    prologDone = false;
    afterLt = false;
    fed = 0;
    stanzaStart = 0;
    idleStart = 0;
  }

  /**
   * Whether a top-level element's start tag was read but not its end: a client that goes quiet here
   * is stuck mid-stanza. (Bytes between stanzas do not count: Aalto reports trailing whitespace
   * keepalives only when the next tag starts, so they cannot be told apart yet.)
   */
  public boolean isInsideElement() {
    return parser != null && depth > 0;
  }

  /** The connection is gone: releases the parser. Later feeds are ignored. */
  public void endOfInput() {
    release();
  }

  /** Tells the parser no more input follows and reports any error that reveals (XmlParser). */
  void finishFragment() throws StreamErrorException {
    if (failure != null) {
      throw failure;
    }
    if (parser == null) {
      return;
    }
    try {
      parser.getInputFeeder().endOfInput();
      drain();
    } catch (StreamErrorException e) {
      failure = e;
      throw e;
    } finally {
      release();
    }
  }

  private void release() {
    generation++;
    if (parser != null) {
      try {
        parser.close();
      } catch (XMLStreamException e) {
        // nothing useful to do: the parser is discarded either way
      }
      parser = null;
    }
    Arrays.fill(stack, 0, depth, null);
    depth = 0;
    text = new StringBuilder(256);
  }

  private void feedSlice(byte[] bytes, int offset, int length) throws StreamErrorException {
    int bad = utf8.validate(bytes, offset, length);
    if (bad >= 0) {
      if (fed == 0 && bad == offset && (bytes[bad] == (byte) 0xFE || bytes[bad] == (byte) 0xFF)) {
        throw new StreamErrorException(StreamError.UNSUPPORTED_ENCODING, "only UTF-8 is supported");
      }
      throw new StreamErrorException(StreamError.NOT_WELL_FORMED, "invalid UTF-8");
    }
    if (!prologDone) {
      scanProlog(bytes, offset, length);
    }
    byte[] input = bytes;
    if (offset != 0) { // Aalto 1.4 computes byte offsets as if every array started at index 0
      if (scratch == null || scratch.length < length) {
        scratch = new byte[Math.max(length, 1024)];
      }
      System.arraycopy(bytes, offset, scratch, 0, length);
      input = scratch;
    }
    try {
      parser.getInputFeeder().feedInput(input, 0, length);
    } catch (XMLStreamException e) {
      throw parseError(e);
    }
    fed += length;
    if (drain()) {
      checkPendingSize();
    }
  }

  /**
   * Reports {@code <!} (DOCTYPE, comment) before the root element as restricted XML. Aalto would
   * otherwise fail on an internal DTD subset with a generic syntax error.
   */
  private void scanProlog(byte[] bytes, int offset, int length) throws StreamErrorException {
    for (int i = offset, end = offset + length; i < end; i++) {
      byte b = bytes[i];
      if (afterLt) {
        afterLt = false;
        if (b == '!') {
          throw restricted("DTDs and comments are not allowed");
        }
        if (b != '?') {
          prologDone = true; // the root start tag: nothing of interest follows
          return;
        }
      } else if (b == '<') {
        afterLt = true;
      }
    }
  }

  /**
   * Handles parser events until more input is needed.
   *
   * @return false if a callback reset or released the reader (stop using the old parser)
   */
  private boolean drain() throws StreamErrorException {
    final int gen = generation;
    final AsyncXMLStreamReader<AsyncByteArrayFeeder> p = parser;
    while (true) {
      int event;
      try {
        event = p.next();
      } catch (XMLStreamException e) {
        throw parseError(e);
      }
      switch (event) {
        case AsyncXMLStreamReader.EVENT_INCOMPLETE, XMLStreamConstants.END_DOCUMENT -> {
          return true;
        }
        case XMLStreamConstants.START_ELEMENT -> startElement(p);
        case XMLStreamConstants.END_ELEMENT -> endElement(p);
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.SPACE, XMLStreamConstants.CDATA ->
            characters(p);
        case XMLStreamConstants.START_DOCUMENT -> checkDeclaration(p);
        case XMLStreamConstants.COMMENT -> throw restricted("comments are not allowed");
        case XMLStreamConstants.PROCESSING_INSTRUCTION ->
            throw restricted("processing instructions are not allowed");
        case XMLStreamConstants.DTD -> throw restricted("DTDs are not allowed");
        case XMLStreamConstants.ENTITY_REFERENCE ->
            throw restricted("entity references are not allowed");
        default -> throw restricted("unexpected XML construct");
      }
      if (gen != generation) {
        return false;
      }
    }
  }

  private void checkDeclaration(AsyncXMLStreamReader<?> p) throws StreamErrorException {
    String encoding = p.getCharacterEncodingScheme();
    if (encoding != null && !encoding.equalsIgnoreCase("UTF-8")) {
      throw new StreamErrorException(
          StreamError.UNSUPPORTED_ENCODING, "only UTF-8 is supported, not " + encoding);
    }
    String version = p.getVersion();
    if (version != null && !version.equals("1.0")) {
      throw new StreamErrorException(StreamError.BAD_FORMAT, "only XML 1.0 is supported");
    }
  }

  private void openStream(AsyncXMLStreamReader<?> p) throws StreamErrorException {
    if (!"stream".equals(p.getLocalName()) || !STREAMS_NS.equals(p.getNamespaceURI())) {
      throw new StreamErrorException(
          StreamError.INVALID_NAMESPACE, "the root element must be <stream> in " + STREAMS_NS);
    }
    if (!"stream".equals(p.getPrefix())) {
      throw new StreamErrorException(
          StreamError.BAD_NAMESPACE_PREFIX, "the stream element must use the prefix 'stream'");
    }
    long end = endOffset(p);
    if (end > maxBytes) {
      throw tooLarge("stream header");
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    for (int i = 0, n = p.getAttributeCount(); i < n; i++) {
      String name = attributeName(p, i);
      if (name != null) {
        attributes.put(name, p.getAttributeValue(i));
      }
    }
    String defaultNamespace = "";
    for (int i = 0, n = p.getNamespaceCount(); i < n; i++) {
      String prefix = p.getNamespacePrefix(i);
      if (prefix == null || prefix.isEmpty()) {
        defaultNamespace = p.getNamespaceURI(i);
      }
    }
    rootSeen = true;
    idleStart = end;
    listener.streamOpened(new StreamHeader(attributes, defaultNamespace));
  }

  private void startElement(AsyncXMLStreamReader<?> p) throws StreamErrorException {
    if (!rootSeen) {
      if (!fragment) {
        openStream(p);
        return;
      }
      rootSeen = true;
    }
    int d = depth;
    if (d == 0) {
      stanzaStart = p.getLocationInfo().getStartingByteOffset();
    } else {
      flushText(stack[d - 1]);
    }
    if (d >= maxDepth) {
      throw new StreamErrorException(
          StreamError.POLICY_VIOLATION, "element nesting exceeds " + maxDepth + " levels");
    }
    XmlElement.Builder builder = XmlElement.builder(p.getLocalName(), p.getNamespaceURI());
    for (int i = 0, n = p.getAttributeCount(); i < n; i++) {
      String name = attributeName(p, i);
      if (name != null) {
        builder.appendAttr(name, p.getAttributeValue(i));
      }
    }
    if (d == stack.length) {
      stack = Arrays.copyOf(stack, d * 2);
    }
    stack[d] = builder;
    depth = d + 1;
  }

  /** The model name of attribute {@code i}, or null for a namespaced attribute we drop. */
  private static String attributeName(AsyncXMLStreamReader<?> p, int i) {
    String prefix = p.getAttributePrefix(i);
    String local = p.getAttributeLocalName(i);
    if (prefix == null || prefix.isEmpty()) {
      return local;
    }
    return "xml".equals(prefix) && "lang".equals(local) ? "xml:lang" : null;
  }

  private void endElement(AsyncXMLStreamReader<?> p) throws StreamErrorException {
    if (depth == 0) { // </stream:stream>
      release();
      listener.streamClosed();
      return;
    }
    int d = depth - 1;
    XmlElement.Builder builder = stack[d];
    flushText(builder);
    stack[d] = null;
    depth = d;
    XmlElement element = builder.build();
    if (d > 0) {
      stack[d - 1].child(element);
      return;
    }
    long end = endOffset(p);
    if (end - stanzaStart > maxBytes) {
      throw tooLarge("stanza");
    }
    idleStart = end;
    if (text.capacity() > 16 * 1024) {
      text = new StringBuilder(256); // do not keep a large stanza's buffer for the connection
    }
    listener.element(element);
  }

  private void characters(AsyncXMLStreamReader<?> p) throws StreamErrorException {
    if (depth == 0) {
      if (!p.isWhiteSpace()) {
        throw new StreamErrorException(
            StreamError.BAD_FORMAT, "character data is not allowed between stanzas");
      }
      if (rootSeen) {
        idleStart = endOffset(p);
      }
      return;
    }
    text.append(p.getTextCharacters(), p.getTextStart(), p.getTextLength());
  }

  private void flushText(XmlElement.Builder builder) {
    if (text.length() > 0) {
      builder.text(text.toString());
      text.setLength(0);
    }
  }

  /** Enforces the size limit on what has been fed but not completed yet. */
  private void checkPendingSize() throws StreamErrorException {
    if (depth > 0) {
      if (fed - stanzaStart > maxBytes) {
        throw tooLarge("stanza");
      }
    } else if (!rootSeen) {
      if (fed > maxBytes) {
        throw tooLarge(fragment ? "element" : "stream header");
      }
    } else if (fed - idleStart > maxBytes) {
      throw tooLarge("stanza"); // a start tag still arriving
    }
  }

  private long endOffset(AsyncXMLStreamReader<?> p) throws StreamErrorException {
    try {
      return p.getLocationInfo().getEndingByteOffset();
    } catch (XMLStreamException e) {
      throw parseError(e);
    }
  }

  private StreamErrorException tooLarge(String what) {
    return new StreamErrorException(
        StreamError.POLICY_VIOLATION, what + " exceeds " + maxBytes + " bytes");
  }

  private static StreamErrorException restricted(String text) {
    return new StreamErrorException(StreamError.RESTRICTED_XML, text);
  }

  private StreamErrorException parseError(XMLStreamException e) {
    return AaltoSupport.toStreamError(e, !rootSeen && !fragment);
  }
}
