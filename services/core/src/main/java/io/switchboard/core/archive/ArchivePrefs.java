package io.switchboard.core.archive;

import io.switchboard.xmpp.Jid;
import java.util.Locale;
import java.util.Set;

/**
 * An account's archiving preferences (XEP-0313 §6): a default and two lists of JIDs whose messages
 * are always or never archived. A JID in both lists is never archived. List entries are bare JIDs
 * or domains; a domain matches every address of that domain.
 */
public record ArchivePrefs(Mode defaultMode, Set<Jid> always, Set<Jid> never) {

  /** The {@code default} attribute. */
  public enum Mode {
    ALWAYS,
    NEVER,
    ROSTER;

    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The mode of an attribute value, or null when it names none. */
    public static Mode parse(String value) {
      if (value == null) {
        return null;
      }
      switch (value) {
        case "always":
          return ALWAYS;
        case "never":
          return NEVER;
        case "roster":
          return ROSTER;
        default:
          return null;
      }
    }
  }

  /** What the preferences say about one message. */
  public enum Verdict {
    ARCHIVE,
    SKIP,
    /** Archive only if the other party is in the owner's roster. */
    IF_IN_ROSTER
  }

  public ArchivePrefs {
    always = Set.copyOf(always);
    never = Set.copyOf(never);
  }

  /** Preferences with only a default. */
  public static ArchivePrefs of(Mode defaultMode) {
    return new ArchivePrefs(defaultMode, Set.of(), Set.of());
  }

  /** Whether a message exchanged with {@code other} is archived. */
  public Verdict verdict(Jid other) {
    if (matches(never, other)) {
      return Verdict.SKIP;
    }
    if (matches(always, other)) {
      return Verdict.ARCHIVE;
    }
    switch (defaultMode) {
      case ALWAYS:
        return Verdict.ARCHIVE;
      case NEVER:
        return Verdict.SKIP;
      default:
        return Verdict.IF_IN_ROSTER;
    }
  }

  private static boolean matches(Set<Jid> list, Jid other) {
    if (list.isEmpty()) {
      return false;
    }
    return list.contains(other.bare()) || list.contains(Jid.of(null, other.domain(), null));
  }
}
