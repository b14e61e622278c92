package io.switchboard.access.xmpp;

import io.switchboard.xmpp.XmlElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Client state indication (XEP-0352) for one session: while the client says it is inactive,
 * presence broadcasts are held back (only the latest per sender is kept) and sent when the client
 * becomes active or before anything that cannot wait (messages, iqs, subscription requests).
 */
final class ClientState {

  static final String NS = "urn:xmpp:csi:0";

  private boolean inactive;
  private final Map<String, XmlElement> held = new LinkedHashMap<>();

  boolean isInactive() {
    return inactive;
  }

  void inactive() {
    inactive = true;
  }

  /** The held stanzas, oldest first; the client is active from now on. */
  List<XmlElement> active() {
    inactive = false;
    List<XmlElement> out = new ArrayList<>(held.values());
    held.clear();
    return out;
  }

  /** Holds a stanza if it can wait; false if it must be sent now. */
  boolean hold(XmlElement stanza) {
    if (!"presence".equals(stanza.name())) {
      return false;
    }
    String type = stanza.attr("type");
    if (type != null && !"unavailable".equals(type)) {
      return false; // subscription requests and errors are not mere status
    }
    String from = String.valueOf(stanza.attr("from"));
    held.remove(from); // re-insert so the order follows the latest update
    held.put(from, stanza);
    return true;
  }
}
