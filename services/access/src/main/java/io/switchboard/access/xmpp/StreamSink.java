package io.switchboard.access.xmpp;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The transport under one {@link XmppSession}: a TCP socket (RFC 6120 framing) or a WebSocket (RFC
 * 7395 framing). The session's state is confined to the thread {@link #execute} runs on.
 */
interface StreamSink {

  /** Writes serialized XML and flushes. Safe from any thread. */
  void write(CharSequence xml);

  /** Writes, then closes once written. */
  void writeAndClose(CharSequence xml);

  /**
   * Writes the server's closing of a stream the client closed, then lets the client close the
   * connection in turn (RFC 6120 §4.4): the connection closes when the client closes it (or ends
   * TLS), or after {@code switchboard.xmpp.close-timeout}, whichever comes first. Nothing more is
   * read.
   */
  void writeAndAwaitClose(CharSequence xml);

  /** Closes now, dropping output not yet written. */
  void close();

  /** Runs a task on the session's thread. */
  void execute(Runnable task);

  ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit);

  /** Pauses or resumes reading from the client (while blocking work is under way). */
  void setReading(boolean on);

  /** The opening of a stream in this transport's framing. */
  String streamHeader(String streamId, String domain);

  /** The closing of a stream in this transport's framing. */
  String streamClose();

  /**
   * A {@code stream:}-prefixed element (features, errors), made self-contained where the framing
   * needs it: RFC 7395 frames declare the prefix on the element itself.
   */
  String standalone(CharSequence streamElement);

  /** Whether STARTTLS can be offered on this transport now. */
  boolean canStartTls();

  /** Switches to TLS after {@code <proceed/>} was written. */
  void startTls(String proceedXml);

  /** Whether the transport is encrypted (TLS on the socket, or terminated before a WebSocket). */
  boolean isEncrypted();

  /** A stream restart (RFC 6120 §4.3.3): the next thing read is a new stream header. */
  void restart();

  /** Bytes written but not yet taken by the client. */
  long pendingOutputBytes();

  /** Remote address, for logs and rate limits. */
  String remoteAddress();

  /** From now on, what this transport reads goes to {@code session} (stream resumption). */
  void adopt(XmppSession session);
}
