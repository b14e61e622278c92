package io.switchboard.access.xmpp;

import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.SessionRef;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.JidFormatException;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.StreamError;
import io.switchboard.xmpp.StreamErrorException;
import io.switchboard.xmpp.XmlElement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The traffic of a stream once a resource is bound: stanzas from the client go to the parser stage,
 * stanzas the pipeline delivers are written back, counted for XEP-0198 stream management and held
 * back while the client is inactive (XEP-0352). When the session ends it is announced unavailable,
 * leaves the session table, and its unacknowledged messages go to offline storage. The {@link
 * XmppSession} it belongs to owns the stream (and its transport, which changes on resumption). Used
 * on the session's thread only.
 */
final class BoundSession {

  private static final Logger LOG = LoggerFactory.getLogger(BoundSession.class);

  private final AccessContext ctx;
  private final XmppSession stream;
  private final Jid jid;
  private final SessionRef ref;
  private final ClientState csi = new ClientState();
  private boolean available;
  private StreamManagement sm;
  private boolean smResumable;

  BoundSession(AccessContext ctx, XmppSession stream, Jid jid) {
    this.ctx = ctx;
    this.stream = stream;
    this.jid = jid;
    this.ref = new SessionRef(ctx.nodeId(), stream.streamId(), jid);
  }

  /** The bound full JID. */
  Jid jid() {
    return jid;
  }

  /** Whether the session may outlive its transport: stream management with resumption is on. */
  boolean resumable() {
    return sm != null && smResumable;
  }

  /** The stream management id, or null while stream management is off. */
  String smId() {
    return sm == null ? null : sm.id();
  }

  /** The session ends for good when its transport goes (a closed stream or a stream error). */
  void noResumption() {
    smResumable = false;
  }

  // ---------------------------------------------------------------- from the client

  void element(XmlElement e) throws StreamErrorException {
    if (StreamManagement.NS.equals(e.namespace())) {
      streamManagement(e);
    } else if (ClientState.NS.equals(e.namespace())) {
      clientState(e);
    } else {
      stanza(e);
    }
  }

  private void streamManagement(XmlElement e) {
    StreamSink sink = stream.sink();
    switch (e.name()) {
      case "enable":
        if (sm != null) {
          sink.write(smFailed("unexpected-request", "already enabled"));
          return;
        }
        sm = new StreamManagement(XmppSession.newId(), ctx.config().maxUnackedStanzas());
        smResumable = "true".equals(e.attr("resume")) || "1".equals(e.attr("resume"));
        StringBuilder enabled =
            new StringBuilder("<enabled xmlns='").append(StreamManagement.NS).append("' id='");
        enabled.append(sm.id()).append('\'');
        if (smResumable) {
          enabled
              .append(" resume='true' max='")
              .append(ctx.config().resumeTimeout().toSeconds())
              .append('\'');
        }
        sink.write(enabled.append("/>"));
        break;
      case "r":
        if (sm != null) {
          sink.write("<a xmlns='" + StreamManagement.NS + "' h='" + sm.handled() + "'/>");
        }
        break;
      case "a":
        if (sm != null) {
          try {
            if (!sm.acked(Long.parseLong(e.attr("h")))) {
              stream.streamError(
                  StreamError.UNDEFINED_CONDITION, "h acknowledges stanzas never sent");
            }
          } catch (NumberFormatException ex) {
            stream.streamError(StreamError.UNDEFINED_CONDITION, "bad h");
          }
        }
        break;
      default:
        sink.write(smFailed("feature-not-implemented", null));
    }
  }

  /** XEP-0352: an inactive client gets presence held back, latest per sender, until needed. */
  private void clientState(XmlElement e) throws StreamErrorException {
    if ("inactive".equals(e.name())) {
      csi.inactive();
    } else if ("active".equals(e.name())) {
      for (XmlElement held : csi.active()) {
        stream.writeStanza(held);
      }
    } else {
      throw new StreamErrorException(StreamError.UNSUPPORTED_STANZA_TYPE, e.name());
    }
  }

