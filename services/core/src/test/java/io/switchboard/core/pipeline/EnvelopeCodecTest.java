package io.switchboard.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.XmlElement;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {

  private static final XmlElement MESSAGE =
      XmlElement.builder("message", "jabber:client")
          .attr("to", "bob@localhost")
          .attr("type", "chat")
          .child(XmlElement.builder("body", "jabber:client").text("héllo <&> \"wörld\"").build())
          .build();

  @Test
  void roundTripsEveryField() {
    Envelope e =
        new Envelope(
            "node-1-abc.0",
            EnvelopeKind.ROUTE,
            new SessionRef("node-1", "s1", Jid.of("alice@localhost/phone")),
            Route.deliver(Jid.of("bob@localhost/laptop"), "node-2"),
            MESSAGE,
            1_700_000_000_000_000L,
            List.of(new Envelope.Stamp("access", 1L), new Envelope.Stamp("parser", 2L)));

    Envelope back = EnvelopeCodec.decode(EnvelopeCodec.encode(e));

    assertThat(back.id()).isEqualTo(e.id());
    assertThat(back.kind()).isEqualTo(EnvelopeKind.ROUTE);
    assertThat(back.session()).isEqualTo(e.session());
    assertThat(back.route()).isEqualTo(e.route());
    assertThat(back.createdMicros()).isEqualTo(e.createdMicros());
    assertThat(back.trace()).isEqualTo(e.trace());
    assertThat(back.payload().toXml()).isEqualTo(MESSAGE.toXml());
  }

  @Test
  void roundTripsAbsentSessionAndRoute() {
    Envelope e = new Envelope("x", EnvelopeKind.STANZA, null, null, MESSAGE, 5L, List.of());
    Envelope back = EnvelopeCodec.decode(EnvelopeCodec.encode(e));
    assertThat(back.session()).isNull();
    assertThat(back.route()).isNull();
    assertThat(back.trace()).isEmpty();
  }

  @Test
  void derivedIdsAreAFunctionOfTheInput() {
    Envelope in =
        Envelope.inbound("n-1", new SessionRef("n", "s", Jid.of("a@b/c")), MESSAGE, 10L, "access");
    Envelope first = in.derive(0, EnvelopeKind.STANZA, null, MESSAGE, "parser", 20L);
    Envelope again = in.derive(0, EnvelopeKind.STANZA, null, MESSAGE, "parser", 99L);
    assertThat(first.id()).isEqualTo("n-1.0").isEqualTo(again.id());
    assertThat(in.derive(1, EnvelopeKind.STANZA, null, MESSAGE, "parser", 20L).id())
        .isEqualTo("n-1.1");
    assertThat(first.trace()).extracting(Envelope.Stamp::stage).containsExactly("access", "parser");
    assertThat(first.createdMicros()).isEqualTo(10L);
  }

  @Test
  void refusesOtherVersionsAndGarbage() {
    byte[] data = EnvelopeCodec.encode(Envelope.inbound("i", null, MESSAGE, 1L, "access"));
    data[0] = 99;
    assertThatThrownBy(() -> EnvelopeCodec.decode(data))
        .isInstanceOf(EnvelopeCodec.MalformedEnvelopeException.class)
        .hasMessageContaining("version 99");
    assertThatThrownBy(() -> EnvelopeCodec.decode(new byte[] {1, 0}))
        .isInstanceOf(EnvelopeCodec.MalformedEnvelopeException.class);
  }
}
