package io.switchboard.processor.caps;

import io.switchboard.xmpp.XmlElement;

/**
 * The XEP-0115 {@code <c xmlns='http://jabber.org/protocol/caps' hash node ver/>} of a presence:
 * which disco#info answer ({@code ver}, a hash computed with {@code hash}) the sending client
 * gives. Only hashed capabilities are read; the legacy form without {@code hash} names no
 * verifiable answer.
 *
 * @param hash the hash function's IANA name, e.g. {@code sha-1}
 * @param node the client's node, e.g. {@code https://igniterealtime.org/projects/smack}
 * @param ver the verification string
 */
public record ClientCaps(String hash, String node, String ver) {

  public static final String NS = "http://jabber.org/protocol/caps";

  /** The capabilities a presence carries, or null when it has none (or only legacy ones). */
  public static ClientCaps of(XmlElement presence) {
    if (presence == null) {
      return null;
    }
    XmlElement c = presence.child("c", NS);
    if (c == null) {
      return null;
    }
    String hash = c.attr("hash");
    String node = c.attr("node");
    String ver = c.attr("ver");
    if (hash == null || hash.isEmpty() || ver == null || ver.isEmpty() || node == null) {
      return null;
    }
    return new ClientCaps(hash, node, ver);
  }

  /** The key of the answer in the cache: hash function and verification string. */
  public String key() {
    return hash + " " + ver;
  }

  /** The disco#info node that names the answer (XEP-0115 §6.2). */
  public String discoNode() {
    return node + "#" + ver;
  }
}
