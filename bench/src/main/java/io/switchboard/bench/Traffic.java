package io.switchboard.bench;

/**
 * Who sends message {@code seq} of a run, to which address, and which client should receive it.
 * Clients are numbered as {@link Connection#index} (account {@code bench-INDEX}).
 */
interface Traffic {

  /** The sending client: an index into the array of senders. */
  int sender(long seq);

  /** The {@link Connection#index} of the client that should receive the message. */
  int recipient(long seq);

  /** The {@code to} address of the message. */
  String to(long seq);

  /**
   * 1:1 chat among {@code n} online clients: message {@code seq} goes from client {@code i = seq
   * mod n} to client {@code (i + n/2) mod n}, at its resource {@value Connection#RESOURCE}.
   */
  record Chat(int n, String domain) implements Traffic {
    @Override
    public int sender(long seq) {
      return (int) (seq % n);
    }

    @Override
    public int recipient(long seq) {
      return (sender(seq) + n / 2) % n;
    }

    @Override
    public String to(long seq) {
      return Connection.user(recipient(seq)) + "@" + domain + "/" + Connection.RESOURCE;
    }
  }

  /**
   * Messages to offline accounts: {@code senders} online clients (accounts {@code 0..senders-1})
   * write to the bare JIDs of {@code recipients} accounts numbered from {@code senders}. Message
   * {@code seq} goes to recipient {@code seq mod recipients}, so the first {@code recipients * k}
   * messages give every recipient exactly {@code k}.
   */
  record Offline(int senders, int recipients, String domain) implements Traffic {
    @Override
    public int sender(long seq) {
      return (int) (seq % senders);
    }

    @Override
    public int recipient(long seq) {
      return senders + (int) (seq % recipients);
    }

    @Override
    public String to(long seq) {
      return Connection.user(recipient(seq)) + "@" + domain;
    }
  }
}
