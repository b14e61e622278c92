package io.switchboard.processor.time;

import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Replies;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.processor.iq.IqHandler;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * XEP-0202 Entity Time of the server: UTC (XEP-0082 DateTime, millisecond precision) and the offset
 * of the clock's zone, both from the injected {@link Clock}.
 */
@Singleton
public class EntityTimeHandler implements IqHandler {

  public static final String NS = "urn:xmpp:time";

  private final String domain;
  private final Clock clock;

  @Inject
  public EntityTimeHandler(SwitchboardConfig config, Clock clock) {
    this(config.domain(), clock);
  }

  EntityTimeHandler(String domain, Clock clock) {
    this.domain = domain;
    this.clock = clock;
  }

  @Override
  public String element() {
    return "time";
  }

  @Override
  public String namespace() {
    return NS;
  }

  @Override
  public Set<String> serverFeatures() {
    return Set.of(NS);
  }

  @Override
  public void handle(Stanza iq, Envelope in, StageOutput out) {
    if (iq.to() != null && iq.to().local() != null) {
      // An account's bare JID: only the user's clients know their time zone.
      Replies.error(in, iq.element(), StanzaError.SERVICE_UNAVAILABLE, null, domain, out);
      return;
    }
    if (!"get".equals(iq.type())) {
      Replies.error(in, iq.element(), StanzaError.BAD_REQUEST, "entity time is a get", domain, out);
      return;
    }
    Instant now = clock.instant();
    XmlElement time =
        XmlElement.builder("time", NS)
            .child(XmlElement.builder("tzo", NS).text(tzo(clock, now)).build())
            .child(XmlElement.builder("utc", NS).text(utc(now)).build())
            .build();
    Replies.reply(in, Replies.iqResult(iq, domain, time), out);
  }

  /** The zone offset at {@code now} as XEP-0082 writes it: {@code +hh:mm} or {@code -hh:mm}. */
  static String tzo(Clock clock, Instant now) {
    ZoneOffset offset = clock.getZone().getRules().getOffset(now);
    int seconds = offset.getTotalSeconds();
    int minutes = Math.abs(seconds) / 60;
    return String.format("%s%02d:%02d", seconds < 0 ? "-" : "+", minutes / 60, minutes % 60);
  }

  /** UTC as {@code yyyy-MM-ddTHH:mm:ss.SSSZ}. */
  static String utc(Instant now) {
    return DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
        .withZone(ZoneOffset.UTC)
        .format(now.truncatedTo(ChronoUnit.MILLIS));
  }
}
