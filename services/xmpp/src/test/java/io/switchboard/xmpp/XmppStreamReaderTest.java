package io.switchboard.xmpp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.xmpp.XmppStreamReader.StreamHeader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class XmppStreamReaderTest {
  private static final int LIMIT = 256 * 1024;

  private static final String HEADER =
      "<?xml version='1.0' encoding='UTF-8'?>"
          + "<stream:stream from='juliet@im.example.com' to='im.example.com' version='1.0'"
          + " xml:lang='en' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";

  private static final String STANZAS =
      "<message to='romeo@example.net' id='m1' type='chat'>"
          + "<body>Wherefore art thou &amp; &lt;Romeo&gt; &#x263A; &#65;? h\u00e9 \uD83D\uDE00 \u4e2d</body>"
          + "<active xmlns='http://jabber.org/protocol/chatstates'/>"
          + "<x xmlns='urn:x'><y/><z:w xmlns:z='urn:z'/></x>"
          + "</message>"
          + " \n "
          + "<presence/>"
          + "<iq type='get' id='q1'><query xmlns='jabber:iq:roster'><![CDATA[<cdata>]]></query></iq>"
          + " ";

  /** Records everything the reader reports. */
  static class Recorder implements XmppStreamReader.Listener {
    final List<StreamHeader> headers = new ArrayList<>();
    final List<XmlElement> elements = new ArrayList<>();
    int closed;
    Consumer<XmlElement> onElement = e -> {};

    @Override
    public void streamOpened(StreamHeader header) {
      headers.add(header);
    }

    @Override
    public void element(XmlElement topLevelChild) {
      elements.add(topLevelChild);
      onElement.accept(topLevelChild);
    }

    @Override
    public void streamClosed() {
      closed++;
    }
  }

  private static Recorder feedAll(String xml, int chunk) throws StreamErrorException {
    Recorder recorder = new Recorder();
    XmppStreamReader reader = new XmppStreamReader(LIMIT, recorder);
    feed(reader, xml.getBytes(UTF_8), chunk);
    return recorder;
  }

  private static void feed(XmppStreamReader reader, byte[] bytes, int chunk)
      throws StreamErrorException {
    for (int i = 0; i < bytes.length; i += chunk) {
      reader.feed(bytes, i, Math.min(chunk, bytes.length - i));
    }
  }

  private static StreamErrorException failure(String xml) {
    return failure(xml.getBytes(UTF_8));
  }

  private static StreamErrorException failure(byte[] bytes) {
    XmppStreamReader reader = new XmppStreamReader(LIMIT, new Recorder());
    try {
      reader.feed(bytes, 0, bytes.length);
    } catch (StreamErrorException e) {
      return e;
    }
    throw new AssertionError("no stream error for " + new String(bytes, UTF_8));
  }

  @Test
  void readsAClientStream() throws Exception {
    Recorder r = feedAll(HEADER + STANZAS + "</stream:stream>", Integer.MAX_VALUE);

    assertThat(r.headers).hasSize(1);
    StreamHeader header = r.headers.get(0);
    assertThat(header.defaultNamespace()).isEqualTo("jabber:client");
    assertThat(header.attributes())
        .containsExactly(
            java.util.Map.entry("from", "juliet@im.example.com"),
            java.util.Map.entry("to", "im.example.com"),
            java.util.Map.entry("version", "1.0"),
            java.util.Map.entry("xml:lang", "en"));

    assertThat(r.elements)
        .extracting(XmlElement::name)
        .containsExactly("message", "presence", "iq");
    XmlElement message = r.elements.get(0);
    assertThat(message.namespace()).isEqualTo("jabber:client");
    assertThat(message.attr("id")).isEqualTo("m1");
    assertThat(message.childText("body", "jabber:client"))
        .isEqualTo("Wherefore art thou & <Romeo> \u263A A? h\u00e9 \uD83D\uDE00 \u4e2d");
    assertThat(message.child("active", "http://jabber.org/protocol/chatstates")).isNotNull();
    XmlElement x = message.child("x", "urn:x");
    assertThat(x.elements()).extracting(XmlElement::namespace).containsExactly("urn:x", "urn:z");
    assertThat(r.elements.get(2).child("query", "jabber:iq:roster").text()).isEqualTo("<cdata>");
    assertThat(r.closed).isEqualTo(1);
  }

  @Test
  void byteByByteGivesTheSameResult() throws Exception {
    String xml = HEADER + STANZAS + "</stream:stream>";
    Recorder whole = feedAll(xml, Integer.MAX_VALUE);
    for (int chunk : new int[] {1, 2, 3, 7, 64}) {
      Recorder pieces = feedAll(xml, chunk);
      assertThat(pieces.elements).as("chunk %d", chunk).isEqualTo(whole.elements);
      assertThat(pieces.headers).isEqualTo(whole.headers);
      assertThat(pieces.closed).isEqualTo(1);
    }
  }

  @Test
  void textSplitAcrossFragmentsIsOneTextNode() throws Exception {
    Recorder r = new Recorder();
    XmppStreamReader reader = new XmppStreamReader(LIMIT, r);
    for (String part :
        new String[] {HEADER, "<message><body>Hel", "lo, ", "wor", "ld</bo", "dy></message>"}) {
      byte[] b = part.getBytes(UTF_8);
      reader.feed(b, 0, b.length);
    }
    XmlElement body = r.elements.get(0).child("body", "jabber:client");
    assertThat(body.nodes()).containsExactly(new XmlText("Hello, world"));
  }

  @Test
  void multibyteCharactersSplitAcrossFeeds() throws Exception {
    String text = "\u00e9\u4e2d\uD83D\uDE00\u00fc";
    byte[] bytes = (HEADER + "<message><body>" + text + "</body></message>").getBytes(UTF_8);
    Recorder r = new Recorder();
    XmppStreamReader reader = new XmppStreamReader(LIMIT, r);
    byte[] single = new byte[1];
    for (byte b : bytes) { // a fresh array each time, at offset 0
      single[0] = b;
      reader.feed(single, 0, 1);
    }
    assertThat(r.elements.get(0).childText("body", "jabber:client")).isEqualTo(text);
  }

  @Test
  void whitespaceKeepalivesAreIgnoredAndDoNotCountTowardsTheLimit() throws Exception {
    Recorder r = new Recorder();
    XmppStreamReader reader = new XmppStreamReader(600, r);
    byte[] header = HEADER.getBytes(UTF_8);
    reader.feed(header, 0, header.length);
    byte[] space = {' '};
    for (int i = 0; i < 5000; i++) {
      reader.feed(space, 0, 1);
    }
    byte[] presence = "<presence/>\n".getBytes(UTF_8);
    reader.feed(presence, 0, presence.length);
    assertThat(r.elements).hasSize(1);
  }

  @Test
  void restrictedXml() {
    String billionLaughs =
        "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
            + "<!ENTITY lol1 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
            + "<!ENTITY lol2 '&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;'>]>"
            + "<lolz>&lol2;</lolz>";
    for (String xml :
        List.of(
            billionLaughs,
            "<!DOCTYPE stream:stream>" + HEADER,
            "<?xml version='1.0'?><!DOCTYPE x SYSTEM 'http://example.com/x.dtd'>" + HEADER,
            "<!-- hi -->" + HEADER,
            HEADER + "<!-- hi -->",
            HEADER + "<message><!-- hi --></message>",
            HEADER + "<message><?pi data?></message>",
            "<?pi data?>" + HEADER,
            HEADER + "<message><body>&xxe;</body></message>",
            HEADER + "<message id='&xxe;'/>")) {
      assertThat(failure(xml).condition()).as(xml).isEqualTo(StreamError.RESTRICTED_XML);
    }
  }

  @Test
  void billionLaughsFedByteByByte() {
    String xml =
        "<?xml version='1.0'?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n]>\n<lolz>&lol;</lolz>";
    XmppStreamReader reader = new XmppStreamReader(LIMIT, new Recorder());
    assertThatThrownBy(() -> feed(reader, xml.getBytes(UTF_8), 1))
        .isInstanceOfSatisfying(
            StreamErrorException.class,
            e -> assertThat(e.condition()).isEqualTo(StreamError.RESTRICTED_XML));
  }

  @Test
  void malformedXml() {
    for (String xml :
        List.of(
            HEADER + "<message><body></message>",
            HEADER + "<message a='1' a='2'/>",
            HEADER + "<message a=1/>",
            HEADER + "<message>&#0;</message>",
            HEADER + "<message>\u0001</message>",
            HEADER + "<z:message/>",
            "hello" + HEADER)) {
      StreamErrorException e = failure(xml);
      assertThat(e.condition()).as(xml).isIn(StreamError.NOT_WELL_FORMED, StreamError.BAD_FORMAT);
    }
  }

  @Test
  void invalidUtf8IsNotWellFormed() {
    byte[] prefix = (HEADER + "<message><body>").getBytes(UTF_8);
    for (byte[] bad :
        List.of(
            new byte[] {(byte) 0xC0, (byte) 0x80}, // overlong NUL, which Aalto itself accepts
            new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xBC}, // overlong '<'
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // surrogate
            new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // > U+10FFFF
            new byte[] {(byte) 0x80},
            new byte[] {(byte) 0xFF})) {
      byte[] input = Arrays.copyOf(prefix, prefix.length + bad.length);
      System.arraycopy(bad, 0, input, prefix.length, bad.length);
      assertThat(failure(input).condition()).isEqualTo(StreamError.NOT_WELL_FORMED);
    }
  }

  @Test
  void nonUtf8Encodings() {
    assertThat(
            failure("<?xml version='1.0' encoding='ISO-8859-1'?>" + HEADER.substring(38))
                .condition())
        .isEqualTo(StreamError.UNSUPPORTED_ENCODING);
    assertThat(failure("<?xml version='1.0' encoding='UTF-16'?><a/>").condition())
        .isEqualTo(StreamError.UNSUPPORTED_ENCODING);
    byte[] utf16 = "\uFEFF<stream:stream>".getBytes(java.nio.charset.StandardCharsets.UTF_16BE);
    assertThat(failure(utf16).condition()).isEqualTo(StreamError.UNSUPPORTED_ENCODING);
  }

  @Test
  void wrongRoot() {
    assertThat(failure("<stream:stream xmlns:stream='urn:wrong'>").condition())
        .isEqualTo(StreamError.INVALID_NAMESPACE);
    assertThat(failure("<message xmlns='jabber:client'/>").condition())
        .isEqualTo(StreamError.INVALID_NAMESPACE);
    assertThat(failure("<foo:stream xmlns:foo='http://etherx.jabber.org/streams'>").condition())
        .isEqualTo(StreamError.BAD_NAMESPACE_PREFIX);
    assertThat(failure("<stream xmlns='http://etherx.jabber.org/streams'>").condition())
        .isEqualTo(StreamError.BAD_NAMESPACE_PREFIX);
    assertThat(failure("<stream:stream xmlns='jabber:client'>").condition())
        .isEqualTo(StreamError.BAD_NAMESPACE_PREFIX);
  }

  @Test
  void textBetweenStanzasIsBadFormat() {
    assertThat(failure(HEADER + "<presence/>hello").condition()).isEqualTo(StreamError.BAD_FORMAT);
  }

  @Test
  void hugeStanzaIsRefusedBeforeItIsFed() {
    Recorder r = new Recorder();
    XmppStreamReader reader = new XmppStreamReader(LIMIT, r);
    byte[] header = HEADER.getBytes(UTF_8);
    assertThat(feedQuietly(reader, header)).isNull();

    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 'a');
    byte[] start = "<message><body>".getBytes(UTF_8);
    System.arraycopy(start, 0, chunk, 0, start.length);
    long fed = 0;
    StreamErrorException error = null;
    while (error == null && fed < 10L * 1024 * 1024) {
      error = feedQuietly(reader, chunk);
      fed += chunk.length;
      Arrays.fill(chunk, 0, start.length, (byte) 'a');
    }
    assertThat(error).isNotNull();
    assertThat(error.condition()).isEqualTo(StreamError.POLICY_VIOLATION);
    assertThat(error.text()).isEqualTo("stanza exceeds 262144 bytes");
    assertThat(fed).isLessThanOrEqualTo(LIMIT + chunk.length);
    // The reader is dead now.
    assertThat(feedQuietly(reader, new byte[] {' '})).isSameAs(error);
  }

  @Test
  void hugeStartTagIsRefusedToo() {
    XmppStreamReader reader = new XmppStreamReader(1000, new Recorder());
    byte[] header = HEADER.getBytes(UTF_8);
    assertThat(feedQuietly(reader, header)).isNull();
    assertThat(feedQuietly(reader, "<message to='".getBytes(UTF_8))).isNull();
    byte[] chunk = new byte[512];
    Arrays.fill(chunk, (byte) 'x');
    assertThat(feedQuietly(reader, chunk)).isNull();
    assertThat(feedQuietly(reader, chunk).condition()).isEqualTo(StreamError.POLICY_VIOLATION);
  }

  @Test
  void stanzaLimitIsExact() throws Exception {
    String stanza = "<message><body>" + "x".repeat(100) + "</body></message>";
    int size = stanza.getBytes(UTF_8).length;
    String header = "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>";
    assertThat(header.length()).isLessThan(size);
    for (int chunk : new int[] {Integer.MAX_VALUE, 1, 10}) {
      Recorder ok = new Recorder();
      feed(
          new XmppStreamReader(size, ok), (header + stanza + "  " + stanza).getBytes(UTF_8), chunk);
      assertThat(ok.elements).as("chunk %d", chunk).hasSize(2);

      XmppStreamReader tight = new XmppStreamReader(size - 1, new Recorder());
      assertThatThrownBy(() -> feed(tight, (header + stanza).getBytes(UTF_8), chunk))
          .isInstanceOfSatisfying(
              StreamErrorException.class,
              e -> assertThat(e.condition()).isEqualTo(StreamError.POLICY_VIOLATION));
    }
  }

  @Test
  void oversizedHeaderIsRefused() {
    XmppStreamReader reader = new XmppStreamReader(100, new Recorder());
    StreamErrorException e = feedQuietly(reader, HEADER.getBytes(UTF_8));
    assertThat(e.condition()).isEqualTo(StreamError.POLICY_VIOLATION);
    assertThat(e.text()).startsWith("stream header exceeds");
  }

  @Test
  void nestingDepthIsLimited() throws Exception {
    String ok = "<a>".repeat(64) + "</a>".repeat(64);
    Recorder r = feedAll(HEADER + ok, Integer.MAX_VALUE);
    assertThat(r.elements).hasSize(1);
    StreamErrorException e = failure(HEADER + "<a>".repeat(65) + "</a>".repeat(65));
    assertThat(e.condition()).isEqualTo(StreamError.POLICY_VIOLATION);
  }

  @Test
  void resetStartsANewStreamAndDiscardsPipelinedBytes() throws Exception {
    Recorder r = new Recorder();
    XmppStreamReader reader = new XmppStreamReader(LIMIT, r);
    r.onElement =
        e -> {
          if (e.name().equals("auth")) {
            reader.reset();
          }
        };
    byte[] first =
        (HEADER + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/><message id='injected'/>")
            .getBytes(UTF_8);
    reader.feed(first, 0, first.length);
    assertThat(r.elements).extracting(XmlElement::name).containsExactly("auth");

    byte[] second = (HEADER + "<iq type='set' id='bind'/>").getBytes(UTF_8);
    feed(reader, second, 5);
    assertThat(r.headers).hasSize(2);
    assertThat(r.elements).extracting(XmlElement::name).containsExactly("auth", "iq");
  }

  @Test
  void closingTheStream() throws Exception {
    Recorder r = new Recorder();
    XmppStreamReader reader = new XmppStreamReader(LIMIT, r);
    byte[] bytes = (HEADER + "<presence/></stream:stream>").getBytes(UTF_8);
    reader.feed(bytes, 0, bytes.length);
    assertThat(r.closed).isEqualTo(1);
    byte[] more = "<message/>".getBytes(UTF_8);
    reader.feed(more, 0, more.length); // ignored
    assertThat(r.elements).hasSize(1);
    reader.endOfInput();
  }

  @Test
  void listenerErrorsKillTheReader() {
    XmppStreamReader.Listener strict =
        new Recorder() {
          @Override
          public void streamOpened(StreamHeader header) {
            throw new IllegalStateException("unexpected");
          }
        };
    XmppStreamReader.Listener rejecting =
        new XmppStreamReader.Listener() {
          @Override
          public void streamOpened(StreamHeader header) throws StreamErrorException {
            if (!header.defaultNamespace().equals("jabber:server")) {
              throw new StreamErrorException(StreamError.INVALID_NAMESPACE, null);
            }
          }

          @Override
          public void element(XmlElement topLevelChild) {}

          @Override
          public void streamClosed() {}
        };
    XmppStreamReader reader = new XmppStreamReader(LIMIT, rejecting);
    StreamErrorException first = feedQuietly(reader, HEADER.getBytes(UTF_8));
    assertThat(first.condition()).isEqualTo(StreamError.INVALID_NAMESPACE);
    assertThat(feedQuietly(reader, "<presence/>".getBytes(UTF_8))).isSameAs(first);
    reader.reset();
    assertThat(feedQuietly(reader, HEADER.getBytes(UTF_8))).isSameAs(first);

    XmppStreamReader broken = new XmppStreamReader(LIMIT, strict);
    assertThatThrownBy(() -> broken.feed(HEADER.getBytes(UTF_8), 0, HEADER.length()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(feedQuietly(broken, " ".getBytes(UTF_8)).condition())
        .isEqualTo(StreamError.INTERNAL_SERVER_ERROR);
  }

  @Test
  void feedingWithAnOffsetKeepsTheLimitAccurate() throws Exception {
    String stanza = "<message><body>" + "y".repeat(300) + "</body></message>";
    byte[] content = (HEADER + stanza + stanza).getBytes(UTF_8);
    byte[] padded = new byte[content.length + 1000];
    System.arraycopy(content, 0, padded, 500, content.length);
    Recorder r = new Recorder();
    XmppStreamReader reader = new XmppStreamReader(stanza.length(), r);
    for (int i = 0; i < content.length; i += 37) {
      reader.feed(padded, 500 + i, Math.min(37, content.length - i));
    }
    assertThat(r.elements).hasSize(2);
  }

  private static StreamErrorException feedQuietly(XmppStreamReader reader, byte[] bytes) {
    try {
      reader.feed(bytes, 0, bytes.length);
      return null;
    } catch (StreamErrorException e) {
      return e;
    }
  }
}
