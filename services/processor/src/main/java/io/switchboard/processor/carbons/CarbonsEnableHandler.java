package io.switchboard.processor.carbons;

import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.session.SessionTable;
import jakarta.inject.Singleton;
import java.time.Clock;

/** {@code <enable xmlns='urn:xmpp:carbons:2'/>}. */
@Singleton
public class CarbonsEnableHandler extends CarbonsHandler {
  public CarbonsEnableHandler(SessionTable sessions, Clock clock, SwitchboardConfig config) {
    super(sessions, clock, config.domain(), true);
  }
}
