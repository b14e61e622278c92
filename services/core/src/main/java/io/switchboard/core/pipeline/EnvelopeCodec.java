package io.switchboard.core.pipeline;

import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StreamErrorException;
import io.switchboard.xmpp.XmlParser;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary wire form of an {@link Envelope}, used where envelopes leave the JVM (NATS). The layout is
 * documented in docs/envelope.md: a version byte first, so that readers can refuse or adapt to
 * envelopes written by a newer release.
 */
public final class EnvelopeCodec {

  private EnvelopeCodec() {}

  /** Thrown for bytes that are not an envelope this release can read. */
  public static final class MalformedEnvelopeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedEnvelopeException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public static byte[] encode(Envelope e) {
    String xml = e.payload().toXml();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(xml.length() + 128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(Envelope.VERSION);
      out.writeUTF(e.id());
      out.writeByte(e.kind().code());
      SessionRef s = e.session();
      out.writeBoolean(s != null);
      if (s != null) {
        out.writeUTF(s.nodeId());
        out.writeUTF(s.streamId());
        writeNullable(out, s.jid() == null ? null : s.jid().toString());
      }
      Route r = e.route();
      out.writeBoolean(r != null);
      if (r != null) {
        out.writeUTF(r.to().toString());
        writeNullable(out, r.nodeId());
      }
      out.writeLong(e.createdMicros());
      out.writeShort(e.trace().size());
      for (Envelope.Stamp stamp : e.trace()) {
        out.writeUTF(stamp.stage());
        out.writeLong(stamp.micros());
      }
      byte[] payload = xml.getBytes(StandardCharsets.UTF_8);
      out.writeInt(payload.length);
      out.write(payload);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return bytes.toByteArray();
  }

  public static Envelope decode(byte[] data) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
      int version = in.readUnsignedByte();
      if (version != Envelope.VERSION) {
        throw new MalformedEnvelopeException("unsupported envelope version " + version, null);
      }
      String id = in.readUTF();
      EnvelopeKind kind = EnvelopeKind.fromCode(in.readUnsignedByte());
      SessionRef session = null;
      if (in.readBoolean()) {
        String node = in.readUTF();
        String stream = in.readUTF();
        String jid = readNullable(in);
        session = new SessionRef(node, stream, jid == null ? null : Jid.of(jid));
      }
      Route route = null;
      if (in.readBoolean()) {
        Jid to = Jid.of(in.readUTF());
        route = new Route(to, readNullable(in));
      }
      long created = in.readLong();
      int stamps = in.readUnsignedShort();
      List<Envelope.Stamp> trace = new ArrayList<>(stamps + 1);
      for (int i = 0; i < stamps; i++) {
        trace.add(new Envelope.Stamp(in.readUTF(), in.readLong()));
      }
      int length = in.readInt();
      if (length < 0 || length > data.length) {
        throw new MalformedEnvelopeException("bad payload length " + length, null);
      }
      byte[] payload = new byte[length];
      in.readFully(payload);
      return new Envelope(id, kind, session, route, XmlParser.parse(payload), created, trace);
    } catch (IOException | IllegalArgumentException | StreamErrorException ex) {
      throw new MalformedEnvelopeException("malformed envelope: " + ex.getMessage(), ex);
    }
  }

  private static void writeNullable(DataOutputStream out, String value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeUTF(value);
    }
  }

  private static String readNullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }
}
