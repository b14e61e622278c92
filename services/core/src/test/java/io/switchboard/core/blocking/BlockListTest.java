package io.switchboard.core.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.xmpp.Jid;
import java.util.List;
import org.junit.jupiter.api.Test;

/** XEP-0191 §3.4 / XEP-0016 §2.1 matching of block list items, as ejabberd does it. */
class BlockListTest {

  private static BlockList list(String... items) {
    return BlockList.of(java.util.Arrays.stream(items).map(Jid::of).toList());
  }

  private static Jid jid(String s) {
    return Jid.of(s);
  }

  @Test
  void aBareJidBlocksTheAccountAndEveryResourceOfIt() {
    BlockList l = list("romeo@montague.net");
    assertThat(l.blocks(jid("romeo@montague.net"))).isTrue();
    assertThat(l.blocks(jid("romeo@montague.net/orchard"))).isTrue();
    assertThat(l.blocks(jid("benvolio@montague.net/orchard"))).isFalse();
    assertThat(l.blocks(jid("montague.net"))).isFalse();
  }

  @Test
  void aFullJidBlocksOnlyThatResource() {
    BlockList l = list("romeo@montague.net/orchard");
    assertThat(l.blocks(jid("romeo@montague.net/orchard"))).isTrue();
    assertThat(l.blocks(jid("romeo@montague.net/balcony"))).isFalse();
    assertThat(l.blocks(jid("romeo@montague.net"))).isFalse();
  }

  @Test
  void aDomainBlocksEveryJidOfThatDomainButNotSubdomains() {
    BlockList l = list("montague.net");
    assertThat(l.blocks(jid("montague.net"))).isTrue();
    assertThat(l.blocks(jid("romeo@montague.net"))).isTrue();
    assertThat(l.blocks(jid("romeo@montague.net/orchard"))).isTrue();
    assertThat(l.blocks(jid("montague.net/service"))).isTrue();
    assertThat(l.blocks(jid("romeo@chat.montague.net"))).isFalse();
    assertThat(l.blocks(jid("juliet@capulet.com"))).isFalse();
  }

  @Test
  void aDomainWithResourceBlocksThatResourceAtAnyAccountOfTheDomain() {
    BlockList l = list("montague.net/orchard");
    assertThat(l.blocks(jid("montague.net/orchard"))).isTrue();
    assertThat(l.blocks(jid("romeo@montague.net/orchard"))).isTrue();
    assertThat(l.blocks(jid("romeo@montague.net/balcony"))).isFalse();
    assertThat(l.blocks(jid("romeo@montague.net"))).isFalse();
    assertThat(l.blocks(jid("montague.net"))).isFalse();
  }

  @Test
  void matchingUsesNormalizedJids() {
    BlockList l = list("Romeo@Montague.NET");
    assertThat(l.blocks(jid("romeo@montague.net/x"))).isTrue();
    assertThat(l.contains(jid("ROMEO@montague.net"))).isTrue();
  }

  @Test
  void theEmptyListBlocksNothing() {
    assertThat(BlockList.EMPTY.blocks(jid("romeo@montague.net"))).isFalse();
    assertThat(BlockList.EMPTY.blocks(null)).isFalse();
    assertThat(BlockList.of(List.of())).isSameAs(BlockList.EMPTY);
  }

  @Test
  void itemsKeepTheirOrderAndDuplicatesCollapse() {
    BlockList l = list("b@x", "a@x").plus(List.of(jid("a@x"), jid("c@x")));
    assertThat(l.items()).containsExactly(jid("b@x"), jid("a@x"), jid("c@x"));
    assertThat(l.minus(List.of(jid("a@x"), jid("z@x"))).items())
        .containsExactly(jid("b@x"), jid("c@x"));
    assertThat(l.minus(l.items())).isEqualTo(BlockList.EMPTY);
  }
}
