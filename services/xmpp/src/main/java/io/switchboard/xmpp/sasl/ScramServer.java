package io.switchboard.xmpp.sasl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Server side of SCRAM-SHA-1 / SCRAM-SHA-256 (RFC 5802, RFC 7677), without channel binding.
 *
 * <ul>
 *   <li>GS2 flag {@code n} (client does not support channel binding) and {@code y} (client thinks
 *       the server does not) are accepted, since the -PLUS variants are never advertised; {@code p}
 *       fails with {@code malformed-request}. The {@code c=} attribute of the final message must be
 *       the base64 of the GS2 header.
 *   <li>An authzid is allowed only when equal to the username ({@code invalid-authzid}).
 *   <li>Usernames are decoded ({@code =2C}, {@code =3D}) but otherwise passed to the lookup as
 *       given; a mandatory extension ({@code m=}) is refused.
 *   <li>An unknown user (lookup returns {@code null}, or a credential for another algorithm) goes
 *       through the whole exchange with a fake credential, whose salt is derived from the username
 *       so it is stable across attempts, and then fails with {@code not-authorized} exactly like a
 *       wrong password: no user enumeration.
 *   <li>The proof is checked in constant time.
 * </ul>
 */
public final class ScramServer implements SaslServerMechanism {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Per-process key for the fake salts of unknown users. */
  private static final byte[] FAKE_SALT_KEY = randomBytes(32);

  private enum State {
    INITIAL,
    FIRST_SENT,
    COMPLETE,
    FAILED
  }

  private final ScramAlgorithm algorithm;
  private final Function<String, ScramCredential> lookup;
  private final Supplier<String> nonceSource;

  private State state = State.INITIAL;
  private boolean challenged;
  private String username;
  private String gs2Header;
  private String clientFirstBare;
  private String serverFirst;
  private String nonce;
  private ScramCredential credential;
  private boolean knownUser;
  private String user;

  /**
   * @param lookup the stored credential of a username, or {@code null} when unknown
   * @param nonceSource the server part of the nonce: printable ASCII without {@code ','}, fresh and
   *     unpredictable for every exchange
   */
  public ScramServer(
      ScramAlgorithm algorithm,
      Function<String, ScramCredential> lookup,
      Supplier<String> nonceSource) {
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    this.lookup = Objects.requireNonNull(lookup, "lookup");
    this.nonceSource = Objects.requireNonNull(nonceSource, "nonceSource");
  }

  /** A SCRAM server using 18 random bytes (base64) from {@link SecureRandom} as nonce. */
  public ScramServer(ScramAlgorithm algorithm, Function<String, ScramCredential> lookup) {
    this(algorithm, lookup, ScramServer::randomNonce);
  }

  /** 18 random bytes, base64-encoded (24 characters). */
  public static String randomNonce() {
    return Base64.getEncoder().encodeToString(randomBytes(18));
  }

  @Override
  public String name() {
    return algorithm.mechanismName();
  }

  @Override
  public byte[] evaluate(byte[] response) throws SaslFailure {
    try {
      switch (state) {
        case INITIAL:
          if (response == null) {
            if (challenged) {
              throw SaslSupport.malformed("missing client-first-message");
            }
            challenged = true;
            return new byte[0]; // no initial response: ask for it with an empty challenge
          }
          return clientFirst(SaslSupport.utf8(response)).getBytes(StandardCharsets.UTF_8);
        case FIRST_SENT:
          if (response == null) {
            throw SaslSupport.malformed("missing client-final-message");
          }
          return clientFinal(SaslSupport.utf8(response)).getBytes(StandardCharsets.UTF_8);
        default:
          throw SaslSupport.malformed("authentication exchange already finished");
      }
    } catch (SaslFailure e) {
      state = State.FAILED;
      throw e;
    }
  }

  @Override
  public boolean isComplete() {
    return state == State.COMPLETE;
  }

  @Override
  public String authenticatedUser() {
    return user;
  }

