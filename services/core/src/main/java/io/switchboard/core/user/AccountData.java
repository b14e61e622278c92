package io.switchboard.core.user;

import io.switchboard.xmpp.Jid;

/**
 * A store that keeps data belonging to an account (roster, offline messages, archive, vCard, block
 * list, PEP nodes...). When an account is removed — by the user (XEP-0077), an administrator
 * (XEP-0133 or the admin API) — every bean of this type is asked to delete what it holds for it, so
 * that a new feature's data cannot be forgotten by one of the removal paths.
 */
public interface AccountData {

  /** Deletes everything this store holds for {@code account} (a bare JID). Idempotent. */
  void deleteAccountData(Jid account);
}
