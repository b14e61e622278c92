package io.switchboard.xmpp.sasl;

import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * SASL PLAIN (RFC 4616): the client sends {@code authzid NUL authcid NUL passwd} in UTF-8. Only
 * offer it over TLS. The authzid must be empty or equal to the authcid (no impersonation).
 */
public final class PlainServer implements SaslServerMechanism {
  private final BiPredicate<String, String> verifier;
  private boolean challenged;
  private boolean finished;
  private String user;

  /**
   * @param verifier tests {@code (username, password)}, e.g. with {@link
   *     ScramCredential#verifyPassword}; the username is passed as the client sent it
   */
  public PlainServer(BiPredicate<String, String> verifier) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
  }

  @Override
  public String name() {
    return "PLAIN";
  }

  @Override
  public byte[] evaluate(byte[] response) throws SaslFailure {
    if (finished) {
      throw SaslSupport.malformed("authentication exchange already finished");
    }
    if (response == null && !challenged) {
      challenged = true;
      return new byte[0]; // no initial response: ask for it with an empty challenge
    }
    finished = true; // one attempt per instance, whatever the outcome
    if (response == null) {
      throw SaslSupport.malformed("missing response");
    }
    String message = SaslSupport.utf8(response);
    int nul1 = message.indexOf('\0');
    int nul2 = nul1 < 0 ? -1 : message.indexOf('\0', nul1 + 1);
    if (nul2 < 0 || message.indexOf('\0', nul2 + 1) >= 0) {
      throw SaslSupport.malformed("expected authzid NUL authcid NUL password");
    }
    String authzid = message.substring(0, nul1);
    String authcid = message.substring(nul1 + 1, nul2);
    String password = message.substring(nul2 + 1);
    if (authcid.isEmpty() || password.isEmpty()) {
      throw SaslSupport.malformed("empty username or password");
    }
    if (!authzid.isEmpty() && !authzid.equals(authcid)) {
      throw new SaslFailure(SaslFailure.INVALID_AUTHZID, null);
    }
    if (!verifier.test(authcid, password)) {
      throw new SaslFailure(SaslFailure.NOT_AUTHORIZED, null);
    }
    user = authcid;
    return null;
  }

  @Override
  public boolean isComplete() {
    return user != null;
  }

  @Override
  public String authenticatedUser() {
    return user;
  }
}
