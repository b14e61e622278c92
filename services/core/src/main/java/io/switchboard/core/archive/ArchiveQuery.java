package io.switchboard.core.archive;

import io.switchboard.xmpp.Jid;
import java.util.Objects;

/**
 * One page request against an account's archive: the XEP-0313 filters and the XEP-0059 paging.
 *
 * @param owner the archive's account (bare JID)
 * @param with only messages exchanged with this JID (bare: any of its resources), or null
 * @param startMicros only messages at or after this time (epoch µs), or null
 * @param endMicros only messages at or before this time (epoch µs), or null
 * @param after only messages after this archive id (page forwards), or null
 * @param before only messages before this archive id (page backwards); {@code ""} for the last
 *     page; null when not paging backwards
 * @param max page size; 0 asks only for the count
 * @param flip return the page in reverse order (XEP-0313 {@code <flip-page/>})
 */
public record ArchiveQuery(
    Jid owner,
    Jid with,
    Long startMicros,
    Long endMicros,
    String after,
    String before,
    int max,
    boolean flip) {

  public ArchiveQuery {
    Objects.requireNonNull(owner, "owner");
    owner = owner.bare();
    if (max < 0) {
      throw new IllegalArgumentException("max must not be negative");
    }
  }

  /** Pages backwards: from {@code before} (or the end) towards older messages. */
  public boolean backwards() {
    return before != null;
  }
}
