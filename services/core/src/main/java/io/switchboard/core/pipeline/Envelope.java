package io.switchboard.core.pipeline;

import io.switchboard.xmpp.XmlElement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What travels between stages. Immutable; a stage derives new envelopes from the one it received
 * with {@link #derive}, which gives them ids that are a function of the input's id, so that a stage
 * that processes the same input twice (a redelivery after a crash) emits the same ids and the
 * transport's de-duplication drops the repeats. The wire form is {@link EnvelopeCodec}; see
 * docs/envelope.md.
 *
 * @param id unique id, also the de-duplication key
 * @param kind what this is and which hand-over it is on
 * @param session the client session it originated from, or null for internal traffic
 * @param route where it is going, or null before the processor decided
 * @param payload the stanza
 * @param createdMicros when the original input entered the platform, epoch microseconds
 * @param trace stage timestamps, oldest first
 */
public record Envelope(
    String id,
    EnvelopeKind kind,
    SessionRef session,
    Route route,
    XmlElement payload,
    long createdMicros,
    List<Stamp> trace) {

  /** Current wire version written by {@link EnvelopeCodec}. */
  public static final int VERSION = 1;

  /** One stage's timestamp: the stage that handled the envelope and when, epoch microseconds. */
  public record Stamp(String stage, long micros) {}

  public Envelope {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payload, "payload");
    trace = trace == null ? List.of() : Collections.unmodifiableList(trace);
  }

  /** A new envelope entering the platform. */
  public static Envelope inbound(
      String id, SessionRef session, XmlElement payload, long nowMicros, String stage) {
    return new Envelope(
        id,
        EnvelopeKind.INBOUND,
        session,
        null,
        payload,
        nowMicros,
        List.of(new Stamp(stage, nowMicros)));
  }

  /**
   * The {@code index}-th envelope a stage emits for this one. Its id is derived from this id, so
   * processing the same input again yields the same output ids.
   */
  public Envelope derive(
      int index,
      EnvelopeKind newKind,
      Route newRoute,
      XmlElement newPayload,
      String stage,
      long nowMicros) {
    List<Stamp> stamps = new ArrayList<>(trace.size() + 1);
    stamps.addAll(trace);
    stamps.add(new Stamp(stage, nowMicros));
    return new Envelope(
        id + "." + index, newKind, session, newRoute, newPayload, createdMicros, stamps);
  }
}
