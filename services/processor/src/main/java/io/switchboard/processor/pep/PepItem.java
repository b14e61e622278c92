package io.switchboard.processor.pep;

import io.switchboard.xmpp.XmlElement;
import java.time.Instant;

/**
 * One published item of a PEP node.
 *
 * @param id the item id, given by the publisher or generated
 * @param payload the one payload element
 * @param publisher the full JID that published it
 * @param published when it was (last) published
 */
record PepItem(String id, XmlElement payload, String publisher, Instant published) {}
