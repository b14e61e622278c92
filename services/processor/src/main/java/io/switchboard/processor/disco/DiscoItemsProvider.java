package io.switchboard.processor.disco;

import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.XmlElement;
import java.util.List;

/** Items a feature contributes to the server's disco#items answer for one node (XEP-0030). */
public interface DiscoItemsProvider {

  /** The node answered, e.g. {@code http://jabber.org/protocol/commands}. */
  String node();

  /** The {@code <item/>} elements for a requester (may depend on their rights). */
  List<XmlElement> items(Jid requester);
}
