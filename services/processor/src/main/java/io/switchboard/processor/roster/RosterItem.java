package io.switchboard.processor.roster;

import io.switchboard.xmpp.Jid;
import java.util.List;

/**
 * One contact in a user's roster, with the subscription state of RFC 6121 §3.
 *
 * @param owner the roster's owner (bare JID)
 * @param contact the contact (bare JID)
 * @param listed whether the contact is in the roster; an unlisted item only holds a pending inbound
 *     subscription request
 * @param name the user's name for the contact, or null
 * @param groups the user's groups for the contact
 * @param subscription none, to, from or both
 * @param askSubscribe an outbound subscription request is pending (ask='subscribe')
 * @param pendingIn an inbound subscription request awaits the user's answer
 * @param preApproved the user approved a subscription request before it arrived (§3.4)
 * @param pendingStanza the stored inbound request, redelivered at the user's next login
 */
public record RosterItem(
    Jid owner,
    Jid contact,
    boolean listed,
    String name,
    List<String> groups,
    Subscription subscription,
    boolean askSubscribe,
    boolean pendingIn,
    boolean preApproved,
    String pendingStanza) {

  /** RFC 6121 subscription states. */
  public enum Subscription {
    NONE("none"),
    TO("to"),
    FROM("from"),
    BOTH("both");

    private final String value;

    Subscription(String value) {
      this.value = value;
    }

    public String value() {
      return value;
    }

    public boolean to() {
      return this == TO || this == BOTH;
    }

    public boolean from() {
      return this == FROM || this == BOTH;
    }

    public static Subscription of(boolean to, boolean from) {
      if (to && from) {
        return BOTH;
      }
      return to ? TO : from ? FROM : NONE;
    }

    public static Subscription parse(String value) {
      for (Subscription s : values()) {
        if (s.value.equals(value)) {
          return s;
        }
      }
      return NONE;
    }
  }

  public RosterItem {
    groups = groups == null ? List.of() : List.copyOf(groups);
    subscription = subscription == null ? Subscription.NONE : subscription;
  }

  /** A fresh, empty item of {@code owner} for {@code contact}. */
  public static RosterItem empty(Jid owner, Jid contact) {
    return new RosterItem(
        owner, contact, false, null, List.of(), Subscription.NONE, false, false, false, null);
  }

  public RosterItem withListed(boolean value, String newName, List<String> newGroups) {
    return new RosterItem(
        owner,
        contact,
        value,
        newName,
        newGroups,
        subscription,
        askSubscribe,
        pendingIn,
        preApproved,
        pendingStanza);
  }

  public RosterItem withSubscription(Subscription value) {
    return new RosterItem(
        owner,
        contact,
        listed,
        name,
        groups,
        value,
        askSubscribe,
        pendingIn,
        preApproved,
        pendingStanza);
  }

  public RosterItem withAsk(boolean value) {
    return new RosterItem(
        owner,
        contact,
        listed,
        name,
        groups,
        subscription,
        value,
        pendingIn,
        preApproved,
        pendingStanza);
  }

  public RosterItem withPendingIn(boolean value, String stanza) {
    return new RosterItem(
        owner,
        contact,
        listed,
        name,
        groups,
        subscription,
        askSubscribe,
        value,
        preApproved,
        value ? stanza : null);
  }

  public RosterItem withPreApproved(boolean value) {
    return new RosterItem(
        owner,
        contact,
        listed,
        name,
        groups,
        subscription,
        askSubscribe,
        pendingIn,
        value,
        pendingStanza);
  }

  /** Whether nothing is left worth storing. */
  public boolean isVoid() {
    return !listed
        && !pendingIn
        && !preApproved
        && subscription == Subscription.NONE
        && !askSubscribe;
  }
}