  private void stanza(XmlElement e) throws StreamErrorException {
    Stanza.Kind kind = Stanza.Kind.of(e);
    if (kind == null) {
      throw new StreamErrorException(
          StreamError.UNSUPPORTED_STANZA_TYPE, "unsupported element " + e.name());
    }
    if (sm != null) {
      sm.countReceived();
    }
    String from = e.attr("from");
    if (from != null && !from.equals(jid.toString()) && !fromMatches(from)) {
      throw new StreamErrorException(StreamError.INVALID_FROM, "'from' is not this session");
    }
    if (kind == Stanza.Kind.IQ
        && e.child("session", StreamNegotiation.SESSION_NS) != null
        && e.attr("to") == null) {
      stream.writeStanza(StreamNegotiation.iqResult(e.attr("id"), null));
      return;
    }
    if (kind == Stanza.Kind.PRESENCE && e.attr("to") == null) {
      String type = e.attr("type");
      if (type == null) {
        available = true;
      } else if ("unavailable".equals(type)) {
        available = false;
      }
    }
    ctx.metrics().stanzaIn(kind.element());
    Envelope envelope = Envelope.inbound(ctx.nextId(), ref, e, ctx.nowMicros(), "access");
    ctx.transport()
        .send(Destination.PARSER, envelope)
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                LOG.warn(
                    "stream {}: parser refused a stanza: {}", stream.streamId(), error.toString());
                stream
                    .sink()
                    .execute(
                        () -> stream.streamError(StreamError.RESOURCE_CONSTRAINT, "server busy"));
              }
            });
  }

  private boolean fromMatches(String from) {
    try {
      Jid f = Jid.of(from);
      return f.equals(jid) || f.equals(jid.bare());
    } catch (JidFormatException e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- to the client

  /**
   * Writes a stanza (or, while detached, only keeps it for resending), counting it for stream
   * management. Called by {@link XmppSession#writeStanza}, which drops output of a closed stream.
   */
  void write(XmlElement stanza) {
    if (csi.isInactive()) {
      if (csi.hold(stanza)) {
        return;
      }
      // Something urgent: what was held goes first, in order.
      for (XmlElement held : csi.active()) {
        stream.writeStanza(held);
      }
      csi.inactive();
    }
    if (sm != null && !sm.sent(stanza)) {
      stream.streamError(StreamError.RESOURCE_CONSTRAINT, "too many unacknowledged stanzas");
      return;
    }
    if (stream.isDetached()) {
      return;
    }
    StreamSink sink = stream.sink();
    sink.write(XmppSession.serialize(stanza));
    if (sm != null && sm.unackedCount() % 5 == 0) {
      sink.write("<r xmlns='" + StreamManagement.NS + "'/>");
    }
    stream.checkOutputBacklog();
  }

  /** XEP-0198 §5: a new transport took over; {@code h} is what the client says it received. */
  void resumed(long h) {
    StreamSink sink = stream.sink();
    sm.acked(h);
    sink.write(
        "<resumed xmlns='"
            + StreamManagement.NS
            + "' previd='"
            + sm.id()
            + "' h='"
            + sm.handled()
            + "'/>");
    for (XmlElement stanza : sm.pending()) {
      sink.write(XmppSession.serialize(stanza));
    }
    LOG.debug("session {} resumed; {} stanzas resent", jid, sm.unackedCount());
  }

  /**
   * The session is over: unavailable presence if it was available (RFC 6121 §4.5.3.1), out of the
   * local connections and the session table, unacknowledged messages to offline storage.
   */
  void ended() {
    if (available) {
      available = false;
      XmlElement unavailable =
          XmlElement.builder("presence", Stanzas.CLIENT_NS).attr("type", "unavailable").build();
      ctx.transport()
          .send(
              Destination.PARSER,
              Envelope.inbound(ctx.nextId(), ref, unavailable, ctx.nowMicros(), "access"));
    }
    ctx.connections().unbind(jid, stream);
    String streamId = ref.streamId();
    List<XmlElement> undelivered = sm == null ? List.of() : sm.pending();
    String id = smId();
    ctx.blocking()
        .execute(
            () -> {
              ctx.sessions().remove(jid, streamId);
              ctx.undelivered().store(jid, id, undelivered);
            });
  }

  /** A XEP-0198 {@code <failed/>} with a stanza error condition. */
  static String smFailed(String condition, String text) {
    StringBuilder f = new StringBuilder("<failed xmlns='").append(StreamManagement.NS).append("'>");
    f.append('<').append(condition).append(" xmlns='").append(Stanzas.STANZAS_NS).append("'/>");
    if (text != null) {
      f.append("<text xmlns='").append(Stanzas.STANZAS_NS).append("'>");
      XmlElement.escapeText(text, f);
      f.append("</text>");
    }
    return f.append("</failed>").toString();
  }
}
