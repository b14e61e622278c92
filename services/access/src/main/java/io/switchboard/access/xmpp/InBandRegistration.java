package io.switchboard.access.xmpp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.core.user.UserStore;
import io.switchboard.xmpp.JidFormatException;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0077 in-band registration on a stream that is not authenticated yet: the registration form
 * (get) and account creation (set), switched on by configuration and limited per IP address.
 * Changing the password and removing the account after login are the processor's (register/).
 */
@Singleton
public class InBandRegistration {

  static final String NS = "jabber:iq:register";
  static final String FEATURE_NS = "http://jabber.org/features/iq-register";
  private static final Logger LOG = LoggerFactory.getLogger(InBandRegistration.class);

  private final RegistrationConfig config;
  private final UserStore users;
  private final Cache<String, Boolean> recent;

  public InBandRegistration(RegistrationConfig config, UserStore users) {
    this.config = config;
    this.users = users;
    Duration window = config.perIpInterval().isNegative() ? Duration.ZERO : config.perIpInterval();
    this.recent = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(100_000).build();
  }

  boolean offered(boolean encrypted) {
    return config.enabled() && (encrypted || !config.requireEncryption());
  }

  static boolean isRegistration(XmlElement e) {
    return "iq".equals(e.name())
        && Stanzas.CLIENT_NS.equals(e.namespace())
        && e.child("query", NS) != null;
  }

  /** Answers a registration iq; may block (store). Returns the reply stanza. */
  XmlElement handle(XmlElement iq, boolean encrypted, String remoteAddress, String domain) {
    if (!offered(encrypted)) {
      return Stanzas.error(
          iq,
          encrypted ? StanzaError.SERVICE_UNAVAILABLE : StanzaError.NOT_AUTHORIZED,
          encrypted ? "registration is switched off" : "register over an encrypted stream",
          domain);
    }
    XmlElement query = iq.child("query", NS);
    if ("get".equals(iq.attr("type"))) {
      return result(
          iq,
          XmlElement.builder("query", NS)
              .child(
                  XmlElement.builder("instructions", NS)
                      .text("Choose a user name and password.")
                      .build())
              .child(XmlElement.builder("username", NS).build())
              .child(XmlElement.builder("password", NS).build())
              .build());
    }
    if (!"set".equals(iq.attr("type"))) {
      return Stanzas.error(iq, StanzaError.BAD_REQUEST, null, domain);
    }
    String username = childText(query, "username");
    String password = childText(query, "password");
    if (username == null || password == null || username.isBlank() || password.isEmpty()) {
      return Stanzas.error(
          iq, StanzaError.NOT_ACCEPTABLE, "username and password are required", domain);
    }
    String ip = hostOf(remoteAddress);
    if (!config.perIpInterval().isZero() && recent.getIfPresent(ip) != null) {
      return Stanzas.error(
          iq, StanzaError.RESOURCE_CONSTRAINT, "too many registrations from your address", domain);
    }
    try {
      if (!users.create(username, password)) {
        return Stanzas.error(iq, StanzaError.CONFLICT, "that user name is taken", domain);
      }
    } catch (JidFormatException e) {
      return Stanzas.error(iq, StanzaError.JID_MALFORMED, "not a valid user name", domain);
    } catch (IllegalArgumentException e) {
      return Stanzas.error(iq, StanzaError.NOT_ACCEPTABLE, e.getMessage(), domain);
    }
    if (!config.perIpInterval().isZero()) {
      recent.put(ip, Boolean.TRUE);
    }
    LOG.info("in-band registration of {} from {}", users.jidOf(username), ip);
    return result(iq, null);
  }

  private static XmlElement result(XmlElement iq, XmlElement payload) {
    XmlElement.Builder b = XmlElement.builder("iq", Stanzas.CLIENT_NS).attr("type", "result");
    if (iq.attr("id") != null) {
      b.attr("id", iq.attr("id"));
    }
    if (payload != null) {
      b.child(payload);
    }
    return b.build();
  }

  private static String childText(XmlElement query, String name) {
    XmlElement c = query.child(name, NS);
    return c == null ? null : c.text();
  }

  private static String hostOf(String remoteAddress) {
    // "/127.0.0.1:51234" or "127.0.0.1:51234"
    String a = remoteAddress.startsWith("/") ? remoteAddress.substring(1) : remoteAddress;
    int colon = a.lastIndexOf(':');
    return colon > 0 ? a.substring(0, colon) : a;
  }
}
