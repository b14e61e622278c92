package io.switchboard.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Paced message sending ({@link Pacer.Action}): message {@code seq} goes as {@code <message
 * type='chat'><body>SEQ NANOTIME</body></message>} from the sender and to the address {@link
 * Traffic} names. Writes never block; what a socket does not take is queued for the {@link IoLoop}.
 */
final class MessageSender implements Pacer.Action {

  private final Connection[] senders;
  private final Traffic traffic;
  private final StringBuilder sb = new StringBuilder(192);
  private long queuedWrites;
  private long sendFailures;
  private String firstFailure;

  MessageSender(Connection[] senders, Traffic traffic) {
    this.senders = senders;
    this.traffic = traffic;
  }

  @Override
  public void perform(long seq, long nanos) {
    Connection from = senders[traffic.sender(seq)];
    sb.setLength(0);
    sb.append("<message to='")
        .append(traffic.to(seq))
        .append("' type='chat' id='m")
        .append(seq)
        .append("'><body>")
        .append(seq)
        .append(' ')
        .append(nanos)
        .append("</body></message>");
    ByteBuffer bytes = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
    try {
      if (!from.send(bytes)) {
        queuedWrites++;
      }
    } catch (IOException e) {
      sendFailures++;
      if (firstFailure == null) {
        firstFailure = Connection.user(from.index) + ": " + e;
      }
    }
  }

  /** Messages the socket did not take at once (queued for the IO thread). */
  long queuedWrites() {
    return queuedWrites;
  }

  long sendFailures() {
    return sendFailures;
  }

  String firstFailure() {
    return firstFailure;
  }
}
