package io.switchboard.core.archive;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.core.annotation.Nullable;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Singleton;

/**
 * Which messages go into whose archive (XEP-0313 §5.1.1, and the preferences of §6): messages of
 * type chat or normal that carry a body, are no error and carry no storage hint against it
 * (XEP-0334 {@code no-store}, {@code no-permanent-store}); then, per account, as its preferences
 * say. Preferences and roster look-ups are cached, so the router's question costs a map look-up.
 */
@Singleton
public class ArchivePolicy {

  public static final String HINTS_NS = "urn:xmpp:hints";

  private final ArchivePrefsStore prefs;
  private final RosterMembership roster;
  private final boolean enabled;
  private final Cache<String, Boolean> rosterCache;

  public ArchivePolicy(
      ArchivePrefsStore prefs, @Nullable RosterMembership roster, ArchiveConfig config) {
    this.prefs = prefs;
    this.roster = roster;
    this.enabled = config.enabled();
    this.rosterCache =
        Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(config.cacheTtl()).build();
  }

  public boolean enabled() {
    return enabled;
  }

  /** Whether a message is archivable at all, before anyone's preferences. A pure function. */
  public static boolean archivable(Stanza message) {
    if (message.kind() != Stanza.Kind.MESSAGE) {
      return false;
    }
    String type = message.type();
    if (!"chat".equals(type) && !"normal".equals(type)) {
      return false;
    }
    XmlElement e = message.element();
    return e.child("body", Stanzas.CLIENT_NS) != null
        && e.child("no-store", HINTS_NS) == null
        && e.child("no-permanent-store", HINTS_NS) == null;
  }

  /** Whether {@code owner}'s archive keeps a message exchanged with {@code other}. */
  public boolean archives(Jid owner, Jid other) {
    if (!enabled) {
      return false;
    }
    switch (prefs.get(owner).verdict(other)) {
      case ARCHIVE:
        return true;
      case SKIP:
        return false;
      default:
        if (roster == null) {
          return true; // no roster in this process: 'roster' means 'always' (see decision 0004)
        }
        Jid o = owner.bare();
        Jid c = other.bare();
        return rosterCache.get(o + " " + c, k -> roster.inRoster(o, c));
    }
  }
}
