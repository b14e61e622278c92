package io.switchboard.core.archive;

import io.switchboard.xmpp.XmlElement;

/**
 * One archived message as a query returns it.
 *
 * @param id archive id (the RSM item id and the stanza-id given to the recipient)
 * @param micros when the message entered the platform, epoch microseconds
 * @param stanza the message as archived
 */
public record ArchivedMessage(String id, long micros, XmlElement stanza) {}
