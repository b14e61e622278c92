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
  DELIVERY(4);

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
