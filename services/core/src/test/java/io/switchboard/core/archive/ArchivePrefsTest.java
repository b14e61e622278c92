package io.switchboard.core.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.stanza.Stanza;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.XmlElement;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArchivePrefsTest {

  private static final Jid ROMEO = Jid.of("romeo@localhost/balcony");
  private static final Jid TYBALT = Jid.of("tybalt@localhost");

  @Test
  void listsBeatTheDefaultAndNeverBeatsAlways() {
    ArchivePrefs p =
        new ArchivePrefs(
            ArchivePrefs.Mode.ROSTER,
            Set.of(Jid.of("romeo@localhost"), TYBALT),
            Set.of(TYBALT, Jid.of("spam.example")));
    assertThat(p.verdict(ROMEO)).isEqualTo(ArchivePrefs.Verdict.ARCHIVE);
    assertThat(p.verdict(TYBALT.withResource("x"))).isEqualTo(ArchivePrefs.Verdict.SKIP);
    assertThat(p.verdict(Jid.of("bot@spam.example/r"))).isEqualTo(ArchivePrefs.Verdict.SKIP);
    assertThat(p.verdict(Jid.of("nurse@localhost"))).isEqualTo(ArchivePrefs.Verdict.IF_IN_ROSTER);
    assertThat(ArchivePrefs.of(ArchivePrefs.Mode.ALWAYS).verdict(ROMEO))
        .isEqualTo(ArchivePrefs.Verdict.ARCHIVE);
    assertThat(ArchivePrefs.of(ArchivePrefs.Mode.NEVER).verdict(ROMEO))
        .isEqualTo(ArchivePrefs.Verdict.SKIP);
  }

  @Test
  void modesParseFromTheirAttributeValues() {
    assertThat(ArchivePrefs.Mode.parse("roster")).isEqualTo(ArchivePrefs.Mode.ROSTER);
    assertThat(ArchivePrefs.Mode.parse("ALWAYS")).isNull();
    assertThat(ArchivePrefs.Mode.NEVER.value()).isEqualTo("never");
  }

  @Test
  void onlyChatAndNormalMessagesWithABodyAreArchivable() {
    assertThat(ArchivePolicy.archivable(message("chat", true))).isTrue();
    assertThat(ArchivePolicy.archivable(message(null, true))).isTrue();
    assertThat(ArchivePolicy.archivable(message("chat", false))).isFalse();
    assertThat(ArchivePolicy.archivable(message("headline", true))).isFalse();
    assertThat(ArchivePolicy.archivable(message("groupchat", true))).isFalse();
    assertThat(ArchivePolicy.archivable(message("error", true))).isFalse();
    XmlElement noStore =
        message("chat", true).element().toBuilder()
            .child(XmlElement.builder("no-store", ArchivePolicy.HINTS_NS).build())
            .build();
    assertThat(ArchivePolicy.archivable(Stanza.of(noStore))).isFalse();
  }

  private static Stanza message(String type, boolean body) {
    XmlElement.Builder b =
        XmlElement.builder("message", "jabber:client")
            .attr("from", "romeo@localhost/balcony")
            .attr("to", "juliet@localhost")
            .attr("type", type);
    if (body) {
      b.child(XmlElement.builder("body", "jabber:client").text("hi").build());
    }
    return Stanza.of(b.build());
  }
}
