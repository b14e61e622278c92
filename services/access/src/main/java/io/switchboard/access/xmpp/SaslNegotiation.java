package io.switchboard.access.xmpp;

import io.switchboard.core.user.UserRecord;
import io.switchboard.core.user.UserStore;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.JidFormatException;
import io.switchboard.xmpp.sasl.PlainServer;
import io.switchboard.xmpp.sasl.SaslFailure;
import io.switchboard.xmpp.sasl.SaslServerMechanism;
import io.switchboard.xmpp.sasl.ScramAlgorithm;
import io.switchboard.xmpp.sasl.ScramServer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * SASL for one stream (RFC 6120 §6): which mechanisms are offered, and the running exchange. The
 * store look-ups behind it block, so the connection calls {@link #step} off its event loop.
 */
final class SaslNegotiation {

  static final String NS = "urn:ietf:params:xml:ns:xmpp-sasl";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

  private final UserStore users;
  private SaslServerMechanism mechanism;

  SaslNegotiation(UserStore users) {
    this.users = users;
  }

  /** Mechanisms in order of preference; PLAIN only on encrypted streams unless allowed. */
  static List<String> offered(boolean encrypted, boolean allowPlainWithoutTls) {
    List<String> names = new ArrayList<>(3);
    names.add(ScramAlgorithm.SHA_256.mechanismName());
    names.add(ScramAlgorithm.SHA_1.mechanismName());
    if (encrypted || allowPlainWithoutTls) {
      names.add("PLAIN");
    }
    return names;
  }

  /** Starts an exchange; returns false if the mechanism is not known. */
  boolean start(String name) {
    if (ScramAlgorithm.SHA_256.mechanismName().equals(name)) {
      mechanism = scram(ScramAlgorithm.SHA_256);
    } else if (ScramAlgorithm.SHA_1.mechanismName().equals(name)) {
      mechanism = scram(ScramAlgorithm.SHA_1);
    } else if ("PLAIN".equals(name)) {
      mechanism =
          new PlainServer(
              (username, password) ->
                  account(username)
                      .map(u -> u.credential(ScramAlgorithm.SHA_256))
                      .map(c -> c.verifyPassword(password))
                      .orElse(false));
    } else {
      return false;
    }
    return true;
  }

  boolean inProgress() {
    return mechanism != null && !mechanism.isComplete();
  }

  void abort() {
    mechanism = null;
  }

  /** One step of the exchange with the client's data; returns the server's data (may be null). */
  byte[] step(byte[] response) throws SaslFailure {
    try {
      return mechanism.evaluate(response);
    } catch (SaslFailure e) {
      mechanism = null;
      throw e;
    }
  }

  boolean isComplete() {
    return mechanism != null && mechanism.isComplete();
  }

  /** The authenticated account, once complete. */
  Jid account() {
    return users.jidOf(mechanism.authenticatedUser());
  }

  private ScramServer scram(ScramAlgorithm algorithm) {
    return new ScramServer(
        algorithm,
        username -> account(username).map(u -> u.credential(algorithm)).orElse(null),
        SaslNegotiation::nonce);
  }

  private Optional<UserRecord> account(String username) {
    try {
      return users.find(users.jidOf(username));
    } catch (JidFormatException e) {
      return Optional.empty();
    }
  }

  private static String nonce() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Decodes the base64 text of auth/response; "=" is an empty response (RFC 6120 §6.4.2). */
  static byte[] decode(String text) throws SaslFailure {
    String t = WHITESPACE.matcher(text).replaceAll("");
    if (t.isEmpty() || "=".equals(t)) {
      return new byte[0];
    }
    try {
      return Base64.getDecoder().decode(t);
    } catch (IllegalArgumentException e) {
      throw new SaslFailure("incorrect-encoding", "invalid base64");
    }
  }

  static String encode(byte[] data) {
    return data == null || data.length == 0 ? "=" : Base64.getEncoder().encodeToString(data);
  }
}
