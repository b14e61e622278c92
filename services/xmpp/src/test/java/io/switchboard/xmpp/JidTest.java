package io.switchboard.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JidTest {

  @Test
  void parsesFullJid() {
    Jid jid = Jid.of("juliet@example.com/balcony");
    assertThat(jid.local()).isEqualTo("juliet");
    assertThat(jid.domain()).isEqualTo("example.com");
    assertThat(jid.resource()).isEqualTo("balcony");
    assertThat(jid.isBare()).isFalse();
    assertThat(jid).hasToString("juliet@example.com/balcony");
  }

  @Test
  void parsesDomainAndBareForms() {
    Jid domain = Jid.of("example.com");
    assertThat(domain.local()).isNull();
    assertThat(domain.resource()).isNull();
    assertThat(domain.isBare()).isTrue();

    Jid domainWithResource = Jid.of("example.com/res");
    assertThat(domainWithResource.local()).isNull();
    assertThat(domainWithResource.resource()).isEqualTo("res");
  }

  @Test
  void resourceMayContainAtAndSlash() {
    Jid jid = Jid.of("a@b/c@d/e");
    assertThat(jid.local()).isEqualTo("a");
    assertThat(jid.domain()).isEqualTo("b");
    assertThat(jid.resource()).isEqualTo("c@d/e");

    Jid noLocal = Jid.of("b/c@d");
    assertThat(noLocal.local()).isNull();
    assertThat(noLocal.domain()).isEqualTo("b");
    assertThat(noLocal.resource()).isEqualTo("c@d");
  }

  @Test
  void lowercasesLocalAndDomainButNotResource() {
    Jid jid = Jid.of("Juliet@Example.COM/Balcony");
    assertThat(jid).hasToString("juliet@example.com/Balcony");
  }

  @Test
  void widthMapsFullwidthLocalpart() {
    assertThat(Jid.of("\uFF35\uFF33\uFF25\uFF32@example.com").local()).isEqualTo("user");
  }

  @Test
  void normalizesToNfc() {
    assertThat(Jid.of("e\u0301@example.com").local()).isEqualTo("\u00e9");
    assertThat(Jid.of("x.com/e\u0301").resource()).isEqualTo("\u00e9");
  }

  @Test
  void lowercasesNonAsciiLocalpart() {
    assertThat(Jid.of("\u00C9LOD\u00CDE@example.com").local()).isEqualTo("\u00e9lod\u00ede");
  }

  @Test
  void mapsNonAsciiSpacesInResource() {
    assertThat(Jid.of("a@b/x\u00A0y\u2003z").resource()).isEqualTo("x y z");
    assertThat(Jid.of("a@b/ spaced out ").resource()).isEqualTo(" spaced out ");
  }

  @Test
  void stripsOneTrailingDotFromDomain() {
    assertThat(Jid.of("a@example.com./r").domain()).isEqualTo("example.com");
    assertThatThrownBy(() -> Jid.of("a@example.com..")).isInstanceOf(JidFormatException.class);
  }

  @Test
  void internationalizedDomains() {
    assertThat(Jid.of("M\u00DCNCHEN.de").domain()).isEqualTo("m\u00fcnchen.de");
    assertThat(Jid.of("xn--mnchen-3ya.de")).isEqualTo(Jid.of("m\u00fcnchen.de"));
    assertThat(Jid.of("\uFF45\uFF58\uFF41\uFF4D\uFF50\uFF4C\uFF45.com").domain())
        .isEqualTo("example.com");
    assertThat(Jid.of("example\u3002com").domain()).isEqualTo("example.com");
  }

  @Test
  void ipLiterals() {
    assertThat(Jid.of("user@192.168.0.1").domain()).isEqualTo("192.168.0.1");
    assertThat(Jid.of("user@[::1]/r").domain()).isEqualTo("[::1]");
    assertThat(Jid.of("[2001:DB8::8:800:200C:417A]").domain())
        .isEqualTo("[2001:db8::8:800:200c:417a]");
    assertThat(Jid.of("[::ffff:192.0.2.1]").domain()).isEqualTo("[::ffff:192.0.2.1]");
    assertThat(Jid.of("[1:2:3:4:5:6:7:8]").domain()).isEqualTo("[1:2:3:4:5:6:7:8]");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "@example.com",
        "example.com/",
        "user@example.com/",
        "user@",
        "user@/res",
        "/res",
        "a b@example.com",
        "a\"b@example.com",
        "a&b@example.com",
        "a'b@example.com",
        "a:b@example.com",
        "a<b@example.com",
        "a>b@example.com",
        "a\u0001b@example.com",
        "a\u3000b@example.com",
        "a@b@example.com",
        "user@exa mple.com",
        "user@exa_mple.com",
        "user@-example.com",
        "user@example-.com",
        "user@example..com",
        "user@.",
        "user@[::1",
        "user@[zz::1]",
        "user@[1::2::3]",
        "user@[1:2:3:4:5:6:7:8:9]",
        "user@[::1.2.3.256]",
        "user@example.com/a\u0007b",
        "user@example.com/a\u0085b",
      })
  void rejectsInvalid(String jid) {
    assertThatThrownBy(() -> Jid.of(jid)).isInstanceOf(JidFormatException.class);
    assertThat(Jid.ofOrNull(jid)).isNull();
  }

  @Test
  void rejectsOverlongParts() {
    String label = "a".repeat(63);
    String longDomain =
        String.join(
            ".", label, label, label, label, label, label, label, label, label, label, label, label,
            label, label, label, label, "com");
    assertThat(longDomain.length()).isGreaterThan(1023);
    assertThatThrownBy(() -> Jid.of("a@" + longDomain)).isInstanceOf(JidFormatException.class);
    assertThatThrownBy(() -> Jid.of("a@" + "b".repeat(64) + ".com"))
        .isInstanceOf(JidFormatException.class);

    assertThat(Jid.of("a".repeat(1023) + "@x.com").local()).hasSize(1023);
    assertThatThrownBy(() -> Jid.of("a".repeat(1024) + "@x.com"))
        .isInstanceOf(JidFormatException.class);
    // 342 three-byte characters = 1026 bytes
    assertThatThrownBy(() -> Jid.of("x.com/" + "\u4e2d".repeat(342)))
        .isInstanceOf(JidFormatException.class);
    assertThat(Jid.of("x.com/" + "\u4e2d".repeat(341)).resource()).hasSize(341);
  }

  @Test
  void bareAndWithResource() {
    Jid full = Jid.of("a@b/c");
    Jid bare = full.bare();
    assertThat(bare).hasToString("a@b");
    assertThat(bare.isBare()).isTrue();
    assertThat(bare.bare()).isSameAs(bare);
    assertThat(full.bare()).isSameAs(bare);

    Jid other = bare.withResource("\u00A0Phone");
    assertThat(other).hasToString("a@b/ Phone");
    assertThat(other.withResource(null)).isEqualTo(bare);
    assertThatThrownBy(() -> bare.withResource("")).isInstanceOf(JidFormatException.class);
    assertThatThrownBy(() -> bare.withResource("a\nb")).isInstanceOf(JidFormatException.class);
  }

  @Test
  void ofParts() {
    assertThat(Jid.of("User", "Example.com", "r")).isEqualTo(Jid.of("user@example.com/r"));
    assertThat(Jid.of(null, "example.com", null)).hasToString("example.com");
    assertThatThrownBy(() -> Jid.of("", "example.com", null))
        .isInstanceOf(JidFormatException.class);
    assertThatThrownBy(() -> Jid.of("a@b", "example.com", null))
        .isInstanceOf(JidFormatException.class);
  }

  @Test
  void equalityUsesNormalizedForm() {
    Jid a = Jid.of("ROMEO@Example.com/Orchard");
    Jid b = Jid.of("romeo@example.com/Orchard");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.compareTo(b)).isZero();
    assertThat(a).isNotEqualTo(Jid.of("romeo@example.com/orchard"));
    assertThat(Jid.of("a@b").compareTo(Jid.of("b@b"))).isNegative();
  }

  @Test
  void keepsInputStringWhenAlreadyNormalized() {
    String input = "romeo@example.com/orchard";
    assertThat(Jid.of(input).toString()).isSameAs(input);
  }
}
