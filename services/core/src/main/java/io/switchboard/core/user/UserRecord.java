package io.switchboard.core.user;

import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.sasl.ScramAlgorithm;
import io.switchboard.xmpp.sasl.ScramCredential;
import java.time.Instant;
import java.util.Map;

/** An account: its bare JID and its SCRAM credentials, one per hash algorithm. Never a password. */
public record UserRecord(
    Jid jid, Map<ScramAlgorithm, ScramCredential> credentials, Instant created) {

  public ScramCredential credential(ScramAlgorithm algorithm) {
    return credentials.get(algorithm);
  }
}
