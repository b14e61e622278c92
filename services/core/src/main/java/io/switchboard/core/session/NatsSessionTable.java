package io.switchboard.core.session;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.StorageType;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StreamErrorException;
import io.switchboard.xmpp.XmlElement;
import io.switchboard.xmpp.XmlParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session table of a distributed platform: a NATS key-value bucket, one key per full JID,
 * watched into a {@link LocalSessionTable} mirror in every process that reads it. Writes go to the
 * bucket and to the mirror at once (a process reads its own writes). Access nodes re-put their
 * entries every {@code ttl / 3}; an entry not refreshed for {@code ttl} (its node died) is ignored
 * by readers and aged out of the bucket by the server.
 */
public final class NatsSessionTable implements SessionTable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NatsSessionTable.class);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  /** JetStream's API error code for an expected-last-subject-sequence mismatch. */
  private static final int WRONG_LAST_SEQUENCE = 10071;

  private static final int MAX_ATTEMPTS = 64;

  private static final Duration WATCH_WAIT = Duration.ofSeconds(2);

  private final KeyValue kv;
  private final LocalSessionTable mirror = new LocalSessionTable();
  private final Clock clock;
  private final Duration ttl;
  private final NatsKeyValueWatchSubscription watch;
  private final Object caughtUp = new Object();

  /** The highest bucket revision the watch has applied to the mirror. */
  private long applied;

  public NatsSessionTable(Connection connection, String bucket, Duration ttl, Clock clock)
      throws IOException, JetStreamApiException, InterruptedException {
    this.clock = clock;
    this.ttl = ttl;
    KeyValueManagement kvm = connection.keyValueManagement();
    if (!kvm.getBucketNames().contains(bucket)) {
      try {
        kvm.create(
            KeyValueConfiguration.builder()
                .name(bucket)
                .storageType(StorageType.File)
                .maxHistoryPerKey(1)
                .ttl(ttl)
                .build());
      } catch (JetStreamApiException raced) {
        LOG.debug("bucket {} created concurrently: {}", bucket, raced.getMessage());
      }
    }
    this.kv = connection.keyValue(bucket);
    CountDownLatch loaded = new CountDownLatch(1);
    this.watch =
        kv.watchAll(
            new KeyValueWatcher() {
              @Override
              public void watch(KeyValueEntry entry) {
                apply(entry);
              }

              @Override
              public void endOfData() {
                loaded.countDown();
              }
            });
    if (!loaded.await(10, TimeUnit.SECONDS)) {
      LOG.warn("session table {} not fully loaded after 10 s; continuing", bucket);
    }
  }

  private void apply(KeyValueEntry entry) {
    try {
      Jid jid = jidOf(entry.getKey());
      if (entry.getOperation() == KeyValueOperation.PUT) {
        SessionEntry decoded = decode(jid, entry.getValue());
        mirror.put(decoded);
      } else {
        mirror.session(jid).ifPresent(e -> mirror.remove(jid, e.streamId()));
      }
    } catch (RuntimeException e) {
      LOG.warn("ignoring bad session table entry {}: {}", entry.getKey(), e.toString());
    } finally {
      synchronized (caughtUp) {
        applied = Math.max(applied, entry.getRevision());
        caughtUp.notifyAll();
      }
    }
  }

  /**
   * Read-your-writes without reordering: the mirror is changed by the watch alone, in the bucket's
   * order, and a writer waits until the watch has brought its own revision. (Writing the mirror
   * directly could let a later delete from another node be overtaken by this older write, leaving a
   * session in the mirror that the bucket no longer has.) Should the watch be stalled, the entry
   * goes into the mirror directly after a while, as a fallback.
   */
  private void awaitApplied(long revision, SessionEntry written) {
    long deadline = System.nanoTime() + WATCH_WAIT.toNanos();
    synchronized (caughtUp) {
      while (applied < revision) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          LOG.warn(
              "session table watch is {} revisions behind; mirroring {} directly",
              revision - applied,
              written.jid());
          mirror.put(written);
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(caughtUp, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          mirror.put(written);
          return;
        }
      }
    }
  }

  @Override
  public void put(SessionEntry entry) {
    long revision;
    try {
      revision = kv.put(keyOf(entry.jid()), encode(entry));
    } catch (IOException | JetStreamApiException e) {
      throw new IllegalStateException("session table write failed: " + e.getMessage(), e);
    }
    awaitApplied(revision, entry);
  }

  /**
   * A compare-and-set on the bucket: the current entry is read from the server (not the mirror,
   * which may not show a bind of a moment ago, or may still show a session that ended) and the new
   * one is written only if nobody wrote the key in between; otherwise it is read and tried again.
   */
  @Override
  public Optional<Change> update(Jid fullJid, String streamId, UnaryOperator<SessionEntry> change) {
    String key = keyOf(fullJid);
    try {
      for (int attempt = 1; ; attempt++) {
        KeyValueEntry stored = kv.get(key);
        if (stored == null
            || stored.getOperation() != KeyValueOperation.PUT
            || stored.getValue() == null) {
          return Optional.empty();
        }
        SessionEntry before = decode(fullJid, stored.getValue());
        if (streamId != null && !before.streamId().equals(streamId)) {
          return Optional.empty();
        }
        SessionEntry after = change.apply(before);
        try {
          long revision = kv.update(key, encode(after), stored.getRevision());
          awaitApplied(revision, after);
          return Optional.of(new Change(before, after));
        } catch (JetStreamApiException e) {
          if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE || attempt >= MAX_ATTEMPTS) {
            throw e;
          }
          LOG.debug("session entry {} changed concurrently; reading it again", fullJid);
          if (attempt > 2) {
            // A writer that keeps losing to a faster one backs off a little, at random, so that
            // contention on one key (rare: presence, carbons and refresh of one session) resolves.
            TimeUnit.MICROSECONDS.sleep(
                ThreadLocalRandom.current().nextLong(200L * Math.min(attempt, 20)));
          }
        }
      }
    } catch (IOException | JetStreamApiException e) {
      throw new IllegalStateException("session table update failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("session table update interrupted", e);
    }
  }

  @Override
  public void remove(Jid fullJid, String streamId) {
    Optional<SessionEntry> current = mirror.session(fullJid);
    if (current.isEmpty() || !current.get().streamId().equals(streamId)) {
      return;
    }
    mirror.remove(fullJid, streamId);
    try {
      kv.delete(keyOf(fullJid));
    } catch (IOException | JetStreamApiException e) {
      LOG.warn("session table delete of {} failed: {}", fullJid, e.toString());
    }
  }

  @Override
  public Optional<SessionEntry> session(Jid fullJid) {
    return mirror.session(fullJid).filter(this::fresh);
  }

  @Override
  public List<SessionEntry> sessions(Jid bareJid) {
    List<SessionEntry> all = mirror.sessions(bareJid);
    for (SessionEntry e : all) {
      if (!fresh(e)) {
        return all.stream().filter(this::fresh).toList();
      }
    }
    return all;
  }

  @Override
  public List<SessionEntry> all() {
    return mirror.all().stream().filter(this::fresh).toList();
  }

  @Override
  public int size() {
    return mirror.size();
  }

  private boolean fresh(SessionEntry e) {
    return clock.millis() - e.updatedMillis() < ttl.toMillis();
  }

  @Override
  public void close() {
    try {
      watch.unsubscribe();
    } catch (RuntimeException e) {
      LOG.debug("closing session watch: {}", e.toString());
    }
  }

  static String keyOf(Jid full) {
    return B64.encodeToString(full.bare().toString().getBytes(StandardCharsets.UTF_8))
        + "."
        + B64.encodeToString(full.resource().getBytes(StandardCharsets.UTF_8));
  }

  static Jid jidOf(String key) {
    int dot = key.indexOf('.');
    String bare = new String(B64D.decode(key.substring(0, dot)), StandardCharsets.UTF_8);
    String resource = new String(B64D.decode(key.substring(dot + 1)), StandardCharsets.UTF_8);
    return Jid.of(bare).withResource(resource);
  }

  static byte[] encode(SessionEntry e) {
    return (e.nodeId()
            + '\n'
            + e.streamId()
            + '\n'
            + e.available()
            + '\n'
            + e.priority()
            + '\n'
            + e.updatedMillis()
            + '\n'
            + e.carbons()
            + '\n'
            + (e.presence() == null ? "" : e.presence().toXml()))
        .getBytes(StandardCharsets.UTF_8);
  }

  static SessionEntry decode(Jid jid, byte[] value) {
    // Fields: node, stream, available, priority, updated, carbons, presence. The presence stanza
    // comes last and may itself contain line breaks. Entries written before the carbons field
    // existed have six fields, the sixth being the presence (empty or starting with '<').
    String text = new String(value, StandardCharsets.UTF_8);
    String[] f = text.split("\n", 7);
    boolean withCarbons = f.length == 7 && ("true".equals(f[5]) || "false".equals(f[5]));
    if (!withCarbons) {
      f = text.split("\n", 6);
      if (f.length != 6) {
        throw new IllegalArgumentException("expected 7 fields, got " + f.length);
      }
    }
    String presenceXml = withCarbons ? f[6] : f[5];
    XmlElement presence;
    try {
      presence = presenceXml.isEmpty() ? null : XmlParser.parse(presenceXml);
    } catch (StreamErrorException e) {
      throw new IllegalArgumentException("bad presence in session entry: " + e.getMessage(), e);
    }
    return new SessionEntry(
        jid,
        f[0],
        f[1],
        Boolean.parseBoolean(f[2]),
        Integer.parseInt(f[3]),
        Long.parseLong(f[4]),
        presence,
        withCarbons && Boolean.parseBoolean(f[5]));
  }
}
