package io.switchboard.processor.vcard;

import io.switchboard.xmpp.Jid;

/**
 * What user search shows of an account's vCard.
 *
 * @param jid the account's bare JID
 * @param fn the formatted name, or {@code ""}
 * @param email the first e-mail address, or {@code ""}
 */
public record VCardSummary(Jid jid, String fn, String email) {}
