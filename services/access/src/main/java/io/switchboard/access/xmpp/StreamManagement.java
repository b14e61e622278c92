package io.switchboard.access.xmpp;

import io.switchboard.xmpp.XmlElement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The XEP-0198 counters and the queue of stanzas the client has not acknowledged yet, for one
 * session. Not thread-safe: used on the session's thread only.
 */
final class StreamManagement {

  static final String NS = "urn:xmpp:sm:3";

  private record Sent(long seq, XmlElement stanza) {}

  private final String id;
  private final int maxUnacked;
  private final ArrayDeque<Sent> unacked = new ArrayDeque<>();
  private long received;
  private long sent;

  StreamManagement(String id, int maxUnacked) {
    this.id = id;
    this.maxUnacked = maxUnacked;
  }

  String id() {
    return id;
  }

  /** One more stanza from the client. */
  void countReceived() {
    received++;
  }

  /** The value of 'h' the server reports: stanzas received from the client, mod 2^32. */
  long handled() {
    return received & 0xFFFFFFFFL;
  }

  /** Records a stanza sent to the client; false if too many are unacknowledged. */
  boolean sent(XmlElement stanza) {
    unacked.addLast(new Sent(++sent, stanza));
    return unacked.size() <= maxUnacked;
  }

  /** The client acknowledged everything up to {@code h}; returns false for an impossible h. */
  boolean acked(long h) {
    // h counts modulo 2^32 (XEP-0198 §4); widen it to the sequence space of this session.
    long full = (sent & ~0xFFFFFFFFL) | (h & 0xFFFFFFFFL);
    if (full > sent) {
      full -= 1L << 32;
    }
    long lowest = unacked.isEmpty() ? sent : unacked.peekFirst().seq() - 1;
    if (full < lowest || full > sent) {
      return false;
    }
    while (!unacked.isEmpty() && unacked.peekFirst().seq() <= full) {
      unacked.removeFirst();
    }
    return true;
  }

  int unackedCount() {
    return unacked.size();
  }

  /** Stanzas not acknowledged, oldest first. */
  List<XmlElement> pending() {
    List<XmlElement> out = new ArrayList<>(unacked.size());
    for (Sent s : unacked) {
      out.add(s.stanza());
    }
    return out;
  }
}
