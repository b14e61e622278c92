package io.switchboard.processor.pep;

import io.switchboard.xmpp.Jid;

/**
 * One node of an account's personal eventing service.
 *
 * @param owner the account (bare JID)
 * @param name the NodeID
 * @param config its configuration
 */
record PepNode(Jid owner, String name, NodeConfig config) {}
