package io.switchboard.core.archive;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The pure part of archive queries: the range of document keys ({@code "<owner> <archive id>"}) a
 * query covers, and how a fetched run of documents becomes an RSM page (XEP-0059) and the {@code
 * complete} flag of XEP-0313.
 */
public final class ArchivePaging {

  private ArchivePaging() {}

  /** A range of keys; {@code lower}/{@code upper} are compared as strings. */
  public record Bounds(String lower, boolean lowerInclusive, String upper) {

    /** Whether nothing can lie inside the range. */
    public boolean empty() {
      return lower.compareTo(upper) >= 0;
    }
  }

  /** A page: its items in the order they are returned, and whether the query is exhausted. */
  public record Page<T>(List<T> items, boolean complete) {}

  /** The key of an archived message. */
  public static String key(String owner, String id) {
    return owner + ' ' + id;
  }

  /**
   * The key range of a query: the owner's keys, narrowed by the time filters and by the RSM {@code
   * after}/{@code before} ids. The upper bound is always exclusive.
   */
  public static Bounds bounds(ArchiveQuery q) {
    String owner = q.owner().toString();
    String lower = owner + ' ';
    boolean lowerInclusive = true;
    // ' ' + 1 == '!': every key of this owner sorts before owner + '!'.
    String upper = owner + '!';
    if (q.startMicros() != null) {
      lower = key(owner, ArchiveId.lowerBound(q.startMicros()));
    }
    if (q.after() != null) {
      String after = key(owner, q.after());
      if (after.compareTo(lower) >= 0) {
        lower = after;
        lowerInclusive = false;
      }
    }
    if (q.endMicros() != null && q.endMicros() < Long.MAX_VALUE) {
      String end = key(owner, ArchiveId.lowerBound(q.endMicros() + 1));
      if (end.compareTo(upper) < 0) {
        upper = end;
      }
    }
    if (q.before() != null && !q.before().isEmpty()) {
      String before = key(owner, q.before());
      if (before.compareTo(upper) < 0) {
        upper = before;
      }
    }
    return new Bounds(lower, lowerInclusive, upper);
  }

  /**
   * Turns what was fetched into a page. The store fetches up to {@code max + 1} items nearest to
   * the paging start, in paging order: ascending when paging forwards, descending when paging
   * backwards. An extra item means the query is not complete in the paging direction.
   *
   * @param fetched up to max + 1 items, in paging order
   * @return the items in chronological order (reversed if {@code flip}) and the complete flag
   */
  public static <T> Page<T> page(List<T> fetched, int max, boolean backwards, boolean flip) {
    boolean more = fetched.size() > max;
    List<T> items = new ArrayList<>(fetched.subList(0, Math.min(max, fetched.size())));
    if (backwards) {
      Collections.reverse(items);
    }
    if (flip) {
      Collections.reverse(items);
    }
    return new Page<>(Collections.unmodifiableList(items), !more);
  }
}
