package io.switchboard.core.pipeline;

/** What an envelope carries, which also says which hand-over it is on. Codes are wire values. */
public enum EnvelopeKind {
  /** A stanza as a client sent it, access to parser. */
  INBOUND(1),
  /** A validated stanza with a trusted {@code from}, parser to processor. */
  STANZA(2),
  /** A stanza the processor wants delivered to {@link Route#to()}, processor to router. */
  ROUTE(3),
  /** A stanza for one session on one access node ({@link Route#nodeId()}), any stage to access. */
  DELIVERY(4),
  /**
   * A server-internal instruction ({@link ServerCommand}), never a client's stanza: the admin API
   * asking the processor to remove an account, the processor asking an access node to close a
   * session or telling it that a removal is done. Only server code creates these; clients' input
   * only ever enters as {@link #INBOUND}, which the parser turns into {@link #STANZA}, so a client
   * cannot forge one.
   */
  COMMAND(5);

  private final int code;

  EnvelopeKind(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static EnvelopeKind fromCode(int code) {
    for (EnvelopeKind kind : values()) {
      if (kind.code == code) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown envelope kind " + code);
  }
}
