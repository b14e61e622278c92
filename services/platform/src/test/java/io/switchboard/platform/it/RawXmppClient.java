package io.switchboard.platform.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * A deliberately primitive XMPP client over a plain socket, to send what real clients never would.
 */
final class RawXmppClient implements AutoCloseable {

  static final String HEADER =
      "<?xml version='1.0'?><stream:stream to='localhost' xmlns='jabber:client'"
          + " xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private boolean closedByServer;

  RawXmppClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(200);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  void send(String xml) throws IOException {
    out.write(xml.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Reads until the text contains {@code marker}, the server closes, or the time is up. */
  String readUntil(String marker, Duration max) throws IOException {
    Instant deadline = Instant.now().plus(max);
    byte[] buf = new byte[8192];
    while (Instant.now().isBefore(deadline) && !closedByServer) {
      if (text().contains(marker)) {
        break;
      }
      try {
        int n = in.read(buf);
        if (n < 0) {
          closedByServer = true;
        } else {
          received.write(buf, 0, n);
        }
      } catch (SocketTimeoutException again) {
        // keep polling until the deadline
      } catch (IOException reset) {
        closedByServer = true;
      }
    }
    return text();
  }

  /** Waits for the server to close the connection; true if it did within the time. */
  boolean awaitClose(Duration max) throws IOException {
    readUntil("\u0000never", max);
    return closedByServer;
  }

  String text() {
    return received.toString(StandardCharsets.UTF_8);
  }

  /** Opens a stream, authenticates with PLAIN (allowed without TLS in this test) and binds. */
  void login(String user, String password, String resource) throws IOException {
    send(HEADER);
    readUntil("</stream:features>", Duration.ofSeconds(5));
    String creds = "\0" + user + "\0" + password;
    send(
        "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
            + Base64.getEncoder().encodeToString(creds.getBytes(StandardCharsets.UTF_8))
            + "</auth>");
    expect("<success", "authentication");
    send(HEADER);
    expect("urn:ietf:params:xml:ns:xmpp-bind", "bind feature");
    send(
        "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>"
            + resource
            + "</resource></bind></iq>");
    expect("</jid>", "bind result");
  }

  private void expect(String marker, String what) throws IOException {
    String seen = readUntil(marker, Duration.ofSeconds(5));
    if (!seen.contains(marker)) {
      throw new IOException("no " + what + "; got: " + seen);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
