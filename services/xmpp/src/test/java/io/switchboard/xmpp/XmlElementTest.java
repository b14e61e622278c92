package io.switchboard.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class XmlElementTest {
  private static final String CLIENT = Stanzas.CLIENT_NS;

  private static XmlElement message() {
    return XmlElement.builder("message", CLIENT)
        .attr("from", "juliet@example.com/balcony")
        .attr("to", "romeo@example.net")
        .attr("id", "m1")
        .attr("type", "chat")
        .child(XmlElement.builder("body", CLIENT).text("Art thou not Romeo?").build())
        .child(
            XmlElement.builder("active", "http://jabber.org/protocol/chatstates")
                .child(XmlElement.builder("inner", "http://jabber.org/protocol/chatstates").build())
                .build())
        .build();
  }

  @Test
  void serializesWithNamespaceDeclarationsOnlyWhereNeeded() {
    assertThat(message().toXml())
        .isEqualTo(
            "<message xmlns=\"jabber:client\" from=\"juliet@example.com/balcony\""
                + " to=\"romeo@example.net\" id=\"m1\" type=\"chat\">"
                + "<body>Art thou not Romeo?</body>"
                + "<active xmlns=\"http://jabber.org/protocol/chatstates\"><inner/></active>"
                + "</message>");
  }

  @Test
  void writeToOmitsTheEnclosingDefaultNamespace() {
    StringBuilder out = new StringBuilder();
    message().writeTo(out, CLIENT);
    assertThat(out.toString()).startsWith("<message from=");

    XmlElement noNamespaceChild =
        XmlElement.builder("a", CLIENT).child(XmlElement.builder("b", null).build()).build();
    assertThat(noNamespaceChild.toXml())
        .isEqualTo("<a xmlns=\"jabber:client\"><b xmlns=\"\"/></a>");
    assertThat(XmlElement.builder("plain", "").build().toXml()).isEqualTo("<plain/>");
  }

  @Test
  void escapesTextAndAttributes() {
    XmlElement e =
        XmlElement.builder("x", "urn:x")
            .attr("a", "<&>\"'\n\t\r")
            .text("a < b && c > d \"quoted\" 'single' ]]>\r\n")
            .build();
    assertThat(e.toXml())
        .isEqualTo(
            "<x xmlns=\"urn:x\" a=\"&lt;&amp;&gt;&quot;'&#xA;&#x9;&#xD;\">"
                + "a &lt; b &amp;&amp; c &gt; d \"quoted\" 'single' ]]&gt;&#xD;\n</x>");
  }

  @Test
  void replacesCharactersXmlCannotCarry() {
    XmlElement e =
        XmlElement.builder("x", null).text("a\u0000b\u0008c\uD800d\uFFFEe\uD83D\uDE00").build();
    assertThat(e.toXml()).isEqualTo("<x>a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uD83D\uDE00</x>");
  }

  @Test
  void roundTripsThroughTheParser() throws Exception {
    XmlElement original =
        XmlElement.builder("message", CLIENT)
            .attr("xml:lang", "en")
            .attr("to", "r\u00e9mi@example.com")
            .attr("weird", "<&>\"'\n\t\r x")
            .child(
                XmlElement.builder("body", CLIENT)
                    .text("h\u00e9llo \uD83D\uDE00 <&> \r\n end")
                    .build())
            .child(
                XmlElement.builder("x", "urn:x")
                    .child(XmlElement.builder("y", "urn:y").attr("k", "v").build())
                    .child(XmlElement.builder("z", "").build())
                    .text("tail")
                    .build())
            .build();
    XmlElement parsed = XmlParser.parse(original.toXml());
    assertThat(parsed).isEqualTo(original);
    assertThat(parsed.toXml()).isEqualTo(original.toXml());
    assertThat(parsed.attr("xml:lang")).isEqualTo("en");
    assertThat(parsed.child("body", CLIENT).text())
        .isEqualTo("h\u00e9llo \uD83D\uDE00 <&> \r\n end");
  }

  @Test
  void parserAcceptsPrefixesAndCdataButNormalizesThem() throws Exception {
    XmlElement e =
        XmlParser.parse(
            "<?xml version='1.0' encoding='UTF-8'?>\n<p:a xmlns:p='urn:p' b='1'>"
                + "<p:c><![CDATA[<raw>&]]></p:c></p:a>\n");
    assertThat(e.namespace()).isEqualTo("urn:p");
    assertThat(e.child("c", "urn:p").text()).isEqualTo("<raw>&");
    assertThat(e.toXml()).isEqualTo("<a xmlns=\"urn:p\" b=\"1\"><c>&lt;raw&gt;&amp;</c></a>");
  }

  @Test
  void parserRejectsRestrictedAndMalformedInput() {
    assertCondition("<a><!-- no --></a>", StreamError.RESTRICTED_XML);
    assertCondition("<!DOCTYPE a><a/>", StreamError.RESTRICTED_XML);
    assertCondition("<a>&custom;</a>", StreamError.RESTRICTED_XML);
    assertCondition("<a><?pi x?></a>", StreamError.RESTRICTED_XML);
    assertCondition("<a><b></a>", StreamError.NOT_WELL_FORMED);
    assertCondition("<a/><b/>", StreamError.NOT_WELL_FORMED);
    assertCondition("<a/>junk", StreamError.NOT_WELL_FORMED);
    assertCondition("<a>", StreamError.NOT_WELL_FORMED);
    assertCondition("", StreamError.NOT_WELL_FORMED);
  }

  private static void assertCondition(String xml, StreamError condition) {
    assertThatThrownBy(() -> XmlParser.parse(xml))
        .isInstanceOfSatisfying(
            StreamErrorException.class, e -> assertThat(e.condition()).isEqualTo(condition));
  }

  @Test
  void accessors() {
    XmlElement m =
        XmlElement.builder("m", CLIENT)
            .text("one ")
            .child(XmlElement.builder("c", "urn:c").build())
            .text("two")
            .child(XmlElement.builder("c", CLIENT).build())
            .build();
    assertThat(m.text()).isEqualTo("one two");
    assertThat(m.nodes()).hasSize(4);
    assertThat(m.elements()).extracting(XmlElement::namespace).containsExactly("urn:c", CLIENT);
    assertThat(m.child("c", CLIENT).namespace()).isEqualTo(CLIENT);
    assertThat(m.child("c", "urn:other")).isNull();
    assertThat(XmlElement.builder("e", null).build().text()).isEmpty();
    assertThat(XmlElement.builder("e", null).text("a").text("b").build().nodes())
        .containsExactly(new XmlText("ab"));
  }

  @Test
  void attributesKeepInsertionOrderAndCopiesAreIndependent() {
    XmlElement e =
        XmlElement.builder("e", null).attr("z", "1").attr("a", "2").attr("m", "3").build();
    assertThat(e.attributes())
        .containsExactly(
            java.util.Map.entry("z", "1"),
            java.util.Map.entry("a", "2"),
            java.util.Map.entry("m", "3"));
    XmlElement changed = e.withAttr("a", "X").withAttr("z", null).withAttr("new", "4");
    assertThat(changed.attributes().keySet()).containsExactly("a", "m", "new");
    assertThat(changed.attr("a")).isEqualTo("X");
    assertThat(e.attr("a")).isEqualTo("2");
    assertThat(e.attr("missing")).isNull();
    assertThatThrownBy(() -> e.attributes().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> e.withAttr("xmlns", "urn:x"))
        .isInstanceOf(IllegalArgumentException.class);

    XmlElement rebuilt =
        e.toBuilder().attr("a", null).child(XmlElement.builder("c", null).build()).build();
    assertThat(rebuilt.attributes().keySet()).containsExactly("z", "m");
    assertThat(e.nodes()).isEmpty();
    assertThat(e)
        .isEqualTo(
            XmlElement.builder("e", null).attr("m", "3").attr("a", "2").attr("z", "1").build());
  }

  @Test
  void stanzaErrorReply() {
    XmlElement reply =
        Stanzas.error(message(), StanzaError.SERVICE_UNAVAILABLE, "gone <away>", "example.net");
    assertThat(reply.toXml())
        .isEqualTo(
            "<message xmlns=\"jabber:client\" from=\"romeo@example.net\""
                + " to=\"juliet@example.com/balcony\" id=\"m1\" type=\"error\">"
                + "<body>Art thou not Romeo?</body>"
                + "<active xmlns=\"http://jabber.org/protocol/chatstates\"><inner/></active>"
                + "<error type=\"cancel\">"
                + "<service-unavailable xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\"/>"
                + "<text xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\">gone &lt;away&gt;</text>"
                + "</error></message>");
    assertThat(Stanzas.isError(reply)).isTrue();
    assertThat(Stanzas.errorCondition(reply)).isEqualTo(StanzaError.SERVICE_UNAVAILABLE);
    assertThatThrownBy(() -> Stanzas.error(reply, StanzaError.BAD_REQUEST, null, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stanzaErrorForIqWithoutTo() {
    XmlElement iq =
        XmlElement.builder("iq", CLIENT)
            .attr("id", "q1")
            .attr("type", "get")
            .attr("from", "a@example.com/r")
            .child(XmlElement.builder("query", "jabber:iq:roster").build())
            .build();
    XmlElement reply = Stanzas.error(iq, StanzaError.FEATURE_NOT_IMPLEMENTED, null, "example.com");
    assertThat(reply.toXml())
        .isEqualTo(
            "<iq xmlns=\"jabber:client\" from=\"a@example.com\" to=\"a@example.com/r\" id=\"q1\""
                + " type=\"error\"><query xmlns=\"jabber:iq:roster\"/><error type=\"cancel\">"
                + "<feature-not-implemented xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\"/>"
                + "</error></iq>");
    assertThat(Stanzas.isError(iq)).isFalse();
  }

  @Test
  void stanzaErrorBeforeBindingComesFromTheServer() {
    // No 'to' and no 'from': the stream has no account yet, so the server answers as itself.
    XmlElement iq =
        XmlElement.builder("iq", CLIENT)
            .attr("id", "b1")
            .attr("type", "set")
            .child(XmlElement.builder("bind", "urn:ietf:params:xml:ns:xmpp-bind").build())
            .build();
    XmlElement reply = Stanzas.error(iq, StanzaError.NOT_AUTHORIZED, null, "example.com");
    assertThat(reply.attr("from")).isEqualTo("example.com");
    assertThat(reply.attr("to")).isNull();
  }

  @Test
  void errorConditionNames() {
    assertThat(StanzaError.ITEM_NOT_FOUND.condition()).isEqualTo("item-not-found");
    assertThat(StanzaError.FORBIDDEN.type().value()).isEqualTo("auth");
    assertThat(StreamError.NOT_WELL_FORMED.condition()).isEqualTo("not-well-formed");
    assertThat(StreamError.NOT_WELL_FORMED.toXml(null))
        .isEqualTo(
            "<stream:error><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                + "</stream:error>");
    assertThat(StreamError.POLICY_VIOLATION.toXml("a < b"))
        .isEqualTo(
            "<stream:error><policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                + "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>a &lt; b</text>"
                + "</stream:error>");
  }
}
