package io.switchboard.processor.register;

import io.switchboard.core.archive.ArchivePrefsStore;
import io.switchboard.core.archive.ArchiveStore;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.offline.OfflineStore;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Replies;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.core.user.UserStore;
import io.switchboard.processor.iq.IqHandler;
import io.switchboard.processor.privatedata.PrivateDataStore;
import io.switchboard.processor.roster.RosterStore;
import io.switchboard.processor.vcard.VCardStore;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Singleton;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0077 for a logged-in user: whether they are registered, changing their password, and removing
 * their account with everything stored for it. (Registering before login is the access stage's
 * InBandRegistration.)
 */
@Singleton
public class AccountHandler implements IqHandler {

  static final String NS = "jabber:iq:register";
  private static final Logger LOG = LoggerFactory.getLogger(AccountHandler.class);

  private final UserStore users;
  private final RosterStore rosters;
  private final OfflineStore offline;
  private final VCardStore vcards;
  private final PrivateDataStore privateData;
  private final ArchiveStore archive;
  private final ArchivePrefsStore archivePrefs;
  private final String domain;

  public AccountHandler(
      UserStore users,
      RosterStore rosters,
      OfflineStore offline,
      VCardStore vcards,
      PrivateDataStore privateData,
      ArchiveStore archive,
      ArchivePrefsStore archivePrefs,
      SwitchboardConfig config) {
    this.archive = archive;
    this.archivePrefs = archivePrefs;
    this.users = users;
    this.rosters = rosters;
    this.offline = offline;
    this.vcards = vcards;
    this.privateData = privateData;
    this.domain = config.domain();
  }

  @Override
  public String element() {
    return "query";
  }

  @Override
  public String namespace() {
    return NS;
  }

  @Override
  public Set<String> serverFeatures() {
    return Set.of(NS);
  }

  @Override
  public void handle(Stanza iq, Envelope in, StageOutput out) {
    Jid account = iq.from().bare();
    if (iq.to() != null && iq.to().local() != null && !iq.to().bare().equals(account)) {
      Replies.error(in, iq.element(), StanzaError.FORBIDDEN, null, domain, out);
      return;
    }
    XmlElement query = iq.payload();
    if ("get".equals(iq.type())) {
      XmlElement answer =
          XmlElement.builder("query", NS)
              .child(XmlElement.builder("registered", NS).build())
              .child(XmlElement.builder("username", NS).text(account.local()).build())
              .build();
      Replies.reply(in, Replies.iqResult(iq, null, answer), out);
      return;
    }
    if (query.child("remove", NS) != null) {
      remove(account);
      Replies.reply(in, Replies.iqResult(iq, null, null), out);
      return;
    }
    XmlElement username = query.child("username", NS);
    XmlElement password = query.child("password", NS);
    if (password == null || password.text().isEmpty()) {
      Replies.error(
          in, iq.element(), StanzaError.BAD_REQUEST, "a new password is required", domain, out);
      return;
    }
    if (username != null && !users.jidOf(username.text()).equals(account)) {
      Replies.error(
          in,
          iq.element(),
          StanzaError.NOT_ALLOWED,
          "you can only change your own password",
          domain,
          out);
      return;
    }
    try {
      users.changePassword(account.local(), password.text());
    } catch (IllegalArgumentException e) {
      Replies.error(in, iq.element(), StanzaError.NOT_ACCEPTABLE, e.getMessage(), domain, out);
      return;
    }
    LOG.info("{} changed their password", account);
    Replies.reply(in, Replies.iqResult(iq, null, null), out);
  }

  /** Deletes the account and what is stored for it. Idempotent: a redelivery changes nothing. */
  private void remove(Jid account) {
    users.delete(account.local());
    rosters.deleteAll(account);
    offline.deleteAll(account);
    vcards.delete(account);
    privateData.deleteAll(account);
    archive.deleteAll(account);
    archivePrefs.delete(account);
    LOG.info("{} removed their account", account);
  }
}
