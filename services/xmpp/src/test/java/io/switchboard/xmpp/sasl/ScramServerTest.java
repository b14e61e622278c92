package io.switchboard.xmpp.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ScramServerTest {
  private static final byte[] SALT_5802 = Base64.getDecoder().decode("QSXCR+Q6sek8bf92");
  private static final byte[] SALT_7677 = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");

  private static ScramServer server(ScramAlgorithm algorithm, byte[] salt, String nonce) {
    ScramCredential credential = ScramCredential.derive(algorithm, "pencil", salt, 4096);
    return new ScramServer(algorithm, Map.of("user", credential)::get, () -> nonce);
  }

  private static String eval(SaslServerMechanism m, String message) throws SaslFailure {
    byte[] out = m.evaluate(message.getBytes(UTF_8));
    return out == null ? null : new String(out, UTF_8);
  }

  @Test
  void rfc5802Sha1Vector() throws Exception {
    ScramServer s = server(ScramAlgorithm.SHA_1, SALT_5802, "3rfcNHYJY1ZVvWVs7j");
    assertThat(s.name()).isEqualTo("SCRAM-SHA-1");
    assertThat(eval(s, "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL"))
        .isEqualTo("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096");
    assertThat(s.isComplete()).isFalse();
    assertThat(
            eval(
                s,
                "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,"
                    + "p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="))
        .isEqualTo("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");
    assertThat(s.isComplete()).isTrue();
    assertThat(s.authenticatedUser()).isEqualTo("user");
    assertFailure(() -> eval(s, "c=biws"), "malformed-request");
  }

  /** The published vector; its server nonce is {@code %hvYDpWUa2RaTCAfuxFIlj)hNlF$k0}. */
  @Test
  void rfc7677Sha256Vector() throws Exception {
    ScramServer s = server(ScramAlgorithm.SHA_256, SALT_7677, "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
    assertThat(s.name()).isEqualTo("SCRAM-SHA-256");
    assertThat(eval(s, "n,,n=user,r=rOprNGfwEbeRWgbNEkqO"))
        .isEqualTo(
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
    assertThat(
            eval(
                s,
                "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                    + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="))
        .isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    assertThat(s.isComplete()).isTrue();
  }

  @Test
  void wrongProofIsNotAuthorized() throws Exception {
    ScramServer s = server(ScramAlgorithm.SHA_1, SALT_5802, "3rfcNHYJY1ZVvWVs7j");
    eval(s, "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");
    assertFailure(
        () ->
            eval(
                s,
                "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,"
                    + "p=AAX8v3Bz2T0CJGbJQyF0X+HI4Ts="),
        "not-authorized");
    assertThat(s.isComplete()).isFalse();
    assertThat(s.authenticatedUser()).isNull();
  }

  @Test
  void unknownUserFailsOnlyAtTheEnd() throws Exception {
    List<String> looked = new ArrayList<>();
    ScramServer s =
        new ScramServer(
            ScramAlgorithm.SHA_256,
            user -> {
              looked.add(user);
              return null;
            },
            () -> "servernonce");
    String first = eval(s, "n,,n=nobody,r=clientnonce");
    assertThat(first).matches("r=clientnonceservernonce,s=[A-Za-z0-9+/=]+,i=4096");
    assertThat(looked).containsExactly("nobody");
    // A client that knows some password computes a well-formed proof: still refused.
    String salt = first.substring(first.indexOf(",s=") + 3, first.indexOf(",i="));
    String withoutProof = "c=biws,r=clientnonceservernonce";
    String proof =
        clientProof(
            "SHA-256",
            "pencil",
            Base64.getDecoder().decode(salt),
            "n=nobody,r=clientnonce," + first + "," + withoutProof);
    assertFailure(() -> eval(s, withoutProof + ",p=" + proof), "not-authorized");

    // The fake salt is stable for a username, so repeated attempts reveal nothing.
    ScramServer again = new ScramServer(ScramAlgorithm.SHA_256, user -> null, () -> "servernonce");
    assertThat(eval(again, "n,,n=nobody,r=clientnonce")).isEqualTo(first);
  }

  @Test
  void fullExchangeWithComputedProofs() throws Exception {
    ScramCredential credential = ScramCredential.create(ScramAlgorithm.SHA_256, "s3cr\u00e9t");
    Map<String, ScramCredential> users = Map.of("a,b=c", credential);
    for (String gs2 : new String[] {"n,,", "y,,", "n,a=a=2Cb=3Dc,"}) {
      ScramServer s = new ScramServer(ScramAlgorithm.SHA_256, users::get);
      String bare = "n=a=2Cb=3Dc,r=abc";
      String first = eval(s, gs2 + bare);
      String nonce = first.substring(2, first.indexOf(','));
      assertThat(nonce).startsWith("abc").hasSizeGreaterThan(3 + 16);
      String withoutProof =
          "c=" + Base64.getEncoder().encodeToString(gs2.getBytes(UTF_8)) + ",r=" + nonce;
      String proof =
          clientProof(
              "SHA-256", "s3cr\u00e9t", credential.salt(), bare + "," + first + "," + withoutProof);
      assertThat(eval(s, withoutProof + ",p=" + proof)).startsWith("v=");
      assertThat(s.authenticatedUser()).isEqualTo("a,b=c");
    }
  }

  @Test
  void emptyInitialResponseGetsAnEmptyChallenge() throws Exception {
    ScramServer s = server(ScramAlgorithm.SHA_1, SALT_5802, "3rfcNHYJY1ZVvWVs7j");
    assertThat(s.evaluate(null)).isEmpty();
    assertThat(eval(s, "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL")).startsWith("r=fyko");
  }

  @Test
  void protocolViolations() throws Exception {
    assertFirstFails("p=tls-unique,,n=user,r=abc", "malformed-request");
    assertFirstFails("x,,n=user,r=abc", "malformed-request");
    assertFirstFails("n,,m=ext,n=user,r=abc", "malformed-request");
    assertFirstFails("n,,n=us=2Xer,r=abc", "malformed-request");
    assertFirstFails("n,,n=,r=abc", "malformed-request");
    assertFirstFails("n,,n=user", "malformed-request");
    assertFirstFails("n,,n=user,r=", "malformed-request");
    assertFirstFails("n,a=admin,n=user,r=abc", "invalid-authzid");
    assertFirstFails("", "malformed-request");

    ScramServer s = server(ScramAlgorithm.SHA_1, SALT_5802, "srv");
    eval(s, "n,,n=user,r=abc");
    assertFailure(() -> eval(s, "c=eSws,r=abcsrv,p=AAAA"), "not-authorized"); // c= is not "n,,"
    ScramServer t = server(ScramAlgorithm.SHA_1, SALT_5802, "srv");
    eval(t, "n,,n=user,r=abc");
    assertFailure(
        () -> eval(t, "c=biws,r=abcother,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="), "not-authorized");
    ScramServer u = server(ScramAlgorithm.SHA_1, SALT_5802, "srv");
    eval(u, "n,,n=user,r=abc");
    assertFailure(() -> eval(u, "c=biws,r=abcsrv,p=***"), "malformed-request");
    assertFailure(() -> eval(u, "c=biws,r=abcsrv,p=AAAA"), "malformed-request"); // finished
  }

  @Test
  void invalidUtf8IsMalformed() {
    ScramServer s = server(ScramAlgorithm.SHA_1, SALT_5802, "srv");
    assertFailure(() -> s.evaluate(new byte[] {'n', ',', ',', (byte) 0xC3}), "malformed-request");
  }

  private static void assertFirstFails(String clientFirst, String condition) {
    ScramServer s = server(ScramAlgorithm.SHA_1, SALT_5802, "srv");
    assertFailure(() -> eval(s, clientFirst), condition);
  }

  @Test
  void credentialDerivation() {
    ScramCredential c = ScramCredential.derive(ScramAlgorithm.SHA_1, "pencil", SALT_5802, 4096);
    assertThat(c.verifyPassword("pencil")).isTrue();
    assertThat(c.verifyPassword("Pencil")).isFalse();
    assertThat(c.verifyPassword("")).isFalse();
    assertThat(c)
        .isEqualTo(ScramCredential.derive(ScramAlgorithm.SHA_1, "pencil", SALT_5802, 4096));
    assertThat(c.toString()).doesNotContain("storedKey");
    assertThat(c.storedKey()).hasSize(20);
    ScramCredential created = ScramCredential.create(ScramAlgorithm.SHA_256, "pw");
    assertThat(created.iterations()).isEqualTo(ScramCredential.DEFAULT_ITERATIONS);
    assertThat(created.verifyPassword("pw")).isTrue();
    // Non-ASCII spaces are normalized like OpaqueString does.
    assertThat(ScramCredential.create(ScramAlgorithm.SHA_256, "a\u00A0b").verifyPassword("a b"))
        .isTrue();
    assertThatThrownBy(() -> ScramCredential.derive(ScramAlgorithm.SHA_1, "", SALT_5802, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void plain() throws Exception {
    PlainServer good = new PlainServer((u, p) -> u.equals("user") && p.equals("pencil"));
    assertThat(good.name()).isEqualTo("PLAIN");
    assertThat(good.evaluate("\0user\0pencil".getBytes(UTF_8))).isNull();
    assertThat(good.isComplete()).isTrue();
    assertThat(good.authenticatedUser()).isEqualTo("user");

    PlainServer withAuthzid = new PlainServer((u, p) -> true);
    assertThat(withAuthzid.evaluate(null)).isEmpty();
    withAuthzid.evaluate("user\0user\0pw".getBytes(UTF_8));
    assertThat(withAuthzid.isComplete()).isTrue();

    assertPlainFails("\0user\0wrong", "not-authorized");
    assertPlainFails("admin\0user\0pencil", "invalid-authzid");
    assertPlainFails("user pencil", "malformed-request");
    assertPlainFails("\0userpencil", "malformed-request");
    assertPlainFails("\0user\0pencil\0", "malformed-request");
    assertPlainFails("\0\0pencil", "malformed-request");
    assertPlainFails("\0user\0", "malformed-request");
    PlainServer bytes = new PlainServer((u, p) -> true);
    assertFailure(() -> bytes.evaluate(new byte[] {0, 'u', 0, (byte) 0xFF}), "malformed-request");
  }

  private static void assertPlainFails(String response, String condition) {
    PlainServer s = new PlainServer((u, p) -> u.equals("user") && p.equals("pencil"));
    assertFailure(() -> s.evaluate(response.getBytes(UTF_8)), condition);
    assertThat(s.isComplete()).isFalse();
  }

  @Test
  void failureXml() {
    assertThat(new SaslFailure("not-authorized", null).toXml())
        .isEqualTo(
            "<failure xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\"><not-authorized/></failure>");
    assertThat(new SaslFailure("aborted", "bye").toXml())
        .isEqualTo(
            "<failure xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\"><aborted/><text>bye</text></failure>");
    assertThatThrownBy(() -> new SaslFailure("nope", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertFailure(ThrowingCallable call, String condition) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            SaslFailure.class, f -> assertThat(f.condition()).isEqualTo(condition));
  }

  /** The client side of RFC 5802 §3, computed independently (JDK PBKDF2). */
  private static String clientProof(String hash, String password, byte[] salt, String authMessage)
      throws Exception {
    String hmac = "Hmac" + hash.replace("-", "");
    int bits = hash.equals("SHA-1") ? 160 : 256;
    byte[] salted =
        SecretKeyFactory.getInstance("PBKDF2With" + hmac)
            .generateSecret(new PBEKeySpec(password.toCharArray(), salt, 4096, bits))
            .getEncoded();
    Mac mac = Mac.getInstance(hmac);
    mac.init(new SecretKeySpec(salted, hmac));
    byte[] clientKey = mac.doFinal("Client Key".getBytes(UTF_8));
    byte[] storedKey = MessageDigest.getInstance(hash).digest(clientKey);
    mac.init(new SecretKeySpec(storedKey, hmac));
    byte[] signature = mac.doFinal(authMessage.getBytes(UTF_8));
    for (int i = 0; i < signature.length; i++) {
      signature[i] ^= clientKey[i];
    }
    return Base64.getEncoder().encodeToString(signature);
  }
}
