package io.switchboard.processor.roster;

import io.switchboard.xmpp.Jid;
import jakarta.inject.Singleton;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serializes changes that touch the roster items between two accounts. The subscription state
 * machine reads and rewrites both accounts' items, and stanzas of the two users are processed in
 * parallel (different sessions, different partitions), so without this two answers crossing each
 * other would lose an update. Striped by the unordered pair; within one processor process. (Several
 * processor replicas would need the pair as a partition key of the hand-over; docs/decisions/0005.)
 */
@Singleton
public class RosterLocks {

  private final ReentrantLock[] stripes = new ReentrantLock[256];

  public RosterLocks() {
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** Holds the lock of the pair {@code a}, {@code b} (in either order) until closed. */
  public Held lock(Jid a, Jid b) {
    int h = a.bare().hashCode() ^ b.bare().hashCode();
    ReentrantLock lock = stripes[Math.floorMod(h * 0x9E3779B1, stripes.length)];
    lock.lock();
    return lock::unlock;
  }

  /** A held lock; closing releases it. */
  @FunctionalInterface
  public interface Held extends AutoCloseable {
    @Override
    void close();
  }
}