  /** Handles {@code gs2-header client-first-message-bare}; returns server-first-message. */
  private String clientFirst(String message) throws SaslFailure {
    if (message.startsWith("p")) {
      throw SaslSupport.malformed("channel binding not supported");
    }
    if (!message.startsWith("n,") && !message.startsWith("y,")) {
      throw SaslSupport.malformed("invalid GS2 header");
    }
    int headerEnd = message.indexOf(',', 2);
    if (headerEnd < 0) {
      throw SaslSupport.malformed("invalid GS2 header");
    }
    String authzid = null;
    if (headerEnd > 2) {
      if (!message.startsWith("a=", 2)) {
        throw SaslSupport.malformed("invalid GS2 header");
      }
      authzid = decodeSaslName(message.substring(4, headerEnd));
    }
    gs2Header = message.substring(0, headerEnd + 1);
    clientFirstBare = message.substring(headerEnd + 1);

    if (clientFirstBare.startsWith("m=")) {
      throw SaslSupport.malformed("mandatory extensions are not supported");
    }
    if (!clientFirstBare.startsWith("n=")) {
      throw SaslSupport.malformed("missing username");
    }
    int userEnd = clientFirstBare.indexOf(',');
    if (userEnd < 0 || !clientFirstBare.startsWith("r=", userEnd + 1)) {
      throw SaslSupport.malformed("missing nonce");
    }
    username = decodeSaslName(clientFirstBare.substring(2, userEnd));
    if (username.isEmpty()) {
      throw SaslSupport.malformed("empty username");
    }
    int nonceEnd = clientFirstBare.indexOf(',', userEnd + 3); // optional extensions follow
    String clientNonce =
        clientFirstBare.substring(userEnd + 3, nonceEnd < 0 ? clientFirstBare.length() : nonceEnd);
    if (!isValidNonce(clientNonce)) {
      throw SaslSupport.malformed("invalid nonce");
    }
    if (authzid != null && !authzid.equals(username)) {
      throw new SaslFailure(SaslFailure.INVALID_AUTHZID, null);
    }

    ScramCredential stored = lookup.apply(username);
    knownUser = stored != null && stored.algorithm() == algorithm;
    credential = knownUser ? stored : fakeCredential(username);
    String serverNonce = nonceSource.get();
    if (!isValidNonce(serverNonce)) {
      throw new IllegalStateException("nonce source returned an invalid nonce");
    }
    nonce = clientNonce + serverNonce;
    serverFirst =
        "r="
            + nonce
            + ",s="
            + Base64.getEncoder().encodeToString(credential.salt())
            + ",i="
            + credential.iterations();
    state = State.FIRST_SENT;
    return serverFirst;
  }

  /** Handles {@code c=...,r=...[,ext],p=...}; returns server-final-message ({@code v=...}). */
  private String clientFinal(String message) throws SaslFailure {
    int proofStart = message.lastIndexOf(",p=");
    if (!message.startsWith("c=") || proofStart < 0) {
      throw SaslSupport.malformed("invalid client-final-message");
    }
    String withoutProof = message.substring(0, proofStart);
    int bindingEnd = withoutProof.indexOf(',');
    if (bindingEnd < 0 || !withoutProof.startsWith("r=", bindingEnd + 1)) {
      throw SaslSupport.malformed("invalid client-final-message");
    }
    byte[] binding = base64(withoutProof.substring(2, bindingEnd));
    if (!Arrays.equals(binding, gs2Header.getBytes(StandardCharsets.UTF_8))) {
      throw new SaslFailure(SaslFailure.NOT_AUTHORIZED, "channel binding mismatch");
    }
    int nonceEnd = withoutProof.indexOf(',', bindingEnd + 3);
    String finalNonce =
        withoutProof.substring(bindingEnd + 3, nonceEnd < 0 ? withoutProof.length() : nonceEnd);
    if (!finalNonce.equals(nonce)) {
      throw new SaslFailure(SaslFailure.NOT_AUTHORIZED, "nonce mismatch");
    }
    byte[] proof = base64(message.substring(proofStart + 3));
    if (proof.length != algorithm.hashLength()) {
      throw SaslSupport.malformed("invalid proof length");
    }

    byte[] authMessage =
        (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
    byte[] storedKey = credential.storedKey();
    byte[] clientKey = algorithm.hmac(storedKey, authMessage); // ClientSignature, then XOR
    for (int i = 0; i < clientKey.length; i++) {
      clientKey[i] ^= proof[i];
    }
    boolean valid = MessageDigest.isEqual(algorithm.hash(clientKey), storedKey);
    if (!valid || !knownUser) {
      throw new SaslFailure(SaslFailure.NOT_AUTHORIZED, null);
    }
    byte[] serverSignature = algorithm.hmac(credential.serverKey(), authMessage);
    state = State.COMPLETE;
    user = username;
    return "v=" + Base64.getEncoder().encodeToString(serverSignature);
  }

  /** Decodes a saslname: {@code =2C} is ',' and {@code =3D} is '='; any other '=' is invalid. */
  private static String decodeSaslName(String name) throws SaslFailure {
    if (name.indexOf('=') < 0) {
      return name;
    }
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c != '=') {
        out.append(c);
      } else if (name.startsWith("2C", i + 1)) {
        out.append(',');
        i += 2;
      } else if (name.startsWith("3D", i + 1)) {
        out.append('=');
        i += 2;
      } else {
        throw SaslSupport.malformed("invalid username encoding");
      }
    }
    return out.toString();
  }

  /** RFC 5802 {@code printable}: %x21-2B / %x2D-7E, at least one. */
  private static boolean isValidNonce(String nonce) {
    if (nonce == null || nonce.isEmpty()) {
      return false;
    }
    for (int i = 0; i < nonce.length(); i++) {
      char c = nonce.charAt(i);
      if (c < 0x21 || c > 0x7E || c == ',') {
        return false;
      }
    }
    return true;
  }

  private static byte[] base64(String s) throws SaslFailure {
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw SaslSupport.malformed("invalid base64");
    }
  }

  /** A credential that can never verify, with a salt stable per username. */
  private ScramCredential fakeCredential(String name) {
    byte[] salt =
        Arrays.copyOf(
            ScramAlgorithm.SHA_256.hmac(FAKE_SALT_KEY, name.getBytes(StandardCharsets.UTF_8)), 16);
    return new ScramCredential(
        algorithm,
        salt,
        ScramCredential.DEFAULT_ITERATIONS,
        randomBytes(algorithm.hashLength()),
        randomBytes(algorithm.hashLength()));
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
