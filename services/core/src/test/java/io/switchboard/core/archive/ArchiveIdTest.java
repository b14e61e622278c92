package io.switchboard.core.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ArchiveIdTest {

  @Test
  void idsSortChronologicallyAsStrings() {
    Random random = new Random(42);
    List<Long> times = new ArrayList<>();
    long t = 1_700_000_000_000_000L;
    for (int i = 0; i < 1000; i++) {
      t += 1 + random.nextInt(5_000_000);
      times.add(t);
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < times.size(); i++) {
      ids.add(ArchiveId.of(times.get(i), "node-" + random.nextInt() + "." + i));
    }
    assertThat(ids).isSorted();
    assertThat(new HashSet<>(ids)).hasSize(ids.size());
    // Also across a change in the number of significant hex digits.
    assertThat(ArchiveId.of(0xfffffffffffL, "a")).isLessThan(ArchiveId.of(0x100000000000L, "a"));
  }

  @Test
  void theSameEnvelopeGetsTheSameIdAndTheTimeReadsBack() {
    String id = ArchiveId.of(1_700_000_000_123_456L, "n-1.0.0");
    assertThat(ArchiveId.of(1_700_000_000_123_456L, "n-1.0.0")).isEqualTo(id);
    assertThat(ArchiveId.of(1_700_000_000_123_456L, "n-1.0.1")).isNotEqualTo(id);
    assertThat(id).hasSize(ArchiveId.LENGTH).matches("[0-9a-f]{16}-[0-9a-f]{8}");
    assertThat(ArchiveId.micros(id)).isEqualTo(1_700_000_000_123_456L);
    assertThat(ArchiveId.isWellFormed(id)).isTrue();
  }

  @Test
  void lowerBoundsSplitTimeExactly() {
    long t = 1_700_000_000_000_000L;
    String at = ArchiveId.of(t, "x");
    assertThat(ArchiveId.lowerBound(t)).isLessThanOrEqualTo(at);
    assertThat(ArchiveId.lowerBound(t + 1)).isGreaterThan(at);
    assertThat(ArchiveId.lowerBound(-5)).isEqualTo("0000000000000000");
  }

  @Test
  void clientSuppliedGarbageIsNotWellFormed() {
    assertThat(ArchiveId.isWellFormed(null)).isFalse();
    assertThat(ArchiveId.isWellFormed("")).isFalse();
    assertThat(ArchiveId.isWellFormed("0000000000000000-0000000")).isFalse();
    assertThat(ArchiveId.isWellFormed("0000000000000000_00000000")).isFalse();
    assertThat(ArchiveId.isWellFormed("000000000000000G-00000000")).isFalse();
    assertThat(ArchiveId.isWellFormed("0000000000000000-0000000A")).isFalse();
    assertThat(ArchiveId.isWellFormed("0000000000000000-00000000")).isTrue();
  }
}
