package io.switchboard.processor.vcard;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Replies;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.core.user.UserStore;
import io.switchboard.processor.iq.IqHandler;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Predicate;

/**
 * XEP-0054 vcard-temp. A user reads their own vCard (no {@code to}) or any account's (its bare
 * JID); an account without one has an empty vCard; a user writes only their own, up to a size
 * limit. An empty vCard removes the stored one. The server's own vCard names it. Avatars (XEP-0153)
 * need nothing more here: the photo is in the vCard and the hash travels in presence.
 */
@Singleton
public class VCardHandler implements IqHandler {

  public static final String NS = "vcard-temp";

  private static final XmlElement EMPTY = XmlElement.builder("vCard", NS).build();
  private static final XmlElement SERVER =
      XmlElement.builder("vCard", NS)
          .child(XmlElement.builder("FN", NS).text("Switchboard").build())
          .build();

  /**
   * Limits of stored vCards.
   *
   * @param maxBytes largest serialized vCard, in UTF-8 bytes (photos are inside, Base64-encoded)
   */
  @ConfigurationProperties("switchboard.vcard")
  public record VCardConfig(
      @Bindable(defaultValue = "65536") @Min(1024) @Max(16 * 1024 * 1024) int maxBytes) {}

  private final String domain;
  private final VCardStore store;
  private final Predicate<Jid> accountExists;
  private final int maxBytes;

  @Inject
  public VCardHandler(
      SwitchboardConfig config, VCardStore store, UserStore users, VCardConfig limits) {
    this(config.domain(), store, users::exists, limits.maxBytes());
  }

  VCardHandler(String domain, VCardStore store, Predicate<Jid> accountExists, int maxBytes) {
    this.domain = domain;
    this.store = store;
    this.accountExists = accountExists;
    this.maxBytes = maxBytes;
  }

  @Override
  public String element() {
    return "vCard";
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
  public Set<String> accountFeatures() {
    return Set.of(NS);
  }

  @Override
  public void handle(Stanza iq, Envelope in, StageOutput out) {
    Jid owner = iq.from().bare();
    Jid to = iq.to();
    boolean own = to == null || to.equals(owner);
    if ("get".equals(iq.type())) {
      if (own) {
        reply(iq, owner.toString(), store.find(owner).orElse(EMPTY), in, out);
      } else if (to.local() == null) {
        reply(iq, to.toString(), SERVER, in, out);
      } else if (accountExists.test(to)) {
        reply(iq, to.toString(), store.find(to).orElse(EMPTY), in, out);
      } else {
        Replies.error(in, iq.element(), StanzaError.SERVICE_UNAVAILABLE, null, domain, out);
      }
      return;
    }
    if (!own) {
      Replies.error(
          in,
          iq.element(),
          StanzaError.FORBIDDEN,
          "only your own vCard can be changed",
          domain,
          out);
      return;
    }
    XmlElement vcard = iq.payload();
    int bytes = vcard.toXml().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxBytes) {
      Replies.error(
          in,
          iq.element(),
          StanzaError.NOT_ACCEPTABLE,
          "the vCard has " + bytes + " bytes, more than the limit of " + maxBytes,
          domain,
          out);
      return;
    }
    if (vcard.elements().isEmpty()) {
      store.delete(owner);
    } else {
      store.put(owner, vcard);
    }
    reply(iq, owner.toString(), null, in, out);
  }

  private static void reply(
      Stanza iq, String from, XmlElement payload, Envelope in, StageOutput out) {
    Replies.reply(in, Replies.iqResult(iq, from, payload), out);
  }
}
