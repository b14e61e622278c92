package io.switchboard.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.stanza.Stanza;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import org.junit.jupiter.api.Test;

class StanzaValidatorTest {

  private static final Jid ALICE = Jid.of("alice@localhost/phone");

  private static XmlElement.Builder el(String name) {
    return XmlElement.builder(name, "jabber:client");
  }

  private static StanzaError errorOf(XmlElement e) {
    StanzaValidator.Result r = StanzaValidator.validate(e, ALICE);
    assertThat(r).isInstanceOf(StanzaValidator.Invalid.class);
    return ((StanzaValidator.Invalid) r).condition();
  }

  private static Stanza valid(XmlElement e) {
    StanzaValidator.Result r = StanzaValidator.validate(e, ALICE);
    assertThat(r).isInstanceOf(StanzaValidator.Valid.class);
    return ((StanzaValidator.Valid) r).stanza();
  }

  @Test
  void stampsTheSendersFullJidAndNormalizesTheRecipient() {
    Stanza s = valid(el("message").attr("to", "Bob@LocalHost/Laptop").attr("type", "chat").build());
    assertThat(s.element().attr("from")).isEqualTo("alice@localhost/phone");
    assertThat(s.element().attr("to")).isEqualTo("bob@localhost/Laptop");
    assertThat(s.to()).isEqualTo(Jid.of("bob@localhost/Laptop"));
    assertThat(s.type()).isEqualTo("chat");
  }

  @Test
  void messageTypesDefaultToNormal() {
    assertThat(valid(el("message").build()).type()).isEqualTo("normal");
    assertThat(valid(el("message").attr("type", "bogus").build()).type()).isEqualTo("normal");
  }

  @Test
  void malformedAddressesAreJidMalformed() {
    assertThat(errorOf(el("message").attr("to", "a@b@c").build()))
        .isEqualTo(StanzaError.JID_MALFORMED);
    assertThat(errorOf(el("presence").attr("to", "@localhost").build()))
        .isEqualTo(StanzaError.JID_MALFORMED);
  }

  @Test
  void iqsNeedTypeIdAndOnePayload() {
    XmlElement ping = XmlElement.builder("ping", "urn:xmpp:ping").build();
    assertThat(errorOf(el("iq").attr("id", "1").child(ping).build()))
        .isEqualTo(StanzaError.BAD_REQUEST);
    assertThat(errorOf(el("iq").attr("type", "get").child(ping).build()))
        .isEqualTo(StanzaError.BAD_REQUEST);
    assertThat(errorOf(el("iq").attr("type", "get").attr("id", "1").build()))
        .isEqualTo(StanzaError.BAD_REQUEST);
    assertThat(
            errorOf(el("iq").attr("type", "set").attr("id", "1").child(ping).child(ping).build()))
        .isEqualTo(StanzaError.BAD_REQUEST);
    assertThat(errorOf(el("iq").attr("type", "fetch").attr("id", "1").child(ping).build()))
        .isEqualTo(StanzaError.BAD_REQUEST);
    assertThat(valid(el("iq").attr("type", "get").attr("id", "1").child(ping).build()).isRequest())
        .isTrue();
    assertThat(valid(el("iq").attr("type", "result").attr("id", "1").build()).isRequest())
        .isFalse();
  }

  @Test
  void presenceTypesAreChecked() {
    assertThat(valid(el("presence").build()).type()).isEqualTo("available");
    assertThat(valid(el("presence").attr("type", "unavailable").build()).type())
        .isEqualTo("unavailable");
    assertThat(errorOf(el("presence").attr("type", "invisible").build()))
        .isEqualTo(StanzaError.BAD_REQUEST);
  }

  @Test
  void otherElementsAreNoStanzas() {
    assertThat(errorOf(XmlElement.builder("message", "jabber:server").build()))
        .isEqualTo(StanzaError.BAD_REQUEST);
    assertThat(errorOf(el("foo").build())).isEqualTo(StanzaError.BAD_REQUEST);
  }
}
