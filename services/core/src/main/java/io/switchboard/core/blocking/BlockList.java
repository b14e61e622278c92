package io.switchboard.core.blocking;

import io.switchboard.xmpp.Jid;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An account's block list (XEP-0191): the JIDs it blocked, in the order they were added. An item
 * blocks a JID as in privacy lists (XEP-0016 §2.1, and ejabberd): {@code user@domain/resource} only
 * that full JID, {@code user@domain} every resource of that account, {@code domain/resource} that
 * resource at any account of the domain, {@code domain} every JID of the domain (the domain itself
 * included). Immutable.
 */
public final class BlockList {

  public static final BlockList EMPTY = new BlockList(Set.of());

  /** Normalized string forms of the items: equal JIDs have equal strings. */
  private final Set<String> items;

  private BlockList(Set<String> items) {
    this.items = items;
  }

  /** A list of these items (duplicates collapse). */
  public static BlockList of(Collection<Jid> jids) {
    if (jids.isEmpty()) {
      return EMPTY;
    }
    Set<String> set = new LinkedHashSet<>();
    for (Jid j : jids) {
      set.add(j.toString());
    }
    return new BlockList(Collections.unmodifiableSet(set));
  }

  /** Whether an item of this list matches {@code jid}. */
  public boolean blocks(Jid jid) {
    if (items.isEmpty() || jid == null) {
      return false;
    }
    String domain = jid.domain();
    if (items.contains(domain)) {
      return true;
    }
    if (jid.local() != null && items.contains(jid.bare().toString())) {
      return true;
    }
    if (jid.resource() != null) {
      return items.contains(jid.toString()) || items.contains(domain + '/' + jid.resource());
    }
    return false;
  }

  /** Whether {@code jid} is one of the items itself (not merely matched by one). */
  public boolean contains(Jid jid) {
    return items.contains(jid.toString());
  }

  /** The items, in the order they were added. */
  public List<Jid> items() {
    List<Jid> out = new ArrayList<>(items.size());
    for (String s : items) {
      out.add(Jid.of(s));
    }
    return out;
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }

  public int size() {
    return items.size();
  }

  /** This list with {@code more} added at the end (those already present keep their place). */
  public BlockList plus(Collection<Jid> more) {
    List<Jid> all = new ArrayList<>(items());
    all.addAll(more);
    return of(all);
  }

  /** This list without {@code fewer}. */
  public BlockList minus(Collection<Jid> fewer) {
    Set<String> drop = new LinkedHashSet<>();
    for (Jid j : fewer) {
      drop.add(j.toString());
    }
    List<Jid> kept = new ArrayList<>(items.size());
    for (String s : items) {
      if (!drop.contains(s)) {
        kept.add(Jid.of(s));
      }
    }
    return of(kept);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlockList other && items.equals(other.items);
  }

  @Override
  public int hashCode() {
    return items.hashCode();
  }

  @Override
  public String toString() {
    return "BlockList" + items;
  }
}
