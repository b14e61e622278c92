package io.switchboard.core.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.xmpp.Jid;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** RSM (XEP-0059) paging and the XEP-0313 complete flag, without a store. */
class ArchivePagingTest {

  private static final Jid OWNER = Jid.of("olivia@localhost");

  private static ArchiveQuery q(Long start, Long end, String after, String before, int max) {
    return new ArchiveQuery(OWNER, null, start, end, after, before, max, false);
  }

  private static List<Integer> upTo(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  @Test
  void anUnboundedQueryCoversExactlyTheOwnersKeys() {
    ArchivePaging.Bounds b = ArchivePaging.bounds(q(null, null, null, null, 10));
    String mine = ArchivePaging.key("olivia@localhost", ArchiveId.of(5, "e"));
    assertThat(b.lower()).isEqualTo("olivia@localhost ");
    assertThat(b.lowerInclusive()).isTrue();
    assertThat(mine).isGreaterThanOrEqualTo(b.lower()).isLessThan(b.upper());
    // Neighbouring owners stay outside.
    for (String other : List.of("olivia@localhos", "olivia@localhost2", "olivia@localhosu")) {
      String key = ArchivePaging.key(other, ArchiveId.of(5, "e"));
      assertThat(key.compareTo(b.lower()) >= 0 && key.compareTo(b.upper()) < 0).as(other).isFalse();
    }
  }

  @Test
  void timeFiltersAndIdsNarrowTheRange() {
    String a = ArchiveId.of(2_000, "a");
    String c = ArchiveId.of(4_000, "c");
    ArchivePaging.Bounds b = ArchivePaging.bounds(q(1_000L, 5_000L, a, c, 10));
    assertThat(b.lower()).isEqualTo(ArchivePaging.key("olivia@localhost", a));
    assertThat(b.lowerInclusive()).isFalse();
    assertThat(b.upper()).isEqualTo(ArchivePaging.key("olivia@localhost", c));
    // A start after the 'after' id wins, inclusively.
    ArchivePaging.Bounds later = ArchivePaging.bounds(q(3_000L, null, a, null, 10));
    assertThat(later.lowerInclusive()).isTrue();
    assertThat(later.lower())
        .isEqualTo(ArchivePaging.key("olivia@localhost", ArchiveId.lowerBound(3_000)));
    // The end is inclusive: a message at exactly 'end' is inside.
    ArchivePaging.Bounds end = ArchivePaging.bounds(q(null, 4_000L, null, null, 10));
    assertThat(ArchivePaging.key("olivia@localhost", c)).isLessThan(end.upper());
    assertThat(ArchivePaging.key("olivia@localhost", ArchiveId.of(4_001, "d")))
        .isGreaterThanOrEqualTo(end.upper());
    // Start after end: nothing.
    assertThat(ArchivePaging.bounds(q(5_000L, 1_000L, null, null, 10)).empty()).isTrue();
  }

  @Test
  void forwardPagesAreCompleteWhenNothingFollows() {
    ArchivePaging.Page<Integer> full = ArchivePaging.page(upTo(11), 10, false, false);
    assertThat(full.items()).containsExactlyElementsOf(upTo(10));
    assertThat(full.complete()).isFalse();
    ArchivePaging.Page<Integer> last = ArchivePaging.page(upTo(10), 10, false, false);
    assertThat(last.items()).hasSize(10);
    assertThat(last.complete()).isTrue();
    assertThat(ArchivePaging.page(List.<Integer>of(), 10, false, false).complete()).isTrue();
  }

  @Test
  void backwardPagesComeBackInChronologicalOrder() {
    // Fetched newest first: 99, 98, ... 89.
    List<Integer> fetched = IntStream.rangeClosed(89, 99).map(i -> 188 - i).boxed().toList();
    ArchivePaging.Page<Integer> page = ArchivePaging.page(fetched, 10, true, false);
    assertThat(page.items()).containsExactly(90, 91, 92, 93, 94, 95, 96, 97, 98, 99);
    assertThat(page.complete()).isFalse();
    ArchivePaging.Page<Integer> flipped = ArchivePaging.page(fetched, 10, true, true);
    assertThat(flipped.items()).containsExactly(99, 98, 97, 96, 95, 94, 93, 92, 91, 90);
    ArchivePaging.Page<Integer> first = ArchivePaging.page(List.of(3, 2, 1), 10, true, false);
    assertThat(first.items()).containsExactly(1, 2, 3);
    assertThat(first.complete()).isTrue();
  }

  @Test
  void maxZeroReturnsNoItems() {
    ArchivePaging.Page<Integer> none = ArchivePaging.page(List.of(1), 0, false, false);
    assertThat(none.items()).isEmpty();
    assertThat(none.complete()).isFalse();
  }
}
