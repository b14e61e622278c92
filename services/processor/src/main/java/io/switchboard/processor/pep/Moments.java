package io.switchboard.processor.pep;

import io.switchboard.xmpp.XmlElement;

/**
 * "Moments": status posts to one's contacts, as a plain PEP node. A moment is an item of the node
 * {@value #NODE} whose payload is {@code <moment xmlns='urn:switchboard:moments:0'><body>text
 * </body>…</moment>}: it is published, notified to subscribed contacts that announce {@code
 * urn:switchboard:moments:0+notify}, retracted and retrieved like any PEP item. The node keeps the
 * last {@code switchboard.pep.moments-max-items} (50) moments unless configured otherwise.
 */
final class Moments {

  static final String NODE = "urn:switchboard:moments:0";
  static final String NS = NODE;

  private Moments() {}

  /** Why a payload is not a moment, or null when it is one. */
  static String invalid(XmlElement payload) {
    if (!payload.name().equals("moment") || !payload.namespace().equals(NS)) {
      return "items of " + NODE + " are <moment xmlns='" + NS + "'/>";
    }
    XmlElement body = payload.child("body", NS);
    if (body == null || body.text().isBlank()) {
      return "a moment needs a non-empty <body/>";
    }
    return null;
  }
}
