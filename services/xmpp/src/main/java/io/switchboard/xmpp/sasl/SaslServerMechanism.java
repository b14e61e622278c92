package io.switchboard.xmpp.sasl;

/**
 * The server side of one SASL exchange (RFC 4422) for one authentication attempt. Instances are
 * single-use and not thread-safe. Once {@link #evaluate} has thrown, the exchange is over: further
 * calls fail too.
 */
public interface SaslServerMechanism {
  /** The mechanism name as advertised, e.g. {@code "SCRAM-SHA-1"}. */
  String name();

  /**
   * Processes the client's next message (already base64-decoded by the caller).
   *
   * @param response the client data; {@code null} when the client's {@code <auth/>} carried no
   *     initial response (the mechanism then returns an empty challenge)
   * @return the next challenge, or once {@link #isComplete()} the additional data to send with
   *     {@code <success/>} ({@code null} when there is none)
   * @throws SaslFailure when authentication fails; the condition goes into {@code <failure/>}
   */
  byte[] evaluate(byte[] response) throws SaslFailure;

  /** True once the client is authenticated. */
  boolean isComplete();

  /** The authentication identity (username as given by the client); null until complete. */
  String authenticatedUser();
}
