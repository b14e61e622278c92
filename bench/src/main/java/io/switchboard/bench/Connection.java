package io.switchboard.bench;

import io.switchboard.xmpp.StreamErrorException;
import io.switchboard.xmpp.XmlElement;
import io.switchboard.xmpp.XmppStreamReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * One benchmark client: a plain TCP XMPP stream. It logs in with blocking I/O on a login thread,
 * step by step ({@link #connect}, {@link #authenticate}, {@link #bind}, ...), and either stays
 * blocking (the login and offline scenarios read what they wait for with {@link #next}) or turns
 * non-blocking and is driven by the {@link IoLoop} (reads) and a {@link MessageSender} (writes).
 * The stream reader is used by one thread at a time: the login thread, then the IO thread (the
 * hand-over happens before the IO thread starts).
 */
final class Connection implements XmppStreamReader.Listener {

  static final String STREAMS_NS = XmppStreamReader.STREAMS_NS;
  static final String SASL_NS = "urn:ietf:params:xml:ns:xmpp-sasl";
  static final String BIND_NS = "urn:ietf:params:xml:ns:xmpp-bind";
  static final String CLIENT_NS = "jabber:client";
  static final String ROSTER_NS = "jabber:iq:roster";
  static final String RESOURCE = "r";
  private static final int MAX_STANZA = 1 << 20;

  final int index;
  private final XmppStreamReader reader = new XmppStreamReader(MAX_STANZA, this);

  // login phase (login thread only)
  private final ArrayDeque<XmlElement> inbox = new ArrayDeque<>();
  private InputStream in;
  private byte[] loginBuffer;
  private String fullJid;
  private boolean ended;

  // live phase (IO thread only, except where noted)
  private boolean live;
  private Recorder recorder;
  private long rxNanos;
  private String closeReason;

  // write side, guarded by this
  private SocketChannel channel;
  private SelectionKey key;
  private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
  private boolean closed;

  Connection(int index) {
    this.index = index;
  }

  static String user(int i) {
    return "bench-" + i;
  }

  /**
   * The chat clients' login: connects, authenticates with SASL PLAIN, binds the resource {@value
   * #RESOURCE} and sends initial presence without waiting for its echo. Blocking, bounded by {@code
   * timeoutMs} per read.
   */
  void login(InetSocketAddress server, String domain, String password, int timeoutMs)
      throws IOException {
    connect(server, timeoutMs);
    authenticate(domain, password);
    bind(domain, RESOURCE);
    sendPresence();
  }

  /** Opens the TCP connection; blocking reads from now on wait {@code timeoutMs} at most. */
  void connect(InetSocketAddress server, int timeoutMs) throws IOException {
    SocketChannel ch = SocketChannel.open();
    synchronized (this) {
      channel = ch;
    }
    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
    ch.socket().connect(server, timeoutMs);
    ch.socket().setSoTimeout(timeoutMs);
    in = ch.socket().getInputStream();
    loginBuffer = new byte[8192];
  }

  /**
   * Opens the stream to {@code domain}, authenticates with SASL PLAIN and restarts the stream; on
   * return the server has offered resource binding.
   */
  void authenticate(String domain, String password) throws IOException {
    String user = user(index);
    String header =
        "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' to='"
            + domain
            + "' version='1.0'>";

    writeBlocking(header);
    XmlElement features = expect("features", STREAMS_NS);
    XmlElement mechanisms = features.child("mechanisms", SASL_NS);
    if (mechanisms == null || !mechanisms.toXml().contains(">PLAIN<")) {
      throw new IOException("the server does not offer SASL PLAIN (start it with --insecure)");
    }
    byte[] plain = ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
    writeBlocking(
        "<auth xmlns='"
            + SASL_NS
            + "' mechanism='PLAIN'>"
            + Base64.getEncoder().encodeToString(plain)
            + "</auth>");
    XmlElement outcome = next();
    if (!"success".equals(outcome.name())) {
      throw new IOException("SASL PLAIN for " + user + " failed: " + outcome.toXml());
    }
    // The server sends nothing after <success/> until our new header: nothing is dropped here.
    reader.reset();
    writeBlocking(header);
    features = expect("features", STREAMS_NS);
    if (features.child("bind", BIND_NS) == null) {
      throw new IOException("no resource binding offered: " + features.toXml());
    }
  }

  /** Binds {@code resource} (RFC 6120 §7) and checks the full JID the server assigned. */
  void bind(String domain, String resource) throws IOException {
    writeBlocking(
        "<iq type='set' id='bind-1'><bind xmlns='"
            + BIND_NS
            + "'><resource>"
            + resource
            + "</resource></bind></iq>");
    XmlElement iq = expect("iq", CLIENT_NS);
    XmlElement bind = iq.child("bind", BIND_NS);
    String jid = bind == null ? null : bind.childText("jid", BIND_NS);
    String wanted = user(index) + "@" + domain + "/" + resource;
    if (!"result".equals(iq.attr("type")) || !wanted.equals(jid)) {
      throw new IOException("binding " + wanted + " failed: " + iq.toXml());
    }
    fullJid = wanted;
  }

  /**
   * Gets the roster (RFC 6121 §2.2) and waits for the result; what else arrives meanwhile goes to
   * {@code others}.
   */
  void fetchRoster(Consumer<XmlElement> others) throws IOException {
    request(
        "<iq type='get' id='roster-1'><query xmlns='" + ROSTER_NS + "'/></iq>", "roster-1", others);
  }

  /** Sends an XEP-0199 ping to the server and waits for the answer, like {@link #fetchRoster}. */
  void ping(Consumer<XmlElement> others) throws IOException {
    request("<iq type='get' id='ping-1'><ping xmlns='urn:xmpp:ping'/></iq>", "ping-1", others);
  }

  private void request(String iq, String id, Consumer<XmlElement> others) throws IOException {
    writeBlocking(iq);
    while (true) {
      XmlElement e = next();
      if ("iq".equals(e.name()) && id.equals(e.attr("id"))) {
        if (!"result".equals(e.attr("type"))) {
          throw new IOException(id + " failed: " + e.toXml());
        }
        return;
      }
      others.accept(e);
    }
  }

  /** How long a blocking read may wait from now on. */
  void readTimeout(int ms) throws IOException {
    channel.socket().setSoTimeout(ms);
  }

  /** Sends initial presence. */
  void sendPresence() throws IOException {
    writeBlocking("<presence/>");
  }

  /**
   * Reads until the server sends this resource's own presence back (RFC 6121 §4.2.2: the initial
   * presence is broadcast to the user's own available resources, the sender included); what else
   * arrives meanwhile goes to {@code others}.
   */
  void awaitOwnPresence(Consumer<XmlElement> others) throws IOException {
    while (true) {
      XmlElement e = next();
      if ("presence".equals(e.name())
          && fullJid != null
          && fullJid.equals(e.attr("from"))
          && e.attr("type") == null) {
        return;
      }
      others.accept(e);
    }
  }

  /**
   * Ends the stream and waits (at most the read timeout) for the server to close its side, so that
   * neither side resets the connection, then closes the socket. Login phase (blocking) only.
   */
  void logout() {
    try {
      writeBlocking("</stream:stream>");
      while (!ended) {
        int n = in.read(loginBuffer);
        if (n < 0) {
          break;
        }
        reader.feed(loginBuffer, 0, n);
      }
    } catch (IOException | StreamErrorException e) {
      // closing anyway
    } finally {
      inbox.clear();
      close();
    }
  }

  private void writeBlocking(String xml) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(xml.getBytes(StandardCharsets.UTF_8));
    while (b.hasRemaining()) {
      channel.write(b);
    }
  }

  private XmlElement expect(String name, String namespace) throws IOException {
    XmlElement e = next();
    if (!name.equals(e.name()) || !namespace.equals(e.namespace())) {
      throw new IOException("expected <" + name + "/> but got " + e.toXml());
    }
    return e;
  }

  /**
   * The next element of the stream, reading as needed (login phase); stream errors become
   * exceptions.
   */
  XmlElement next() throws IOException {
    while (inbox.isEmpty()) {
      int n = in.read(loginBuffer);
      if (n < 0) {
        throw new EOFException("the server closed the connection during login");
      }
      try {
        reader.feed(loginBuffer, 0, n);
      } catch (StreamErrorException e) {
        throw new IOException("unparsable server stream: " + e.toXml(), e);
      }
    }
    XmlElement e = inbox.poll();
    if ("error".equals(e.name()) && STREAMS_NS.equals(e.namespace())) {
      throw new IOException("stream error from the server: " + e.toXml());
    }
    return e;
  }

  /** Ends the login phase: non-blocking from now on, read by the IO thread's selector. */
  void goLive(Selector selector, Recorder rec) throws IOException {
    in = null;
    loginBuffer = null;
    inbox.clear(); // e.g. presence the server sent right after login
    recorder = rec;
    live = true;
    synchronized (this) {
      channel.configureBlocking(false);
      key = channel.register(selector, SelectionKey.OP_READ, this);
    }
  }

  // ------------------------------------------------------------------ IO thread

  /** Reads all that is available. Returns false when the connection is gone. */
  boolean readAvailable(ByteBuffer buf) {
    while (true) {
      buf.clear();
      int n;
      try {
        n = channel.read(buf);
      } catch (IOException e) {
        closeReason = "read failed: " + e;
        return false;
      }
      if (n < 0) {
        if (closeReason == null) {
          closeReason = "the server closed the connection";
        }
        return false;
      }
      if (n == 0) {
        return true;
      }
      rxNanos = System.nanoTime();
      try {
        reader.feed(buf.array(), 0, n);
      } catch (StreamErrorException e) {
        closeReason = "unparsable server stream: " + e.toXml();
        return false;
      }
      if (n < buf.capacity()) {
        return true;
      }
    }
  }

  /** Why the connection ended, when it did. */
  String closeReason() {
    return closeReason;
  }

  @Override
  public void streamOpened(XmppStreamReader.StreamHeader header) {
    // nothing to do: the features that follow are what the login waits for
  }

  @Override
  public void element(XmlElement e) {
    if (!live) {
      inbox.add(e);
    } else if ("message".equals(e.name())) {
      recorder.message(index, e, rxNanos);
    } else if ("error".equals(e.name()) && STREAMS_NS.equals(e.namespace())) {
      closeReason = "stream error: " + e.toXml();
    } else {
      recorder.other(e);
    }
  }

  @Override
  public void streamClosed() {
    ended = true;
    if (closeReason == null) {
      closeReason = "the server closed the stream";
    }
  }

  // ------------------------------------------------------------------ writes (any thread)

  /**
   * Writes without blocking; what the socket does not take now is queued and written by the IO
   * thread when the socket is writable again. Returns false if the bytes had to be queued.
   */
  synchronized boolean send(ByteBuffer data) throws IOException {
    if (closed) {
      throw new IOException("connection closed");
    }
    if (pending.isEmpty()) {
      channel.write(data);
      if (!data.hasRemaining()) {
        return true;
      }
    }
    pending.add(data);
    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    key.selector().wakeup();
    return false;
  }

  /** IO thread: the socket is writable; writes what is queued. */
  synchronized void flush() throws IOException {
    while (!pending.isEmpty()) {
      ByteBuffer b = pending.peek();
      channel.write(b);
      if (b.hasRemaining()) {
        return;
      }
      pending.poll();
    }
    if (key.isValid()) {
      key.interestOps(SelectionKey.OP_READ);
    }
  }

  /** Bytes queued and not yet written. */
  synchronized long pendingBytes() {
    long n = 0;
    for (ByteBuffer b : pending) {
      n += b.remaining();
    }
    return n;
  }

  /** Sends the closing stream tag (best effort, without blocking). */
  synchronized void endStream() {
    if (closed || channel == null || !channel.isOpen() || !pending.isEmpty()) {
      return;
    }
    try {
      channel.write(ByteBuffer.wrap("</stream:stream>".getBytes(StandardCharsets.US_ASCII)));
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** Closes the socket. */
  synchronized void close() {
    closed = true;
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  /** Marks the connection as failed for writes (the IO thread saw it end). */
  synchronized void markClosed() {
    closed = true;
  }
}
