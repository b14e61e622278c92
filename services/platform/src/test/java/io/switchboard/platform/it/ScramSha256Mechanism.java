package io.switchboard.platform.it;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.callback.CallbackHandler;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.sasl.SASLMechanism;

/**
 * A SCRAM-SHA-256 client (RFC 7677) for Smack, whose own SCRAM hard-codes SHA-1. Written from the
 * RFC, independently of the server's implementation, so the two check each other.
 */
public final class ScramSha256Mechanism extends SASLMechanism {

  private String clientNonce;
  private String clientFirstBare;
  private byte[] serverSignature;
  private int step;

  @Override
  public String getName() {
    return "SCRAM-SHA-256";
  }

  @Override
  public int getPriority() {
    return 100; // preferred over Smack's SCRAM-SHA-1 (110)
  }

  @Override
  protected void authenticateInternal(CallbackHandler cbh) {
    throw new UnsupportedOperationException("callback handlers are not supported");
  }

  @Override
  protected byte[] getAuthenticationText() {
    byte[] nonce = new byte[18];
    new SecureRandom().nextBytes(nonce);
    clientNonce = Base64.getEncoder().encodeToString(nonce);
    clientFirstBare =
        "n=" + authenticationId.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
    return ("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected byte[] evaluateChallenge(byte[] challenge) throws SmackException.SmackSaslException {
    String message = new String(challenge, StandardCharsets.UTF_8);
    Map<Character, String> attrs = parse(message);
    try {
      if (step++ == 0) {
        String nonce = attrs.get('r');
        if (nonce == null || !nonce.startsWith(clientNonce)) {
          throw new SmackException.SmackSaslException("server nonce does not extend ours");
        }
        byte[] salt = Base64.getDecoder().decode(attrs.get('s'));
        int iterations = Integer.parseInt(attrs.get('i'));
        SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        byte[] salted =
            f.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256))
                .getEncoded();
        byte[] clientKey = hmac(salted, "Client Key");
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        String withoutProof = "c=biws,r=" + nonce;
        String authMessage = clientFirstBare + "," + message + "," + withoutProof;
        byte[] signature = hmac(storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
          proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        serverSignature = hmac(hmac(salted, "Server Key"), authMessage);
        return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof))
            .getBytes(StandardCharsets.UTF_8);
      }
      byte[] v = Base64.getDecoder().decode(attrs.getOrDefault('v', ""));
      if (!MessageDigest.isEqual(v, serverSignature)) {
        throw new SmackException.SmackSaslException("server signature mismatch");
      }
      return null;
    } catch (java.security.GeneralSecurityException e) {
      throw new SmackException.SmackSaslException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data)
      throws java.security.GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<Character, String> parse(String message) {
    Map<Character, String> out = new HashMap<>();
    for (String part : message.split(",")) {
      if (part.length() >= 2 && part.charAt(1) == '=') {
        out.put(part.charAt(0), part.substring(2));
      }
    }
    return out;
  }

  @Override
  protected void checkIfSuccessfulOrThrow() throws SmackException.SmackSaslException {
    if (step < 2) {
      throw new SmackException.SmackSaslException("SCRAM exchange incomplete");
    }
  }

  @Override
  protected SASLMechanism newInstance() {
    return new ScramSha256Mechanism();
  }
}
