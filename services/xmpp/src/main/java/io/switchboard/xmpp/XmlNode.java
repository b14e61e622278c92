package io.switchboard.xmpp;

/** A node of the immutable XML tree: an element or a run of character data. */
public sealed interface XmlNode permits XmlElement, XmlText {}
