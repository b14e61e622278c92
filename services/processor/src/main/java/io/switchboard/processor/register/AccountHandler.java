package io.switchboard.processor.register;

import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Replies;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.core.user.UserStore;
import io.switchboard.processor.account.AccountRemoval;
import io.switchboard.processor.iq.IqHandler;
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
  private final AccountRemoval removal;
  private final String domain;

  public AccountHandler(UserStore users, AccountRemoval removal, SwitchboardConfig config) {
    this.users = users;
    this.removal = removal;
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
      // XEP-0077 §3.2: the result reaches the client before its stream is closed, as with
      // ejabberd's mod_register; a repeated request (a redelivery) is answered all the same.
      Runnable answer = () -> Replies.reply(in, Replies.iqResult(iq, null, null), out);
      if (removal.remove(account, out, answer)) {
        LOG.info("{} removed their account", account);
      } else {
        answer.run();
      }
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
}
